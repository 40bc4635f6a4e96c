import { describe, expect, it } from 'vitest'
import type { MockBackend } from '../src'
import { openRawSocket, sleep, useMockServer } from './helpers'

// Chat frames through bare sockets, byte for byte: what any native-protocol client can rely on.
const { startBackend } = useMockServer()

async function signIn(backend: MockBackend, userId: string) {
  const raw = openRawSocket()
  await raw.opened
  raw.send(JSON.stringify({ type: 'auth', token: backend.model.issueToken(userId) }))
  await raw.frames(1)
  return {
    ...raw,
    json: (frame: object) => raw.send(JSON.stringify(frame)),
    /** Frames after the welcome, once `count` of them have arrived. */
    next: async (count: number) => (await raw.frames(count + 1)).slice(1),
    /** Frames after the welcome other than presence, once `count` of them have arrived. */
    async chat(count: number) {
      const chat = () => raw.received.slice(1).filter((frame) => frame.type !== 'presence')
      for (let waited = 0; chat().length < count; waited += 10) {
        if (waited > 2_000) throw new Error(`Got ${JSON.stringify(chat())}`)
        await sleep(10)
      }
      return chat()
    },
  }
}

describe('join', () => {
  it('replays everything after afterSeq, then says joined with the latest seq', async () => {
    const backend = startBackend()
    const sam = await signIn(backend, 'client-sam')

    sam.json({ type: 'join', conversationId: 'dm-maya-sam', afterSeq: 5 })

    const frames = await sam.next(3)
    expect(frames.map((f) => f.type)).toEqual(['message', 'message', 'joined'])
    // Sam's own message, which Maya has read.
    expect(frames[0]).toMatchObject({ message: { id: 'dm-maya-sam.6', seq: 6, status: 'read' } })
    expect(frames[1]).toMatchObject({ message: { seq: 7, senderId: 'trainer-maya' } })
    expect(frames[1]!.message).not.toHaveProperty('status') // not Sam's message
    expect(frames[2]).toEqual({ type: 'joined', conversationId: 'dm-maya-sam', seq: 7 })
  })

  it('a plain join replays nothing; unknown and foreign conversations are refused', async () => {
    const backend = startBackend()
    const sam = await signIn(backend, 'client-sam')

    sam.json({ type: 'join', conversationId: 'group-morning-run' })
    sam.json({ type: 'join', conversationId: 'nope' })
    sam.json({ type: 'join', conversationId: 'salon-rosa-noor' })

    expect(await sam.next(3)).toEqual([
      { type: 'joined', conversationId: 'group-morning-run', seq: 8 },
      { type: 'error', code: 'unknown-conversation', message: 'No conversation "nope"' },
      {
        type: 'error',
        code: 'not-participant',
        message: 'client-sam is not in conversation salon-rosa-noor',
      },
    ])
    expect(backend.controls.sessions()[0]?.joined).toEqual(['group-morning-run'])
  })
})

describe('send', () => {
  it('acks the sender, fans out to the other members who joined, and dedupes a re-send', async () => {
    const backend = startBackend()
    const maya = await signIn(backend, 'trainer-maya')
    const sam = await signIn(backend, 'client-sam')
    const lena = await signIn(backend, 'member-lena')
    for (const socket of [maya, sam, lena])
      socket.json({ type: 'join', conversationId: 'group-morning-run' })
    await Promise.all([maya, sam, lena].map((socket) => socket.chat(1)))

    const send = {
      type: 'send',
      clientId: 'c-1',
      conversationId: 'group-morning-run',
      kind: 'text',
      body: 'Running late!',
      attachments: [],
    }
    sam.json(send)
    sam.json(send) // the same send again, as after a lost ack

    const [ack, reAck] = await sam.chat(3).then((frames) => frames.slice(1))
    const stored = {
      id: 'group-morning-run.9',
      conversationId: 'group-morning-run',
      senderId: 'client-sam',
      kind: 'text',
      body: 'Running late!',
      attachments: [],
      createdAt: expect.any(Number),
      seq: 9,
    }
    expect(ack).toEqual({
      type: 'ack',
      clientId: 'c-1',
      message: { ...stored, clientId: 'c-1', status: 'sent' },
    })
    expect(reAck).toEqual(ack)
    for (const other of [maya, lena])
      expect((await other.chat(2))[1]).toEqual({ type: 'message', message: stored })
    await sleep(50)
    expect(await sam.chat(3)).toHaveLength(3) // joined and two acks: never its own message
    expect(backend.model.latestSeq('group-morning-run')).toBe(9)
  })

  it('answers a refused send with an error frame carrying its client id', async () => {
    const backend = startBackend({ maxMessageLength: 10 })
    const sam = await signIn(backend, 'client-sam')
    const send = (clientId: string, extra: object) =>
      sam.json({ type: 'send', clientId, conversationId: 'dm-maya-sam', body: 'hi', ...extra })

    send('a', { conversationId: 'nope' })
    send('b', { conversationId: 'salon-rosa-noor' })
    send('c', { body: '' })
    send('d', { body: 'far too long' })
    send('e', { attachments: 'cat.png' })
    sam.json({ type: 'send', conversationId: 'dm-maya-sam', body: 'no client id' })

    const frames = await sam.next(6)
    expect(frames.map((f) => [f.type, f.code, f.clientId])).toEqual([
      ['error', 'unknown-conversation', 'a'],
      ['error', 'not-participant', 'b'],
      ['error', 'empty-message', 'c'],
      ['error', 'too-long', 'd'],
      ['error', 'invalid-message', 'e'],
      ['error', 'missing-field', undefined],
    ])
  })
})

