/**
 * What the store holds in memory, measured on the heap after a full garbage collection:
 *  - bytes per short message in a timeline (the message, its copy in the store, the lookup index);
 *  - a long session: 200 conversations opened one after another, 1,000 messages loaded in each,
 *    then left: each is trimmed to its newest page (50), so memory is bounded by what is watched
 *    plus 50 messages per conversation ever opened, not by everything ever loaded.
 * Not a test: it asserts nothing.
 *
 *   pnpm --filter @parley/core bench
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { it } from 'vitest'
import { createChatClient, type ChatClient, type Message } from '../src'
import { nativeProtocol } from '../src/native'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const heap = async () => {
  await new Promise((resolve) => setTimeout(resolve, 0))
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

const message = (conversationId: string, i: number): Message => ({
  id: `${conversationId}-m${i}`,
  conversationId,
  senderId: i % 2 ? 'me' : 'you',
  kind: 'text',
  body: `Short message ${i}`,
  attachments: [],
  createdAt: 1_700_000_000_000 + i * 1_000,
  seq: i + 1,
  status: 'sent',
})

function offlineClient(trimUnwatchedAfterMs?: number): ChatClient {
  return createChatClient({
    url: 'ws://bench',
    protocol: nativeProtocol,
    environment: null,
    WebSocket: class {} as never,
    batchMs: 0,
    ...(trimUnwatchedAfterMs !== undefined && { trimUnwatchedAfterMs }),
  })
}

const applied = (c: ChatClient) =>
  new Promise<void>((resolve) => {
    const stop = c.subscribe(() => (stop(), resolve()))
  })

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

it('prints the bytes per message and the bound of a long session', async () => {
  const count = 100_000
  const before = await heap()
  const c = offlineClient()
  const loaded = applied(c)
  c.merge(Array.from({ length: count }, (_, i) => message('c1', i)))
  await loaded
  const perMessage = ((await heap()) - before) / count
  console.log(
    `one timeline of ${count.toLocaleString('en')} short messages: ` +
      `${Math.round(perMessage)} bytes each (${mib(perMessage * count)})`,
  )
  c.close()

  const conversations = 200
  const loadedEach = 1_000
  const start = await heap()
  const session = offlineClient(0)
  for (let n = 0; n < conversations; n++) {
    const id = `c${n}`
    const stop = session.watch(id)
    const done = applied(session)
    session.merge(Array.from({ length: loadedEach }, (_, i) => message(id, i)))
    await done
    stop() // the user moves on: trimmed after `trimUnwatchedAfterMs` (0 here, 10 min by default)
  }
  await new Promise((resolve) => setTimeout(resolve, 50))
  const held = (await heap()) - start
  const total = Object.values(session.getSnapshot().timelines).reduce((n, l) => n + l.length, 0)
  console.log(
    `${conversations} conversations opened, ${loadedEach.toLocaleString('en')} messages loaded in each ` +
      `(${mib(perMessage * conversations * loadedEach)} untrimmed): ${total.toLocaleString('en')} ` +
      `messages held after trimming, ${mib(held)} on the heap; the bound is what is watched plus ` +
      `50 × ${Math.round(perMessage)} B ≈ ${((50 * perMessage) / 1024).toFixed(1)} KiB per conversation left`,
  )
  session.close()
})
