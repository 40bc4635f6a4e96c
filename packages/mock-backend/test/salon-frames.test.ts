import { describe, expect, it } from 'vitest'
import { sleep } from './helpers'
import { CHAT, connectSalon, joinAll, messageId, NAIVE_UTC, useSalonServer } from './salon-helpers'

// Salon's chat frames through bare sockets, as the real server's code sends and takes them.
const { startSalon } = useSalonServer()

describe('join_chat and leave_chat', () => {
  it('refuses a chat one is not in, or that does not exist, without naming the chat', async () => {
    const backend = startSalon()
    const li = await connectSalon(backend, 'staff-li')
    li.json({ type: 'join_chat', chat_id: CHAT.rosaNoor })
    li.json({ type: 'join_chat', chat_id: 999 })
    li.json({ type: 'join_chat', chat_id: 1 }) // a trainer's chat: not Salon's
    const error = { type: 'error', error: 'You are not a participant in this chat' }
    expect(await li.after(3)).toEqual([error, error, error])
  })

  it('announces joins and leaves to the others in the room, never to oneself', async () => {
    const backend = startSalon()
    const rosa = await connectSalon(backend, 'staff-rosa')
    const noor = await connectSalon(backend, 'customer-noor')
    rosa.json({ type: 'join_chat', chat_id: CHAT.rosaNoor })
    await sleep(20)
    noor.json({ type: 'join_chat', chat_id: CHAT.rosaNoor })
    noor.json({ type: 'leave_chat', chat_id: CHAT.rosaNoor })

    const presence = { chat_id: CHAT.rosaNoor, participant_type: 'customer', participant_id: 7 }
    expect(await rosa.after(2)).toEqual([
      { type: 'user_joined', ...presence },
      { type: 'user_left', ...presence },
    ])
    expect(await noor.settled()).toEqual([])
  })

  it('tells the room when a socket that joined it closes', async () => {
    const backend = startSalon()
    const rosa = await connectSalon(backend, 'staff-rosa')
    const ethan = await connectSalon(backend, 'customer-ethan')
    await joinAll(CHAT.rosaEthan, rosa, ethan)
    ethan.socket.close()
    expect(await rosa.after(1)).toEqual([
      {
        type: 'user_left',
        chat_id: CHAT.rosaEthan,
        participant_type: 'customer',
        participant_id: 12,
      },
    ])
  })

  it('keys rooms by the JSON value: a string chat id joins a room nothing reaches', async () => {
    const backend = startSalon()
    const rosa = await connectSalon(backend, 'staff-rosa')
    const noor = await connectSalon(backend, 'customer-noor')
    rosa.json({ type: 'join_chat', chat_id: String(CHAT.rosaNoor) })
    noor.json({ type: 'join_chat', chat_id: CHAT.rosaNoor })
    noor.json({ type: 'send_message', chat_id: CHAT.rosaNoor, content: 'hello?' })

    expect(await noor.after(1)).toMatchObject([{ type: 'message' }])
    expect(await rosa.settled()).toEqual([])
    expect(backend.controls.sessions()[0]?.joined).toEqual([])
  })
})

