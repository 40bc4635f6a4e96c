import { describe, expect, it } from 'vitest'
import {
  ChatError,
  createChatModel,
  seedConversations,
  seededImages,
  seededUsers,
  type ChatEvent,
  type ChatModel,
} from '../src'

const T = Date.UTC(2025, 5, 1, 12, 0)
const seeded = (seed = 1) =>
  createChatModel({
    users: seededUsers,
    conversations: seedConversations({ seed, seedTime: T }),
    now: () => T,
  })
const recorder = (model: ChatModel) => {
  const events: ChatEvent[] = []
  model.onEvent((event) => events.push(event))
  return events
}
const refusal = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return error instanceof ChatError ? { code: error.code, status: error.status } : error
  }
  return undefined
}

describe('seed data', () => {
  it('has a dozen conversations, direct and group, across the four systems', () => {
    const model = seeded()
    const ids = model.conversationIds()
    expect(ids.length).toBeGreaterThanOrEqual(12)
    const kinds = ids.map((id) => model.summary(id, model.participantIds(id)[0]!).kind)
    expect(new Set(kinds)).toEqual(new Set(['direct', 'group']))
    expect(model.participantIds('salon-rosa-noor').map((id) => model.user(id)?.role)).toEqual([
      'staff',
      'customer',
    ])
    expect(model.summary('group-morning-run', 'client-sam').participants[0]).toMatchObject({
      id: 'trainer-maya',
      role: 'admin',
    })
  })

  it('has one conversation of 10,000+ messages that costs nothing until read', () => {
    const startedAt = performance.now()
    const model = seeded()
    expect(performance.now() - startedAt).toBeLessThan(200)

    expect(model.latestSeq('dm-maya-diego')).toBe(12_000)
    const message = model.message('dm-maya-diego', 5_000)
    expect(message).toMatchObject({ id: 'dm-maya-diego.5000', seq: 5_000, kind: 'text' })
    expect(['trainer-maya', 'client-diego']).toContain(message?.senderId)
    // Ordered in time, and the same from one instance to the next with the same seed.
    expect(message!.createdAt).toBeLessThan(model.message('dm-maya-diego', 5_001)!.createdAt)
    expect(seeded().message('dm-maya-diego', 5_000)).toEqual(message)
    const other = seeded(2)
    const bodies = (m: ChatModel) =>
      [1, 2, 3, 4, 5, 6].map((seq) => m.message('dm-maya-diego', seq)!.body).join()
    expect(bodies(other)).not.toBe(bodies(model))
  })

  it('has images of known sizes, a voice note, a file, long and right-to-left texts', () => {
    const model = seeded()
    const all = model
      .conversationIds()
      .filter((id) => id !== 'dm-maya-diego')
      .flatMap((id) =>
        Array.from({ length: model.latestSeq(id) }, (_, i) => model.message(id, i + 1)!),
      )
    const attachments = all.flatMap((m) => m.attachments)
    const images = attachments.filter((a) => a.kind === 'image')
    for (const image of images) {
      expect(image.url).toMatch(/^data:image\/svg\+xml/)
      const svg = decodeURIComponent(image.url.slice(image.url.indexOf(',') + 1))
      expect(svg).toContain(`width="${image.width}" height="${image.height}"`)
    }
    expect(images.map((a) => `${a.width}×${a.height}`)).toEqual(
      expect.arrayContaining(
        Object.values(seededImages).map(({ width, height }) => `${width}×${height}`),
      ),
    )
    const voice = attachments.find((a) => a.kind === 'voice')
    expect(voice).toMatchObject({ mimeType: 'audio/wav', durationMs: 4_200 })
    expect(voice?.url).toMatch(/^data:audio\/wav;base64,UklGR/) // "RIFF"
    expect(attachments.find((a) => a.kind === 'file')).toMatchObject({ name: 'meal-plan.txt' })
    expect(all.some((m) => m.body.length > 900 && m.body.includes('\n\n'))).toBe(true)
    expect(all.filter((m) => /[\u0600-\u06ff]/.test(m.body)).length).toBeGreaterThanOrEqual(3)
    expect(all.some((m) => m.editedAt !== undefined)).toBe(true)
    expect(all.some((m) => m.deletedAt !== undefined && m.body === '')).toBe(true)
  })

  it('gives the trainer her client list (seed 001), each with their conversation', () => {
    const clients = seeded().clientsOf('trainer-maya')
    expect(clients.length).toBeGreaterThanOrEqual(10)
    expect(clients.every((client) => client.role === 'client' && client.email)).toBe(true)
    expect(clients[0]).toMatchObject({ id: 'client-sam', conversationId: 'dm-maya-sam' })
    expect(new Set(clients.map((client) => client.name)).size).toBe(clients.length)
  })
})

