import { describe, expect, it } from 'vitest'
import type { ChatClient, ChatClientOptions } from '../src'
import { createSharedSocket } from '../src/cross-tab'
import { createPersistence, memoryStorage, type PersistOptions } from '../src/persist'
import { fakeLocks } from './fake-locks'
import {
  isOpen,
  pause,
  serveUnkind as serve,
  storedBodies as stored,
  unkindClient,
  waitFor,
} from './helpers'
import type { AckShape, UnkindServer } from './unkind-server'

// A send made offline survives a reload (a fresh client over the same storage) and reaches a real
// server once, in order, on backends that never dedupe: Salon's echo acks and Vibe's REST sends.

/** A tab: a client with its own persistence over the browser's shared records and locks. */
function tab(
  server: UnkindServer,
  ack: AckShape,
  persist: PersistOptions,
  ackTimeoutMs = 5_000,
  overrides: Partial<ChatClientOptions> = {},
) {
  const persistence = createPersistence({ writeDelayMs: 10, ...persist })
  const client = unkindClient(server, ack, 'alice', {
    // An app that persists knows who is signed in: sends written before the greeting carry it.
    userId: 'user-alice',
    ackTimeoutMs,
    persist: persistence,
    ...overrides,
  })
  client.watch('room')
  return { client, persistence }
}

const list = (c: ChatClient) => c.getSnapshot().timelines.room ?? []
const settled = (c: ChatClient) => list(c).every((m) => m.status === 'sent')
const outboxes = (records: Map<string, unknown>) =>
  [...records].filter(([key]) => key.startsWith('o:')).map(([, v]) => v as { sends: unknown[] })
const persistedSends = (records: Map<string, unknown>) =>
  outboxes(records).reduce((n, r) => n + r.sends.length, 0)

describe.each(['echo', 'rest'] as const)('persisted outbox on a %s-acked server', (ack) => {
  it('three sends written offline, the tab reloaded, online: each stored once, in order', async () => {
    const s = await serve(ack)
    const records = new Map<string, unknown>()
    const train = tab(s, ack, { storage: memoryStorage(records), locks: fakeLocks() })
    await train.persistence.ready
    for (const text of ['one', 'two', 'three']) train.client.send('room', text)
    await waitFor(() => persistedSends(records) === 3, 2_000, 'the outbox on disk')
    train.client.close() // the laptop lid

    const home = tab(s, ack, { storage: memoryStorage(records), locks: fakeLocks() })
    await home.persistence.ready
    // Shown from the cache before the socket opens (sends of one millisecond sort by id until stored).
    expect(
      list(home.client)
        .map((m) => `${m.body}: ${m.status}`)
        .sort(),
    ).toEqual(['one: sending', 'three: sending', 'two: sending'])
    home.client.connect()
    await waitFor(() => stored(s).length === 3 && settled(home.client), 10_000, 'delivered')
    await pause(300)
    expect(stored(s)).toEqual(['one', 'two', 'three'])
    expect(list(home.client).map((m) => m.body)).toEqual(['one', 'two', 'three'])
    expect(list(home.client).every((m) => m.clientId !== undefined)).toBe(true)
    await waitFor(() => persistedSends(records) === 0, 2_000, 'the outbox emptied on disk')
  })

  it('a page killed before its record said the send had left: history is asked, it is not re-sent', async () => {
    const s = await serve(ack)
    const records = new Map<string, unknown>()
    const first = tab(s, ack, { storage: memoryStorage(records), locks: fakeLocks() })
    await first.persistence.ready
    first.client.connect()
    await waitFor(() => first.client.getSnapshot().sync.room?.status === 'synced')
    s.faults.echoDelayMs = 60_000 // stored, never acknowledged before the page dies
    first.client.send('room', 'stored, record stale')
    await waitFor(() => stored(s).length === 1 && persistedSends(records) === 1, 3_000, 'stored')
    // The last write before the page died still said "queued" (it is one write behind the wire).
    for (const record of outboxes(records))
      for (const send of record.sends as { stage: string }[]) send.stage = 'queued'
    first.client.close()
    s.faults.echoDelayMs = 0
    if (ack === 'rest') s.faults.restFailsAfterStore = false

    const next = tab(s, ack, { storage: memoryStorage(records), locks: fakeLocks() })
    await next.persistence.ready
    next.client.connect()
    await waitFor(() => settled(next.client) && list(next.client).length === 1, 10_000, 'confirmed')
    await pause(300)
    expect(stored(s)).toEqual(['stored, record stale'])
  })

  it('a send that left before the reload comes back unconfirmed and is found in history, not re-sent', async () => {
    const s = await serve(ack)
    const records = new Map<string, unknown>()
    const first = tab(s, ack, { storage: memoryStorage(records), locks: fakeLocks() })
    await first.persistence.ready
    first.client.connect()
    await waitFor(() => first.client.getSnapshot().sync.room?.status === 'synced')
    s.faults.echoDelayMs = 60_000 // stored, never acknowledged before the tab goes
    // Over REST: stored, then a 500, and history cannot be read before the tab goes.
    if (ack === 'rest') Object.assign(s.faults, { restFailsAfterStore: true, historyFails: true })
    first.client.send('room', 'left already')
    await waitFor(() => stored(s).length === 1, 3_000, 'stored')
    await waitFor(
      () =>
        outboxes(records).some(
          (r) =>
            JSON.stringify(r).includes('"stage":"wire"') ||
            JSON.stringify(r).includes('"stage":"unconfirmed"'),
        ),
      2_000,
      'persisted as having left',
    )
    first.client.close()
    s.faults.echoDelayMs = 0
    Object.assign(s.faults, { restFailsAfterStore: false, historyFails: false })

    const second = tab(s, ack, { storage: memoryStorage(records), locks: fakeLocks() })
    await second.persistence.ready
    expect(list(second.client)[0]?.status).toBe('unconfirmed')
    second.client.connect()
    await waitFor(() => list(second.client)[0]?.status === 'sent', 5_000, 'reconciled')
    await pause(300)
    expect(stored(s)).toEqual(['left already'])
    expect(list(second.client)).toHaveLength(1)
  })
})

