import type { ChatClient, Message, ProtocolEvent } from '@parley/core'
import { describe, expect, it } from 'vitest'
import type { MockBackend } from '../src'
import { protocol, useMockServer, waitFor } from './helpers'

// The real ChatClient and native adapter from @parley/core against the mock, through MSW's
// interception of WebSocket and fetch: both ends of the native protocol agree.
const { startBackend, chat } = useMockServer()

const DM = 'dm-maya-sam'
const list = (client: ChatClient, conversationId = DM) =>
  client.getSnapshot().timelines[conversationId] ?? []
const bodies = (client: ChatClient, conversationId = DM) =>
  list(client, conversationId).map((m) => m.body)
const isOpen = (client: ChatClient) => client.getSnapshot().connection.status === 'open'
/** Wait until every named user has a session that joined the conversation. */
const joined = (backend: MockBackend, conversationId: string, ...userIds: string[]) =>
  waitFor(
    () =>
      userIds.every((userId) =>
        backend.controls
          .sessions()
          .some((s) => s.userId === userId && s.joined.includes(conversationId)),
      ),
    `${userIds.join(', ')} to join ${conversationId}`,
  )
const events = (client: ChatClient) => {
  const seen: ProtocolEvent[] = []
  client.onEvent((event) => seen.push(event))
  return seen
}

/** Maya and Sam, both signed in and watching their direct conversation. */
async function pair(backend: MockBackend, conversationId = DM) {
  const maya = chat(backend.model.issueToken('trainer-maya'))
  const sam = chat(backend.model.issueToken('client-sam'))
  maya.watch(conversationId)
  sam.watch(conversationId)
  await joined(backend, conversationId, 'trainer-maya', 'client-sam')
  return { maya, sam }
}

describe('sending', () => {
  it('acks the sender with the stored message and delivers it live to the other side', async () => {
    const backend = startBackend()
    const { maya, sam } = await pair(backend)

    const sent = sam.send(DM, 'On my way 🏃')
    expect(list(sam)).toEqual([
      expect.objectContaining({ status: 'sending', clientId: sent.clientId }),
    ])
    await waitFor(() => list(sam)[0]?.status === 'sent', 'the ack')
    await waitFor(() => bodies(maya).length === 1, 'the delivery')

    const stored = { id: `${DM}.8`, seq: 8, senderId: 'client-sam', body: 'On my way 🏃' }
    expect(list(sam)[0]).toMatchObject({ ...stored, clientId: sent.clientId })
    expect(list(maya)[0]).toMatchObject(stored)
    expect(list(maya)[0]?.clientId).toBeUndefined()
    expect(backend.model.latestSeq(DM)).toBe(8)
    expect(maya.getSnapshot().unread[DM]).toBe(1)
  })

  it('queues sends while the server is down and flushes them once, in order', async () => {
    const backend = startBackend()
    // Slow retries: each connection refused in an outage leaks an MSW listener (see the README).
    const backoff = { baseMs: 60, factor: 2, capMs: 120 }
    const sam = chat(backend.model.issueToken('client-sam'), { backoff })
    await waitFor(() => isOpen(sam), 'open')

    backend.controls.outage(300)
    await waitFor(() => !isOpen(sam), 'the drop')
    for (const n of [1, 2, 3]) sam.send(DM, `queued ${n}`)
    expect(list(sam).every((m) => m.status === 'sending')).toBe(true)

    await waitFor(() => list(sam).every((m) => m.status === 'sent'), 'every ack', 5_000)
    const stored = [8, 9, 10].map((seq) => backend.model.message(DM, seq)?.body)
    expect(stored).toEqual(['queued 1', 'queued 2', 'queued 3'])
    expect(backend.model.latestSeq(DM)).toBe(10)
  })

  it('gap-fills after disconnectAll: what was stored meanwhile arrives once, in server order', async () => {
    const backend = startBackend()
    const { maya, sam } = await pair(backend)
    sam.send(DM, 'before')
    await waitFor(() => bodies(maya).length === 1, 'the first delivery')

    backend.controls.disconnectAll()
    // Stored while nobody is connected, as another device or a REST call would.
    for (const n of [1, 2, 3])
      backend.model.send('client-sam', {
        conversationId: DM,
        clientId: `away-${n}`,
        body: `away ${n}`,
      })

    const expected = ['before', 'away 1', 'away 2', 'away 3']
    await waitFor(() => bodies(maya).length === 4 && bodies(sam).length === 4, 'the replay')
    expect(bodies(maya)).toEqual(expected)
    expect(bodies(sam)).toEqual(expected)
    expect(list(maya).map((m) => m.seq)).toEqual([8, 9, 10, 11])
    // Sam's own messages come back with their client ids, so a lost ack still matches up.
    expect(list(sam)[1]).toMatchObject({ clientId: 'away-1', status: 'sent' })
  })

  it('re-acks a re-sent client id without storing the message twice', async () => {
    const backend = startBackend()
    const sam = chat(backend.model.issueToken('client-sam'), { ackTimeoutMs: 150 })
    await waitFor(() => isOpen(sam), 'open')
    backend.controls.latency({ toClientMs: 300 }) // the ack comes too late: the client re-sends
    sam.send(DM, 'twice?')
    await waitFor(() => list(sam)[0]?.status === 'unconfirmed', 'the ack timeout')

    backend.controls.latency()
    await waitFor(() => list(sam)[0]?.status === 'sent', 'the re-sent ack')
    await new Promise((resolve) => setTimeout(resolve, 350)) // the late first ack lands too

    expect(list(sam)).toHaveLength(1)
    expect(backend.model.latestSeq(DM)).toBe(8)
  })
})

