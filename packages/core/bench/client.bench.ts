/**
 * What the whole client costs, not just the timeline: history handed to `client.merge` and live
 * frames decoded from the socket, each applied by the client's batch (staging, dedup, unread,
 * receipts, the store update). Prints, for this machine:
 *  - 5,000 and 50,000 messages of history into the client, and the 5k→50k ratio (10 is linear);
 *  - one live message frame appended to a conversation of 1,000 / 10,000 / 100,000 messages;
 *  - 50 live messages and 50 receipts in one batch on a 100,000-message conversation whose
 *    history was read already (steady state).
 * Medians in ms. Not a test: it asserts nothing.
 *
 *   pnpm --filter @parley/core bench
 */
import { it } from 'vitest'
import { createChatClient, type ChatClient, type Message, type SocketLike } from '../src'
import { nativeProtocol } from '../src/native'

const BASE = 1_700_000_000_000

/** A socket the bench drives: open at once, frames pushed straight into the client. */
class BenchSocket implements SocketLike {
  static last: BenchSocket
  readyState = 1
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  constructor() {
    BenchSocket.last = this
    queueMicrotask(() => this.onopen?.({}))
  }
  send() {}
  close() {}
  frame(value: object) {
    this.onmessage?.({ data: JSON.stringify(value) })
  }
}

const message = (i: number, senderId = 'you'): Message => ({
  id: `m${i}`,
  conversationId: 'c1',
  senderId,
  kind: 'text',
  body: `Message number ${i}`,
  attachments: [],
  createdAt: BASE + i * 1_000,
  seq: i + 1,
  status: 'sent',
})

async function client(): Promise<{ client: ChatClient; socket: BenchSocket }> {
  const c = createChatClient({
    url: 'ws://bench',
    getToken: () => 't',
    protocol: nativeProtocol,
    WebSocket: BenchSocket,
    environment: null,
    batchMs: 0,
  })
  c.connect()
  await new Promise((resolve) => setTimeout(resolve, 0))
  BenchSocket.last.frame({ type: 'welcome', userId: 'me' })
  return { client: c, socket: BenchSocket.last }
}

/** Resolve once the client's next batch has been applied to its store. */
const applied = (c: ChatClient) =>
  new Promise<void>((resolve) => {
    const stop = c.subscribe(() => (stop(), resolve()))
  })

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!
const ms = (value: number) => `${value.toFixed(value < 1 ? 3 : 1)} ms`

async function historyLoad(count: number, runs: number) {
  const times: number[] = []
  for (let r = 0; r < runs; r++) {
    const { client: c } = await client()
    const page = Array.from({ length: count }, (_, i) => message(i))
    const start = performance.now()
    const done = applied(c)
    c.merge(page)
    await done
    times.push(performance.now() - start)
    c.close()
  }
  return median(times)
}

async function liveAppend(length: number, samples: number) {
  const { client: c, socket } = await client()
  c.watch('c1')
  const loaded = applied(c)
  c.merge(Array.from({ length }, (_, i) => message(i)))
  await loaded
  const times: number[] = []
  for (let n = 0; n < samples; n++) {
    const done = applied(c)
    const start = performance.now()
    socket.frame({ type: 'message', message: message(length + n) })
    await done
    times.push(performance.now() - start)
  }
  c.close()
  return median(times)
}

async function burstWithReceipts(length: number) {
  const { client: c, socket } = await client()
  const loaded = applied(c)
  c.merge(Array.from({ length }, (_, i) => message(i, i % 2 ? 'me' : 'you')))
  await loaded
  // Steady state: everything loaded was read already; only the burst's own messages are new.
  const read = applied(c)
  socket.frame({
    type: 'receipt',
    conversationId: 'c1',
    userId: 'you',
    messageId: `m${length - 1}`,
  })
  await read
  const done = applied(c)
  const start = performance.now()
  for (let n = 0; n < 50; n++) {
    socket.frame({ type: 'message', message: message(length + n, n % 2 ? 'me' : 'you') })
    socket.frame({
      type: 'receipt',
      conversationId: 'c1',
      userId: 'you',
      messageId: `m${length + n}`,
    })
  }
  await done
  const elapsed = performance.now() - start
  c.close()
  return elapsed
}

it('prints what the client costs by size', async () => {
  await historyLoad(5_000, 3) // warm up the JIT
  const small = await historyLoad(5_000, 7)
  const large = await historyLoad(50_000, 5)
  const appends = []
  for (const length of [1_000, 10_000, 100_000])
    appends.push([length, await liveAppend(length, 40)])
  const burst = await burstWithReceipts(100_000)
  console.log(
    [
      `history into the client: 5,000 → ${ms(small)}, 50,000 → ${ms(large)} (ratio ${(large / small).toFixed(1)}; 10 is linear)`,
      `one live message frame: ${appends.map(([n, t]) => `${n!.toLocaleString('en')} → ${ms(t!)}`).join(', ')}`,
      `50 messages + 50 receipts in one batch on 100,000: ${ms(burst)}`,
    ].join('\n'),
  )
})