/** On an echo server, a tab that wrote `texts` offline, saw them written down, and was closed. */
async function closedTabWith(texts: string[]) {
  const s = await serve('echo')
  const records = new Map<string, unknown>()
  const locks = fakeLocks()
  const gone = tab(s, 'echo', { storage: memoryStorage(records), locks })
  await gone.persistence.ready
  for (const text of texts) gone.client.send('room', text)
  await waitFor(() => persistedSends(records) === texts.length, 2_000)
  gone.client.close()
  return { s, records, locks }
}

describe('two tabs over one profile (Web Locks)', () => {
  it('a closed tab’s offline sends are taken over by exactly one of two tabs opened together', async () => {
    const { s, records, locks } = await closedTabWith(['from the closed tab', 'and another'])

    const a = tab(s, 'echo', { storage: memoryStorage(records), locks })
    const b = tab(s, 'echo', { storage: memoryStorage(records), locks })
    a.client.connect()
    b.client.connect()
    await Promise.all([a.persistence.ready, b.persistence.ready])
    await waitFor(() => stored(s).length === 2, 10_000, 'delivered')
    await pause(500)
    expect(stored(s)).toEqual(['from the closed tab', 'and another'])
    const holders = [a, b].filter((t) => list(t.client).some((m) => m.clientId !== undefined))
    expect(holders).toHaveLength(1)
  })

  it('over one socket shared by the tabs (a cross-tab leader), a closed tab’s sends go out once', async () => {
    const { s, records, locks } = await closedTabWith(['first', 'second'])

    const key = `unkind:user-alice@${s.url}`
    const shared = () => ({
      WebSocket: createSharedSocket({ key, locks: null, heartbeatMs: 100, leaderTimeoutMs: 400 }),
    })
    const a = tab(s, 'echo', { storage: memoryStorage(records), locks }, 5_000, shared())
    const b = tab(s, 'echo', { storage: memoryStorage(records), locks }, 5_000, shared())
    a.client.connect()
    b.client.connect()
    await waitFor(() => stored(s).length === 2, 10_000, 'delivered')
    await pause(500)
    expect(stored(s)).toEqual(['first', 'second'])
    expect(s.handshakes).toBe(1) // one real socket: the leader's
    for (const t of [a, b]) {
      await waitFor(
        () => list(t.client).filter((m) => m.body === 'first' || m.body === 'second').length === 2,
        5_000,
        'both shown once in each tab',
      )
    }
  })

  it('a live tab keeps its own queued sends: a tab opened beside it does not send them', async () => {
    const s = await serve('echo')
    const records = new Map<string, unknown>()
    const locks = fakeLocks()
    const offline = tab(s, 'echo', { storage: memoryStorage(records), locks })
    await offline.persistence.ready
    offline.client.send('room', 'mine to send')
    await waitFor(() => persistedSends(records) === 1, 2_000)

    const beside = tab(s, 'echo', { storage: memoryStorage(records), locks })
    beside.client.connect()
    await beside.persistence.ready
    await waitFor(() => isOpen(beside.client))
    await pause(300)
    expect(stored(s)).toEqual([])

    offline.client.connect()
    await waitFor(() => stored(s).length === 1 && settled(offline.client), 5_000, 'sent by its tab')
    await pause(300)
    expect(stored(s)).toEqual(['mine to send'])
  })
})
