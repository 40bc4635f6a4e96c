import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createChatClient, type ChatClientOptions, type Message } from '../src'
import { FakeSocket } from './fakes'
import { fakeSocketClient } from './helpers'

// Issue 10's engine scenarios that need exact control of every frame and timer: a FakeSocket the
// test drives by hand, fake timers, the native dialect (idempotent, resuming) unless said otherwise.

const settle = () => vi.advanceTimersByTimeAsync(20)

async function connected(overrides: Partial<ChatClientOptions> = {}) {
  const client = fakeSocketClient({ batchMs: 5, ...overrides })
  client.connect()
  await vi.advanceTimersByTimeAsync(0)
  const socket = FakeSocket.last()
  socket.open()
  socket.welcome()
  const frames = (type: string) =>
    socket.sent.map((f) => JSON.parse(f) as Record<string, unknown>).filter((f) => f.type === type)
  return { client, socket, frames }
}

/** Drop the line and bring up the next socket as soon as the client makes one. */
async function reconnected() {
  const count = FakeSocket.instances.length
  FakeSocket.last().serverClose(1012)
  for (let waited = 0; FakeSocket.instances.length === count && waited < 30_000; waited += 50)
    await vi.advanceTimersByTimeAsync(50)
  const next = FakeSocket.last()
  next.open()
  next.welcome()
  await settle()
  return next
}

const stored = (id: string, body: string, extra: Partial<Message> = {}) => ({
  id,
  conversationId: 'c1',
  senderId: 'u1',
  kind: 'text',
  body,
  attachments: [],
  createdAt: 1_000,
  ...extra,
})

/** The server sends these seqs of c1 as live messages (`m<seq>`, its body the seq). */
function receiveSeqs(socket: FakeSocket, seqs: number[]) {
  for (const seq of seqs)
    socket.receive(
      JSON.stringify({ type: 'message', message: stored(`m${seq}`, `${seq}`, { seq }) }),
    )
}

/** The `afterSeq` of the socket's join: where the client asked the replay to start. */
const resumedAfter = (socket: FakeSocket): unknown =>
  socket.sent.map((f) => JSON.parse(f) as Record<string, unknown>).find((f) => f.type === 'join')
    ?.afterSeq

beforeEach(() => {
  vi.useFakeTimers()
  FakeSocket.instances = []
})
afterEach(() => vi.useRealTimers())

describe('the ack timer', () => {
  it('never overwrites a send a replay confirmed meanwhile with its stale pending copy (item 5)', async () => {
    const { client, socket } = await connected({ ackTimeoutMs: 1_000 })
    const { clientId } = client.send('c1', 'hello')
    // The ack arrives as a replayed copy with the client id, just before the timer would fire.
    socket.receive(
      JSON.stringify({
        type: 'ack',
        clientId,
        message: stored('m1', 'hello', { clientId: clientId! }),
      }),
    )
    await vi.advanceTimersByTimeAsync(2_000)
    const timeline = client.getSnapshot().timelines.c1 ?? []
    expect(timeline).toHaveLength(1)
    expect(timeline[0]).toMatchObject({ id: 'm1', status: 'sent' })
    client.close()
  })
})