describe('send_message', () => {
  it('echoes to every member in the room, the sender too, with no client id', async () => {
    const backend = startSalon()
    const rosa = await connectSalon(backend, 'staff-rosa')
    const noor = await connectSalon(backend, 'customer-noor')
    const li = await connectSalon(backend, 'staff-li') // not in the chat
    await joinAll(CHAT.rosaNoor, rosa, noor)

    noor.json({
      type: 'send_message',
      chat_id: CHAT.rosaNoor,
      content: 'Can I bring my sister?',
      message_type: 'text',
      reply_to_message_id: messageId(CHAT.rosaNoor, 5),
    })

    const expected = {
      type: 'message',
      chat_id: CHAT.rosaNoor,
      message: {
        id: messageId(CHAT.rosaNoor, 6),
        chat_id: CHAT.rosaNoor,
        sender_type: 'customer',
        sender_id: 7,
        sender_name: 'Noor Al-Sayed',
        message_type: 'text',
        content: 'Can I bring my sister?',
        reply_to_message_id: messageId(CHAT.rosaNoor, 5),
        created_at: expect.stringMatching(NAIVE_UTC),
        is_delivered: true,
      },
      timestamp: expect.stringMatching(NAIVE_UTC),
    }
    expect(await noor.after(1)).toEqual([expected])
    expect(await rosa.after(1)).toEqual([expected])
    expect(await li.settled()).toEqual([])
    expect(backend.model.message('salon-rosa-noor', 6)).toMatchObject({
      senderId: 'customer-noor',
      replyTo: 'salon-rosa-noor.5',
    })
  })

  it('stores a sender who has not joined, but echoes only to the room', async () => {
    const backend = startSalon()
    const rosa = await connectSalon(backend, 'staff-rosa')
    const ethan = await connectSalon(backend, 'customer-ethan')
    await joinAll(CHAT.rosaEthan, rosa)
    ethan.json({ type: 'send_message', chat_id: CHAT.rosaEthan, content: 'Still there?' })
    expect(await rosa.after(1)).toMatchObject([{ message: { content: 'Still there?' } }])
    expect(await ethan.settled()).toEqual([])
  })

  it('sends two identical texts as two messages, each echoed once, in order', async () => {
    const backend = startSalon()
    const li = await connectSalon(backend, 'staff-li')
    await joinAll(CHAT.desk, li)
    li.json({ type: 'send_message', chat_id: CHAT.desk, content: 'ok' })
    li.json({ type: 'send_message', chat_id: CHAT.desk, content: 'ok' })
    const ids = (await li.after(2)).map((frame) => (frame.message as { id: number }).id)
    expect(ids).toEqual([messageId(CHAT.desk, 3), messageId(CHAT.desk, 4)])
  })

  it('drops media_url (storing a blank image), and refuses empty content, bad types and replies', async () => {
    const backend = startSalon()
    const rosa = await connectSalon(backend, 'staff-rosa')
    await joinAll(CHAT.rosaNoor, rosa)
    const send = (frame: object) =>
      rosa.json({ type: 'send_message', chat_id: CHAT.rosaNoor, ...frame })
    send({ content: '', message_type: 'image', media_url: '/uploads/chat/a.jpg' })
    send({ content: '  ' })
    send({ content: 'x', message_type: 'file' })
    send({ content: 'x', reply_to_message_id: messageId(CHAT.rosaEthan, 1) })
    rosa.json({ type: 'send_message', chat_id: CHAT.desk + 1, content: 'x' })

    const frames = await rosa.after(5)
    expect(frames[0]).toMatchObject({ message: { message_type: 'image', content: '' } })
    expect(frames[0]!.message).not.toHaveProperty('media_url')
    expect(backend.model.message('salon-rosa-noor', 6)?.attachments).toEqual([])
    expect(frames.slice(1)).toEqual([
      { type: 'error', error: 'Message content cannot be empty' },
      { type: 'error', error: 'Invalid message type: file' },
      { type: 'error', error: 'Reply target not found' },
      { type: 'error', error: 'You are not a participant in this chat' },
    ])
  })

  it('keeps the media URL, and says it in the echo, with socketDropsMedia off', async () => {
    const backend = startSalon({ salonQuirks: { socketDropsMedia: false } })
    const rosa = await connectSalon(backend, 'staff-rosa')
    await joinAll(CHAT.rosaNoor, rosa)
    const url = 'data:image/png;base64,iVBORw0KGgo='
    rosa.json({
      type: 'send_message',
      chat_id: CHAT.rosaNoor,
      content: '',
      message_type: 'voice',
      media_url: url,
    })
    expect(await rosa.after(1)).toMatchObject([
      { message: { message_type: 'voice', media_url: url } },
    ])
    expect(backend.model.message('salon-rosa-noor', 6)?.attachments).toEqual([
      { kind: 'voice', url },
    ])
  })
})