describe('typing, read, edit, delete, presence', () => {
  it('relays typing and receipts to the other side only', async () => {
    const backend = startBackend()
    const maya = await signIn(backend, 'trainer-maya')
    const sam = await signIn(backend, 'client-sam')
    for (const socket of [maya, sam]) socket.json({ type: 'join', conversationId: 'dm-maya-sam' })
    await maya.next(2) // presence of Sam, joined
    await sam.next(2) // presence of Maya, joined

    sam.json({ type: 'typing', conversationId: 'dm-maya-sam', isTyping: true })
    sam.json({ type: 'read', conversationId: 'dm-maya-sam', messageId: 'dm-maya-sam.7' })
    sam.json({ type: 'typing', conversationId: 'dm-maya-sam' })

    expect((await maya.next(4)).slice(2)).toEqual([
      { type: 'typing', conversationId: 'dm-maya-sam', userId: 'client-sam', isTyping: true },
      {
        type: 'receipt',
        conversationId: 'dm-maya-sam',
        userId: 'client-sam',
        messageId: 'dm-maya-sam.7',
      },
    ])
    expect((await sam.next(3))[2]).toMatchObject({ type: 'error', code: 'missing-field' })
  })

  it('broadcasts edits and deletes to every member, the editor included', async () => {
    const backend = startBackend()
    const maya = await signIn(backend, 'trainer-maya')
    const sam = await signIn(backend, 'client-sam')
    maya.json({ type: 'join', conversationId: 'dm-maya-sam' })
    await maya.next(2)

    // Sam never joined: he still hears about what he asked for.
    sam.json({
      type: 'edit',
      conversationId: 'dm-maya-sam',
      messageId: 'dm-maya-sam.6',
      body: 'Done!',
    })
    sam.json({ type: 'delete', conversationId: 'dm-maya-sam', messageId: 'dm-maya-sam.1' })
    sam.json({ type: 'delete', conversationId: 'dm-maya-sam', messageId: 'dm-maya-sam.7' })

    const forMaya = (await maya.next(4)).slice(2)
    expect(forMaya).toEqual([
      {
        type: 'message',
        message: expect.objectContaining({ seq: 6, body: 'Done!', editedAt: expect.any(Number) }),
      },
      {
        type: 'message',
        message: expect.objectContaining({ seq: 1, body: '', deletedAt: expect.any(Number) }),
      },
    ])
    const forSam = (await sam.next(4)).slice(1)
    expect(forSam.slice(0, 2)).toEqual(forMaya)
    expect(forSam[2]).toMatchObject({ type: 'error', code: 'not-allowed' })
  })

  it('tells a newcomer who is online, and contacts when someone comes and goes', async () => {
    const backend = startBackend()
    const maya = await signIn(backend, 'trainer-maya')
    const sam = await signIn(backend, 'client-sam')
    const rosa = await signIn(backend, 'staff-rosa') // shares no conversation with them

    expect(await maya.next(1)).toEqual([{ type: 'presence', userId: 'client-sam', online: true }])
    expect(await sam.next(1)).toEqual([{ type: 'presence', userId: 'trainer-maya', online: true }])
    sam.socket.close()
    expect((await maya.next(2))[1]).toEqual({
      type: 'presence',
      userId: 'client-sam',
      online: false,
    })
    await sleep(50)
    expect(rosa.received).toHaveLength(1)
  })
})