describe('typing, receipts, presence', () => {
  it('shows the other side typing, never oneself', async () => {
    const backend = startBackend()
    const { maya, sam } = await pair(backend)

    sam.setTyping(DM, true)
    await waitFor(() => maya.getSnapshot().typing[DM]?.includes('client-sam') === true, 'typing')
    expect(sam.getSnapshot().typing[DM] ?? []).toEqual([])

    sam.setTyping(DM, false)
    await waitFor(() => (maya.getSnapshot().typing[DM] ?? []).length === 0, 'typing stopped')
  })

  it('turns a read receipt into "read" on the sender side and remembers it', async () => {
    const backend = startBackend()
    const { maya, sam } = await pair(backend)
    maya.send(DM, 'Read me')
    await waitFor(() => bodies(sam).length === 1, 'the delivery')

    sam.markRead(DM, list(sam)[0]!.id)

    await waitFor(() => list(maya)[0]?.status === 'read', 'the receipt')
    expect(backend.model.summary(DM, 'client-sam').unreadCount).toBe(0)
    // History shows Maya her own message as read, too.
    const page = backend.model.history('trainer-maya', DM, { limit: 1 })
    expect(page.messages[0]).toMatchObject({ body: 'Read me', status: 'read' })
  })

  it('tells contacts who is online, and when they leave', async () => {
    const backend = startBackend()
    const maya = chat(backend.model.issueToken('trainer-maya'))
    await waitFor(() => isOpen(maya), 'open')
    const sam = chat(backend.model.issueToken('client-sam'))
    await waitFor(() => maya.getSnapshot().presence['client-sam'] === true, 'Sam online')
    // Who was already online is told on arrival.
    await waitFor(() => sam.getSnapshot().presence['trainer-maya'] === true, 'Maya online')

    sam.close()
    await waitFor(() => maya.getSnapshot().presence['client-sam'] === false, 'Sam offline')
  })
})

describe('edits and deletes', () => {
  it('both sides see an edit and then a delete, confirmed by the server', async () => {
    const backend = startBackend()
    const { maya, sam } = await pair(backend)
    sam.send(DM, 'frist draft')
    await waitFor(() => bodies(maya).length === 1 && list(sam)[0]?.status === 'sent', 'the send')
    const id = list(sam)[0]!.id

    await sam.edit(DM, id, 'first draft')
    await waitFor(
      () => bodies(maya)[0] === 'first draft' && bodies(sam)[0] === 'first draft',
      'edit',
    )
    expect(list(maya)[0]?.editedAt).toBeTypeOf('number')

    await sam.remove(DM, id)
    await waitFor(
      () => list(maya)[0]?.deletedAt !== undefined && list(sam)[0]?.deletedAt !== undefined,
      'delete',
    )
    expect(list(maya)[0]).toMatchObject({ body: '', attachments: [] })
    expect(backend.model.message(DM, 8)).toMatchObject({ body: '', deletedAt: expect.any(Number) })
  })

  it("refuses to edit someone else's message with an in-band error", async () => {
    const backend = startBackend()
    const sam = chat(backend.model.issueToken('client-sam'))
    const seen = events(sam)
    await waitFor(() => isOpen(sam), 'open')

    await expect(sam.edit(DM, `${DM}.7`, 'Maya never said this')).rejects.toMatchObject({
      code: 'mutation-failed',
      message: expect.stringContaining('not-allowed'),
    })
    expect(seen.find((e) => e.type === 'mutation-failed')).toBeTruthy()
    expect(backend.model.message(DM, 7)?.body).toBe('How did the practice go?')
  })
})