describe('edits and deletes settle on the server (item 6)', () => {
  it('a refused edit rejects with a typed error naming the refusal', async () => {
    const { client, socket, frames } = await connected()
    socket.receive(JSON.stringify({ type: 'message', message: stored('m1', 'old') }))
    await settle()
    const editing = client.edit('c1', 'm1', 'new')
    const rejected = expect(editing).rejects.toMatchObject({ code: 'mutation-failed' })
    await vi.advanceTimersByTimeAsync(0)
    const { requestId } = frames('edit')[0]!
    expect(typeof requestId).toBe('string')
    socket.receive(JSON.stringify({ type: 'error', code: 'not-allowed', message: 'no', requestId }))
    await settle()
    await rejected
    expect(client.getSnapshot().timelines.c1?.[0]?.body).toBe('old')
    client.close()
  })

  it('an edit resolves only when the new version arrives, and rejects if none ever does', async () => {
    const { client, socket } = await connected({ ackTimeoutMs: 1_000 })
    socket.receive(JSON.stringify({ type: 'message', message: stored('m1', 'old') }))
    await settle()
    let done = false
    const editing = client.edit('c1', 'm1', 'new').then(() => (done = true))
    await settle()
    expect(done).toBe(false) // the frame is written; the server has not answered
    socket.receive(
      JSON.stringify({ type: 'message', message: stored('m1', 'new', { editedAt: 2_000 }) }),
    )
    await settle()
    await editing
    expect(done).toBe(true)
    const silent = expect(client.remove('c1', 'm1')).rejects.toMatchObject({
      code: 'mutation-failed',
    })
    await vi.advanceTimersByTimeAsync(1_500)
    await silent
    client.close()
  })

  it('deleting a send still queued keeps it from ever leaving', async () => {
    const { client, socket, frames } = await connected()
    socket.serverClose(1012)
    const queued = client.send('c1', 'oops')
    await client.remove('c1', queued.id)
    expect(client.getSnapshot().timelines.c1 ?? []).toEqual([])
    await vi.advanceTimersByTimeAsync(5_000) // reconnects
    const next = FakeSocket.last()
    next.open()
    next.welcome()
    await settle()
    expect(frames('send')).toEqual([])
    expect(next.sent.some((f) => f.includes('oops'))).toBe(false)
    client.close()
  })

  it('deleting a send on the wire waits for its ack, then deletes the stored message', async () => {
    const { client, socket, frames } = await connected()
    const { clientId, id } = client.send('c1', 'sent then deleted')
    const removing = client.remove('c1', id)
    await settle()
    expect(frames('delete')).toEqual([])
    socket.receive(
      JSON.stringify({
        type: 'ack',
        clientId,
        message: stored('m9', 'sent then deleted', { clientId: clientId! }),
      }),
    )
    await settle()
    expect(frames('delete')[0]).toMatchObject({ messageId: 'm9' })
    socket.receive(
      JSON.stringify({
        type: 'message',
        message: stored('m9', '', { deletedAt: 3_000 }),
      }),
    )
    await settle()
    await removing
    expect(client.getSnapshot().timelines.c1?.[0]).toMatchObject({ id: 'm9', body: '' })
    client.close()
  })
})

describe('resume positions (item 12)', () => {
  it('a huge seq for a conversation not joined does not poison where it later resumes', async () => {
    const { client, socket, frames } = await connected()
    socket.receive(JSON.stringify({ type: 'message', message: stored('x', 'stray', { seq: 1e9 }) }))
    await settle()
    client.watch('c1')
    socket.receive(JSON.stringify({ type: 'joined', conversationId: 'c1', seq: 4 }))
    socket.receive(JSON.stringify({ type: 'message', message: stored('m5', 'five', { seq: 5 }) }))
    await settle()
    const next = await reconnected()
    const joins = next.sent.map((f) => JSON.parse(f)).filter((f) => f.type === 'join')
    expect(joins).toEqual([{ type: 'join', conversationId: 'c1', afterSeq: 5 }])
    expect(frames('join')).toEqual([{ type: 'join', conversationId: 'c1' }])
    client.close()
  })

  it('a permanent gap (a hard delete) stops being asked for after a few replays', async () => {
    const { client, socket } = await connected()
    client.watch('c1')
    socket.receive(JSON.stringify({ type: 'joined', conversationId: 'c1', seq: 0 }))
    receiveSeqs(socket, [1, 3, 4])
    await settle()
    const resumedFrom: unknown[] = []
    for (let n = 0; n < 5; n++) {
      const next = await reconnected()
      resumedFrom.push(resumedAfter(next))
      // The server replays 3 and 4 again (2 was deleted), then says its latest is 4.
      receiveSeqs(next, [3, 4])
      next.receive(JSON.stringify({ type: 'joined', conversationId: 'c1', seq: 4 }))
      await settle()
      await vi.advanceTimersByTimeAsync(2_500) // the line stays up: the replay is over
    }
    expect(resumedFrom.slice(0, 3)).toEqual([1, 1, 1])
    expect(resumedFrom.at(-1)).toBe(4)
    client.close()
  })

  it('a gap a dropped replay left open is never skipped, however often the line drops early', async () => {
    const { client, socket } = await connected()
    client.watch('c1')
    socket.receive(JSON.stringify({ type: 'joined', conversationId: 'c1', seq: 0 }))
    receiveSeqs(socket, [1, 3])
    await settle()
    const resumedFrom: unknown[] = []
    for (let n = 0; n < 6; n++) {
      const next = await reconnected()
      resumedFrom.push(resumedAfter(next))
      // `joined` overtakes the replay of 2, and the line drops before 2 lands.
      next.receive(JSON.stringify({ type: 'joined', conversationId: 'c1', seq: 3 }))
      await settle()
    }
    expect(resumedFrom).toEqual([1, 1, 1, 1, 1, 1])
    client.close()
  })
})