describe('messages', () => {
  it('numbers messages per conversation, gap-free, and dedupes by sender and client id', () => {
    const model = seeded()
    const events = recorder(model)
    const first = model.send(
      'client-sam',
      { conversationId: 'dm-maya-sam', clientId: 'c1', body: 'hi' },
      's1',
    )
    const again = model.send('client-sam', {
      conversationId: 'dm-maya-sam',
      clientId: 'c1',
      body: 'hi',
    })
    const other = model.send('trainer-maya', {
      conversationId: 'dm-maya-sam',
      clientId: 'c1',
      body: 'yo',
    })

    expect(first).toMatchObject({
      duplicate: false,
      message: { id: 'dm-maya-sam.8', seq: 8, clientId: 'c1', createdAt: T },
    })
    expect(again).toEqual({ ...first, duplicate: true })
    expect(other.message.seq).toBe(9)
    expect(events).toEqual([
      {
        type: 'message',
        change: 'new',
        origin: 's1',
        message: expect.objectContaining({ seq: 8 }),
      },
      { type: 'message', change: 'new', message: expect.objectContaining({ seq: 9 }) },
    ])
  })

  it('refuses what a real server refuses, with the code and the HTTP status', () => {
    const model = seeded()
    const send = (userId: string, conversationId: string, body: unknown, extra = {}) =>
      refusal(() =>
        model.send(userId, { conversationId, clientId: 'c', body: body as string, ...extra }),
      )
    expect(send('client-sam', 'nope', 'hi')).toEqual({ code: 'unknown-conversation', status: 404 })
    expect(send('client-sam', 'salon-rosa-noor', 'hi')).toEqual({
      code: 'not-participant',
      status: 403,
    })
    expect(send('client-sam', 'dm-maya-sam', ' ')).toEqual({ code: 'empty-message', status: 422 })
    expect(send('client-sam', 'dm-maya-sam', 'x'.repeat(4_001))).toEqual({
      code: 'too-long',
      status: 422,
    })
    expect(send('client-sam', 'dm-maya-sam', 42)).toEqual({ code: 'invalid-message', status: 422 })
    expect(send('client-sam', 'dm-maya-sam', 'hi', { kind: 'sticker' })).toMatchObject({
      code: 'invalid-message',
    })
    expect(
      send('client-sam', 'dm-maya-sam', 'hi', { attachments: [{ kind: 'image' }] }),
    ).toMatchObject({ code: 'invalid-message' })
    expect(send('client-sam', 'dm-maya-sam', 'hi', { replyTo: 'dm-maya-sam.99' })).toEqual({
      code: 'unknown-message',
      status: 404,
    })
    // A picture needs no caption.
    const image = { kind: 'image', url: 'data:image/png;base64,AA==', width: 1, height: 1 }
    expect(
      send('client-sam', 'dm-maya-sam', '', { kind: 'image', attachments: [image] }),
    ).toBeUndefined()
    expect(model.latestSeq('dm-maya-sam')).toBe(8)
  })

  it('edits and deletes only the sender’s own messages, generated ones included', () => {
    const model = seeded()
    const events = recorder(model)
    const diegoSays = [1, 2, 3, 4, 5, 6, 7, 8].find(
      (seq) => model.message('dm-maya-diego', seq)!.senderId === 'client-diego',
    )!
    const id = `dm-maya-diego.${diegoSays}`

    expect(refusal(() => model.edit('trainer-maya', 'dm-maya-diego', id, 'mine now'))).toEqual({
      code: 'not-allowed',
      status: 403,
    })
    expect(refusal(() => model.edit('client-diego', 'dm-maya-diego', id, ''))).toMatchObject({
      code: 'empty-message',
    })
    expect(
      refusal(() => model.edit('client-diego', 'dm-maya-diego', 'dm-maya-sam.1', 'x')),
    ).toMatchObject({ code: 'unknown-message' })
    model.edit('client-diego', 'dm-maya-diego', id, 'Edited check-in')
    expect(model.message('dm-maya-diego', diegoSays)).toMatchObject({
      body: 'Edited check-in',
      editedAt: T,
    })

    model.remove('client-diego', 'dm-maya-diego', id)
    expect(model.message('dm-maya-diego', diegoSays)).toMatchObject({
      body: '',
      attachments: [],
      deletedAt: T,
    })
    expect(refusal(() => model.edit('client-diego', 'dm-maya-diego', id, 'back'))).toMatchObject({
      code: 'not-allowed',
    })
    expect(events.map((e) => e.type === 'message' && e.change)).toEqual(['edit', 'delete'])
  })
})