describe('rejected sends', () => {
  it.each([
    ['an unknown conversation', 'no-such-conversation', 'hello', 'unknown-conversation'],
    ['a conversation Sam is not in', 'salon-rosa-noor', 'hello', 'not-participant'],
    ['an empty message', DM, '  \n ', 'empty-message'],
    ['an oversize message', DM, 'x'.repeat(4_001), 'too-long'],
  ])('%s fails the send with a typed send-failed error', async (_, conversationId, text, code) => {
    const backend = startBackend()
    const sam = chat(backend.model.issueToken('client-sam'))
    await waitFor(() => isOpen(sam), 'open')

    sam.send(conversationId, text)

    await waitFor(() => list(sam, conversationId)[0]?.status === 'failed', 'the failure')
    const error = list(sam, conversationId)[0]?.error
    expect(error).toMatchObject({ name: 'ParleyError', code: 'send-failed' })
    expect(error?.message).toContain(code)
    expect(backend.model.latestSeq(DM)).toBe(7) // nothing was stored
  })
})

describe('history and the conversation list through the adapter', () => {
  it('pages back through the long conversation, and the pages merge into the timeline', async () => {
    const backend = startBackend()
    const token = backend.model.issueToken('trainer-maya')
    const maya = chat(token)

    const latest = await protocol.fetchHistory!(
      { conversationId: 'dm-maya-diego', limit: 50 },
      { token },
    )
    const older = await protocol.fetchHistory!(
      { conversationId: 'dm-maya-diego', before: latest.messages[0]!.id, limit: 50 },
      { token },
    )
    const first = await protocol.fetchHistory!(
      { conversationId: 'dm-maya-diego', before: 'dm-maya-diego.31', limit: 50 },
      { token },
    )

    expect(latest.messages.map((m) => m.seq)).toEqual(range(11_951, 12_000))
    expect(latest.hasMore).toBe(true)
    expect(older.messages.map((m) => m.seq)).toEqual(range(11_901, 11_950))
    expect(first).toMatchObject({ hasMore: false })
    expect(first.messages.map((m) => m.seq)).toEqual(range(1, 30))
    maya.merge([...latest.messages, ...older.messages])
    await waitFor(() => list(maya, 'dm-maya-diego').length === 100, 'the merge')
    const seqs = list(maya, 'dm-maya-diego').map((m: Message) => m.seq)
    expect(seqs).toEqual(range(11_901, 12_000))
  })

  it('lists conversations most recent first, searches them and pages with a cursor', async () => {
    const backend = startBackend({ conversationPageSize: 3 })
    const token = backend.model.issueToken('client-sam')

    const first = await protocol.fetchConversations!({}, { token })
    const second = await protocol.fetchConversations!({ cursor: first.nextCursor! }, { token })
    const ids = [...first.conversations, ...second.conversations].map((c) => c.id)
    expect(ids).toEqual(['dm-maya-sam', 'group-morning-run', 'group-nutrition', 'dm-jonas-sam'])
    expect(second.nextCursor).toBeUndefined()
    expect(first.conversations[0]).toMatchObject({
      kind: 'direct',
      unreadCount: 1,
      lastMessage: { body: 'How did the practice go?', senderId: 'trainer-maya' },
      participants: [
        { id: 'trainer-maya', name: 'Maya Okafor', role: 'trainer' },
        { id: 'client-sam', name: 'Sam Lee', role: 'client' },
      ],
    })
    expect(first.conversations[1]).toMatchObject({ title: 'Morning Run Crew', unreadCount: 2 })

    const byTitle = await protocol.fetchConversations!({ search: 'nutrition' }, { token })
    const byName = await protocol.fetchConversations!({ search: 'jonas' }, { token })
    const byText = await protocol.fetchConversations!({ search: 'SOUP' }, { token })
    expect(byTitle.conversations.map((c) => c.id)).toEqual(['group-nutrition'])
    expect(byName.conversations.map((c) => c.id)).toEqual(['dm-jonas-sam'])
    expect(byText.conversations.map((c) => c.id)).toEqual(['group-nutrition'])
  })

  it('rejects what a real server would with a typed http-error', async () => {
    const backend = startBackend()
    const token = backend.model.issueToken('client-sam')
    const fail = (request: Promise<unknown>) =>
      request.then(
        () => undefined,
        (error: unknown) => error,
      )

    const notMine = await fail(
      protocol.fetchHistory!({ conversationId: 'salon-rosa-noor', limit: 5 }, { token }),
    )
    const unknown = await fail(
      protocol.fetchHistory!({ conversationId: 'nope', limit: 5 }, { token }),
    )
    const signedOut = await fail(protocol.fetchConversations!({}, { token: 'tok-forged' }))

    expect(notMine).toMatchObject({ code: 'http-error', raw: { status: 403 } })
    expect(unknown).toMatchObject({ code: 'http-error', raw: { status: 404 } })
    expect(signedOut).toMatchObject({
      code: 'http-error',
      raw: { status: 401 },
      message: 'token unknown',
    })
  })
})

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}