describe('typing and read_message', () => {
  it('sends typing to the others in the room, not to the typist', async () => {
    const backend = startSalon()
    const rosa = await connectSalon(backend, 'staff-rosa')
    const ethan = await connectSalon(backend, 'customer-ethan')
    await joinAll(CHAT.rosaEthan, rosa, ethan)
    ethan.json({ type: 'typing', chat_id: CHAT.rosaEthan, is_typing: true })
    ethan.json({ type: 'typing', chat_id: CHAT.rosaEthan, is_typing: false })
    expect(await rosa.after(2)).toEqual([
      {
        type: 'typing',
        chat_id: CHAT.rosaEthan,
        participant_type: 'customer',
        participant_id: 12,
        is_typing: true,
      },
      {
        type: 'typing',
        chat_id: CHAT.rosaEthan,
        participant_type: 'customer',
        participant_id: 12,
        is_typing: false,
      },
    ])
    expect(await ethan.settled()).toEqual([])
  })

  it('sends a read receipt to everyone in the room, the reader too, and moves unread', async () => {
    const backend = startSalon()
    const rosa = await connectSalon(backend, 'staff-rosa')
    const noor = await connectSalon(backend, 'customer-noor')
    await joinAll(CHAT.rosaNoor, rosa, noor)
    expect(backend.model.summary('salon-rosa-noor', 'customer-noor').unreadCount).toBe(1)

    noor.json({
      type: 'read_message',
      chat_id: CHAT.rosaNoor,
      message_id: messageId(CHAT.rosaNoor, 5),
    })
    const receipt = {
      type: 'read_receipt',
      chat_id: CHAT.rosaNoor,
      message_id: messageId(CHAT.rosaNoor, 5),
      reader_type: 'customer',
      reader_id: 7,
    }
    expect(await rosa.after(1)).toEqual([receipt])
    expect(await noor.after(1)).toEqual([receipt])
    expect(backend.model.summary('salon-rosa-noor', 'customer-noor').unreadCount).toBe(0)

    // An older message read again is still a receipt of its own.
    noor.json({
      type: 'read_message',
      chat_id: CHAT.rosaNoor,
      message_id: messageId(CHAT.rosaNoor, 2),
    })
    expect(await rosa.after(2)).toMatchObject([
      receipt,
      { message_id: messageId(CHAT.rosaNoor, 2) },
    ])
    noor.json({
      type: 'read_message',
      chat_id: CHAT.rosaNoor,
      message_id: messageId(CHAT.rosaEthan, 1),
    })
    expect((await noor.after(3))[2]).toEqual({ type: 'error', error: 'Message not found' })
  })

  it('turns the simulated people into typing, receipts, joins and replies', async () => {
    const backend = startSalon({
      simulate: { readAfterMs: 10, typingMs: 30, presenceEveryMs: 60_000 },
    })
    const rosa = await connectSalon(backend, 'staff-rosa')
    await joinAll(CHAT.rosaEthan, rosa)
    rosa.json({ type: 'send_message', chat_id: CHAT.rosaEthan, content: 'See you Monday!' })
    const deadline = Date.now() + 3_000
    while (
      !rosa.received.some(
        (f) =>
          f.type === 'message' && (f.message as { sender_type: string }).sender_type === 'customer',
      )
    ) {
      if (Date.now() > deadline) throw new Error(JSON.stringify(rosa.received))
      await sleep(20)
    }
    const types = new Set(rosa.received.map((frame) => frame.type))
    expect([...types]).toEqual(expect.arrayContaining(['message', 'read_receipt', 'typing']))
    expect(rosa.received.find((f) => f.type === 'read_receipt')).toMatchObject({
      reader_type: 'customer',
      reader_id: 12,
    })
  })
})