describe('read state, typing, presence', () => {
  it('keeps read positions: unread counts, receipts, and "read" on the sender’s own messages', () => {
    const model = seeded()
    const events = recorder(model)
    expect(model.summary('dm-maya-sam', 'client-sam').unreadCount).toBe(1)
    expect(model.summary('dm-maya-hannah', 'trainer-maya').unreadCount).toBe(3)

    model.markRead('client-sam', 'dm-maya-sam', 'dm-maya-sam.7')
    model.markRead('client-sam', 'dm-maya-sam', 'dm-maya-sam.5') // older: nothing changes

    expect(model.summary('dm-maya-sam', 'client-sam').unreadCount).toBe(0)
    expect(events).toEqual([
      {
        type: 'receipt',
        conversationId: 'dm-maya-sam',
        userId: 'client-sam',
        messageId: 'dm-maya-sam.7',
      },
    ])
    const [own] = model.history('trainer-maya', 'dm-maya-sam', { limit: 1 }).messages
    expect(own).toMatchObject({ senderId: 'trainer-maya', status: 'read' })
    expect(refusal(() => model.markRead('client-sam', 'dm-maya-sam', 'nope'))).toMatchObject({
      code: 'unknown-message',
    })
  })

  it('pages history backwards, oldest first, and validates the request', () => {
    const model = seeded()
    const page = model.history('client-sam', 'dm-maya-sam', { limit: 3 })
    expect(page.messages.map((m) => m.seq)).toEqual([5, 6, 7])
    expect(page.hasMore).toBe(true)
    const rest = model.history('client-sam', 'dm-maya-sam', { before: 'dm-maya-sam.5' })
    expect(rest).toMatchObject({ hasMore: false })
    expect(rest.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4])
    expect(refusal(() => model.history('client-sam', 'dm-maya-sam', { limit: 0 }))).toEqual({
      code: 'invalid-request',
      status: 400,
    })
  })

  it('reports typing only from participants, and presence on the first and last session', () => {
    const model = seeded()
    const events = recorder(model)
    model.typing('client-sam', 'dm-maya-sam', true)
    expect(refusal(() => model.typing('client-sam', 'group-salon-desk', true))).toMatchObject({
      code: 'not-participant',
    })

    model.setOnline('client-sam', true)
    model.setOnline('client-sam', true) // a second tab
    model.setOnline('client-sam', false)
    expect(model.isOnline('client-sam')).toBe(true)
    model.setOnline('client-sam', false)

    expect(events).toEqual([
      { type: 'typing', conversationId: 'dm-maya-sam', userId: 'client-sam', isTyping: true },
      { type: 'presence', userId: 'client-sam', online: true },
      { type: 'presence', userId: 'client-sam', online: false },
    ])
    expect([...model.contactsOf('client-sam')].sort()).toEqual([
      'client-priya',
      'member-ana',
      'member-kwame',
      'member-lena',
      'trainer-jonas',
      'trainer-maya',
    ])
  })

  it('creates conversations: a group, or the existing direct one', () => {
    const model = seeded()
    const group = model.createConversation('member-lena', {
      kind: 'group',
      participantIds: ['member-ana'],
      title: 'Climbing',
    })
    expect(group).toMatchObject({
      created: true,
      conversation: { kind: 'group', title: 'Climbing', unreadCount: 0 },
    })
    expect(group.conversation.participants.map((p) => [p.id, p.role])).toEqual([
      ['member-lena', 'admin'],
      ['member-ana', 'member'],
    ])
    const direct = model.createConversation('client-sam', {
      kind: 'direct',
      participantIds: ['trainer-maya'],
    })
    expect(direct).toMatchObject({ created: false, conversation: { id: 'dm-maya-sam' } })
    expect(
      refusal(() =>
        model.createConversation('client-sam', { kind: 'direct', participantIds: ['ghost'] }),
      ),
    ).toEqual({ code: 'unknown-user', status: 422 })
    expect(
      refusal(() =>
        model.createConversation('client-sam', { kind: 'group', participantIds: ['member-ana'] }),
      ),
    ).toMatchObject({ code: 'invalid-request' })
  })
})