describe('reads and watchers (item 13)', () => {
  it('markRead with an id not in the timeline leaves the unread count alone', async () => {
    const { client, socket } = await connected()
    client.watch('c1')
    for (const n of [1, 2]) {
      socket.receive(
        JSON.stringify({
          type: 'message',
          message: stored(`m${n}`, `${n}`, { senderId: 'u2', createdAt: n }),
        }),
      )
    }
    await settle()
    expect(client.getSnapshot().unread.c1).toBe(2)
    client.markRead('c1', 'not-here')
    expect(client.getSnapshot().unread.c1).toBe(2)
    client.markRead('c1', 'm1')
    expect(client.getSnapshot().unread.c1).toBe(1)
    client.close()
  })

  it("calling one unwatch twice does not drop another watcher's subscription", async () => {
    const { client } = await connected()
    const first = client.watch('c1')
    client.watch('c1')
    first()
    first()
    const next = await reconnected()
    expect(next.sent.some((f) => JSON.parse(f).type === 'join')).toBe(true)
    client.close()
  })
})

describe('scale (item 14)', () => {
  it('rejoins 1,000 watched conversations in paced batches, not one long loop', async () => {
    const { client, socket } = await connected()
    for (let n = 0; n < 1_000; n++) client.watch(`c${n}`)
    socket.serverClose(1012)
    await vi.advanceTimersByTimeAsync(5_000)
    const next = FakeSocket.last()
    next.open()
    next.welcome()
    const joins = () => next.sent.filter((f) => f.includes('"join"')).length
    expect(joins()).toBeLessThanOrEqual(50)
    await vi.advanceTimersByTimeAsync(0)
    expect(joins()).toBeLessThanOrEqual(100)
    await vi.advanceTimersByTimeAsync(100)
    expect(joins()).toBe(1_000)
    client.close()
  })

  it('merges a 50,000-message history into the client, in order, once each', async () => {
    const { client } = await connected()
    const history = Array.from({ length: 50_000 }, (_, n) =>
      stored(`m${n}`, `${n}`, { createdAt: n, seq: n + 1, senderId: 'u2' }),
    ) as Message[]
    client.merge(history.slice(25_000))
    client.merge(history.slice(0, 25_000))
    await settle()
    const timeline = client.getSnapshot().timelines.c1 ?? []
    expect(timeline).toHaveLength(50_000)
    expect(timeline.every((m, i) => m.id === `m${i}`)).toBe(true)
    client.close()
  })
})

describe('bad options', () => {
  it('a client without a protocol is a typed error naming the option, not a crash inside', () => {
    expect(() =>
      createChatClient({ url: 'ws://chat.test' } as unknown as ChatClientOptions),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid-options',
        message: expect.stringContaining('protocol'),
      }),
    )
  })
})