describe('snapshot and restore', () => {
  /** A seeded model whose clock the test moves, so restored dates are told apart from new ones. */
  const clocked = () => {
    const clock = { now: T }
    const model = createChatModel({
      users: seededUsers,
      conversations: seedConversations({ seedTime: T }),
      now: () => (clock.now += 60_000),
    })
    return model
  }
  /** Everything a client can see, for every participant (the long conversation's last page). */
  const visible = (model: ChatModel) =>
    model.conversationIds().map((id) => ({
      id,
      seq: model.latestSeq(id),
      views: model.participantIds(id).map((viewerId) => ({
        summary: model.summary(id, viewerId),
        page: model.history(viewerId, id, { limit: 200 }),
      })),
    }))
  const image = { kind: 'image' as const, url: 'data:image/png;base64,AA==', width: 1, height: 1 }

  it('never moves a read position back when an older update arrives late', () => {
    const model = clocked()
    const older = clocked()
    const latest = model.latestSeq('dm-maya-hannah')
    older.markRead('trainer-maya', 'dm-maya-hannah', older.message('dm-maya-hannah', 1)!.id)
    model.markRead('trainer-maya', 'dm-maya-hannah', model.message('dm-maya-hannah', latest)!.id)
    expect(model.summary('dm-maya-hannah', 'trainer-maya').unreadCount).toBe(0)
    model.restore(older.snapshot())
    expect(model.summary('dm-maya-hannah', 'trainer-maya').unreadCount).toBe(0)
  })

  it('holds only what changed since the seed, and a restored model carries on from there', () => {
    const before = clocked()
    expect(before.snapshot()).toEqual({ version: 0, created: 0, conversations: [] })
    const diegoSays = [1, 2, 3, 4, 5, 6, 7, 8].find(
      (seq) => before.message('dm-maya-diego', seq)!.senderId === 'client-diego',
    )!
    const dm = { conversationId: 'dm-maya-sam' }
    const photo = before.send('client-sam', {
      ...dm,
      clientId: 'c1',
      kind: 'image',
      body: 'Form check',
      attachments: [image],
      replyTo: 'dm-maya-sam.7',
    }).message
    before.send('trainer-maya', { ...dm, clientId: 'm1', body: 'Looks good' })
    const typo = before.send('client-sam', { ...dm, clientId: 'c2', body: 'Thnaks' }).message
    before.edit('client-sam', 'dm-maya-sam', typo.id, 'Thanks')
    const oops = before.send('client-sam', { ...dm, clientId: 'c3', body: 'oops' }).message
    before.remove('client-sam', 'dm-maya-sam', oops.id)
    before.markRead('trainer-maya', 'dm-maya-sam', oops.id)
    before.edit('client-diego', 'dm-maya-diego', `dm-maya-diego.${diegoSays}`, 'Edited check-in')
    const group = `group-morning-run.${before.latestSeq('group-morning-run')}`
    before.markRead('client-sam', 'group-morning-run', group)
    before.createConversation('member-lena', {
      kind: 'group',
      participantIds: ['member-ana'],
      title: 'Climbing',
    })

    const snapshot = before.snapshot()
    expect(structuredClone(snapshot)).toEqual(snapshot)
    expect(snapshot.created).toBe(1)
    expect(snapshot.conversations.map((c) => [c.id, c.messages.map((m) => m.seq)])).toEqual([
      ['dm-maya-sam', [8, 9, 10, 11]],
      ['dm-maya-diego', [diegoSays]], // not the 12,000 generated ones
      ['group-morning-run', []],
      ['conversation-1', []],
    ])
    expect(JSON.stringify(snapshot).length).toBeLessThan(3_000)

    const after = clocked()
    after.restore(snapshot)
    expect(visible(after)).toEqual(visible(before))
    expect(after.message('dm-maya-diego', diegoSays)).toEqual(
      before.message('dm-maya-diego', diegoSays),
    )
    expect(after.message('dm-maya-sam', 8)).toEqual({ ...photo, status: undefined })
    expect(after.summary('dm-maya-sam', 'client-sam').lastMessage).toMatchObject({
      id: oops.id,
      body: '',
      status: 'read',
    })
    // A copy both ways: changing the snapshot now changes neither model.
    snapshot.conversations[0]!.messages[0]!.body = 'changed'
    expect(after.message('dm-maya-sam', 8)!.body).toBe('Form check')

    // New messages and conversations continue the numbering; a resent client id is a duplicate.
    expect(after.send('client-sam', { ...dm, clientId: 'c1', body: 'again' })).toMatchObject({
      duplicate: true,
      message: { id: 'dm-maya-sam.8', body: 'Form check' },
    })
    expect(after.send('client-sam', { ...dm, clientId: 'c4', body: 'next' }).message).toMatchObject(
      { id: 'dm-maya-sam.12', seq: 12 },
    )
    const next = after.createConversation('member-ana', {
      kind: 'group',
      participantIds: ['member-kwame'],
      title: 'Bouldering',
    })
    expect(next.conversation.id).toBe('conversation-2')
    // What was restored is part of the next snapshot: a third server can take over from this one.
    const third = clocked()
    third.restore(after.snapshot())
    expect(visible(third)).toEqual(visible(after))
  })

  it('gives only the changes after an earlier snapshot; applied in turn they add up', () => {
    const model = clocked()
    const dm = { conversationId: 'dm-maya-sam' }
    const hi = model.send('client-sam', { ...dm, clientId: 'c1', body: 'hi' }).message
    const first = model.snapshot()

    model.edit('client-sam', 'dm-maya-sam', hi.id, 'hello')
    model.send('client-sam', { conversationId: 'group-morning-run', clientId: 'c2', body: 'Run?' })
    model.typing('client-sam', 'dm-maya-sam', true) // changes nothing kept
    const second = model.snapshot(first.version)
    expect(second.version).toBeGreaterThan(first.version)
    expect(second.conversations.map((c) => [c.id, c.messages.map((m) => m.body)])).toEqual([
      ['dm-maya-sam', ['hello']],
      ['group-morning-run', ['Run?']],
    ])
    expect(model.snapshot(second.version).conversations).toEqual([])

    const copy = clocked()
    copy.restore(first)
    copy.restore(second)
    copy.restore(second) // the same changes twice change nothing
    expect(visible(copy)).toEqual(visible(model))
  })
})
