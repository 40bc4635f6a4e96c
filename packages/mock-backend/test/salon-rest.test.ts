import { describe, expect, it } from 'vitest'
import { sleep } from './helpers'
import {
  CHAT,
  connectSalon,
  joinAll,
  messageId,
  NAIVE_UTC,
  REST_ROOT,
  salonApi,
  useSalonServer,
} from './salon-helpers'

// Salon's REST API (prefix /api/v1/chat) through fetch, as any Salon client calls it.
const { startSalon } = useSalonServer()

describe('auth', () => {
  it('answers 403 without a token, 401 for a bad one or the other role', async () => {
    const backend = startSalon()
    const noor = salonApi(backend, 'customer-noor')
    const rosa = salonApi(backend, 'staff-rosa')
    expect((await fetch(`${REST_ROOT}/chats`)).status).toBe(403)
    const bad = await fetch(`${REST_ROOT}/chats`, { headers: { authorization: 'Bearer nope' } })
    expect(bad.status).toBe(401)
    expect(await bad.json()).toEqual({ detail: 'Could not validate credentials' })
    // Customers have no staff endpoints (the list, history, edit, delete, upload), and back.
    expect((await noor('GET', '/chats')).status).toBe(401)
    expect((await noor('GET', `/chats/${CHAT.rosaNoor}/messages`)).status).toBe(401)
    expect((await rosa('GET', '/chats/customer')).status).toBe(401)
    backend.controls.refuseAuth(true)
    expect((await rosa('GET', '/chats')).status).toBe(401)
  })
})

describe('chats', () => {
  it('lists a staff member’s chats with Salon’s integer ids and participants', async () => {
    const backend = startSalon()
    await connectSalon(backend, 'customer-noor') // online
    const { status, body } = await salonApi(backend, 'staff-rosa')(
      'GET',
      '/chats?is_archived=false',
    )

    expect(status).toBe(200)
    expect(body.map((chat: { id: number }) => chat.id).sort()).toEqual([
      CHAT.rosaNoor,
      CHAT.rosaEthan,
      CHAT.desk,
    ])
    const noorChat = body.find((chat: { id: number }) => chat.id === CHAT.rosaNoor)
    expect(noorChat).toEqual({
      id: CHAT.rosaNoor,
      chat_type: 'user_customer',
      salon_id: 10,
      title: null,
      is_active: true,
      is_archived: false,
      last_message_at: expect.stringMatching(NAIVE_UTC),
      last_message_preview: 'Lovely choice. Booked for Saturday 14:30 ✂️',
      created_at: expect.stringMatching(NAIVE_UTC),
      updated_at: expect.stringMatching(NAIVE_UTC),
      participants: [
        expect.objectContaining({
          participant_type: 'user',
          participant_id: 7,
          name: 'Rosa Martínez',
          unread_count: 0,
        }),
        expect.objectContaining({
          participant_type: 'customer',
          participant_id: 7,
          name: 'Noor Al-Sayed',
          phone: '+971501234567',
          unread_count: 1,
        }),
      ],
      total_messages: 5,
      unread_count: 0,
      online_participants: [7], // Noor, by number alone
    })
    expect(body.find((chat: { id: number }) => chat.id === CHAT.desk)).toMatchObject({
      chat_type: 'user_user',
      title: 'Front desk',
    })
  })

  it('lists a customer’s chats on /chats/customer', async () => {
    const { body } = await salonApi(startSalon(), 'customer-ethan')('GET', '/chats/customer')
    expect(body).toEqual([expect.objectContaining({ id: CHAT.rosaEthan, unread_count: 0 })])
  })

  it('creates chats from either side, with an initial message', async () => {
    const backend = startSalon()
    const li = salonApi(backend, 'staff-li')
    const created = await li('POST', '/chats', { customer_id: 12, initial_message: 'Hi Ethan!' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      id: 14,
      chat_type: 'user_customer',
      total_messages: 1,
      participants: [
        expect.objectContaining({ participant_type: 'user', participant_id: 8 }),
        expect.objectContaining({
          participant_type: 'customer',
          participant_id: 12,
          unread_count: 1,
        }),
      ],
    })
    expect((await li('POST', '/chats', { customer_id: 12 })).status).toBe(200) // the same chat
    expect((await li('POST', '/chats', { customer_id: 8 })).status).toBe(404) // no customer 8

    const noor = salonApi(backend, 'customer-noor')
    const mine = await noor('POST', '/chats/customer', { user_id: 8, title: 'Booking Inquiry' })
    expect(mine.status).toBe(201)
    expect(mine.body).toMatchObject({ id: 15, total_messages: 0 })
    expect((await noor('POST', '/chats/customer', { user_id: 99 })).body).toEqual({
      detail: 'User not found',
    })
  })
})

describe('history', () => {
  it('pages from the newest, newest first, in the seed’s row shape', async () => {
    const backend = startSalon()
    const rosa = salonApi(backend, 'staff-rosa')
    const first = await rosa('GET', `/chats/${CHAT.rosaNoor}/messages?page=1&page_size=2`)
    const last = await rosa('GET', `/chats/${CHAT.rosaNoor}/messages?page=3&page_size=2`)

    expect(first.body).toMatchObject({ total: 5, page: 1, page_size: 2, has_more: true })
    expect(first.body.messages.map((m: { id: number }) => m.id)).toEqual([
      messageId(CHAT.rosaNoor, 5),
      messageId(CHAT.rosaNoor, 4),
    ])
    expect(first.body.messages[1]).toEqual({
      id: messageId(CHAT.rosaNoor, 4),
      chat_id: CHAT.rosaNoor,
      sender_type: 'customer',
      sender_user_id: null,
      sender_customer_id: 7,
      sender_name: 'Noor Al-Sayed',
      message_type: 'image',
      content: '',
      media_url: expect.stringMatching(/^data:image\/svg\+xml/),
      reply_to_message_id: null,
      created_at: expect.stringMatching(NAIVE_UTC),
      updated_at: expect.stringMatching(NAIVE_UTC),
      is_delivered: true,
      is_edited: false,
      is_deleted: false,
      read_receipts: [],
    })
    expect(last.body).toMatchObject({
      has_more: false,
      messages: [{ id: messageId(CHAT.rosaNoor, 1) }],
    })
    expect((await rosa('GET', `/chats/${CHAT.rosaNoor}/messages?page_size=101`)).status).toBe(422)
    expect((await rosa('GET', '/chats/999/messages')).status).toBe(404)
    expect(
      (await salonApi(backend, 'staff-li')('GET', `/chats/${CHAT.rosaNoor}/messages`)).status,
    ).toBe(403)
  })

  it('drifts as messages arrive; before_message_id pages without drift', async () => {
    const backend = startSalon()
    const rosa = salonApi(backend, 'staff-rosa')
    const page2 = () => rosa('GET', `/chats/${CHAT.rosaNoor}/messages?page=2&page_size=2`)
    const before = (await page2()).body.messages.map((m: { id: number }) => m.id)
    backend.model.send('customer-noor', {
      conversationId: 'salon-rosa-noor',
      clientId: 'c1',
      body: 'new',
    })
    const after = (await page2()).body.messages.map((m: { id: number }) => m.id)
    expect(after).toEqual(before.map((id: number) => id + 1)) // shifted by one

    const anchored = await rosa(
      'GET',
      `/chats/${CHAT.rosaNoor}/messages?page=1&page_size=2&before_message_id=${messageId(CHAT.rosaNoor, 4)}`,
    )
    expect(anchored.body).toMatchObject({ total: 3, has_more: true })
    expect(anchored.body.messages.map((m: { id: number }) => m.id)).toEqual([
      messageId(CHAT.rosaNoor, 3),
      messageId(CHAT.rosaNoor, 2),
    ])
  })

  it('lists read receipts, and answers 500 for pages holding one with that switch', async () => {
    const backend = startSalon()
    const rosa = salonApi(backend, 'staff-rosa')
    const noor = await connectSalon(backend, 'customer-noor')
    noor.json({
      type: 'read_message',
      chat_id: CHAT.rosaNoor,
      message_id: messageId(CHAT.rosaNoor, 5),
    })
    await sleep(30)
    const page = await rosa('GET', `/chats/${CHAT.rosaNoor}/messages?page_size=1`)
    expect(page.body.messages[0].read_receipts).toEqual([
      { reader_type: 'customer', reader_id: 7, read_at: expect.stringMatching(NAIVE_UTC) },
    ])

    backend.controls.quirks({ historyFailsOnReceipts: true })
    const failing = await rosa('GET', `/chats/${CHAT.rosaNoor}/messages?page_size=1`)
    const older = await rosa('GET', `/chats/${CHAT.rosaNoor}/messages?page=2&page_size=2`)
    expect(failing).toMatchObject({ status: 500, text: 'Internal Server Error' })
    expect(older.status).toBe(200)
  })

  it('fails or slows with the history fault control', async () => {
    const backend = startSalon()
    backend.controls.history({ failRate: 1 })
    expect(
      (await salonApi(backend, 'staff-rosa')('GET', `/chats/${CHAT.desk}/messages`)).status,
    ).toBe(503)
  })
})

describe('edit and delete', () => {
  it('edits and deletes one’s own messages, not pushed to the others by default', async () => {
    const backend = startSalon()
    const rosa = salonApi(backend, 'staff-rosa')
    const li = await connectSalon(backend, 'staff-li')
    await joinAll(CHAT.desk, li)
    const id = messageId(CHAT.desk, 2)

    const edited = await rosa('PUT', `/messages/${id}`, { content: 'Chair 3, sorry' })
    const deleted = await rosa('DELETE', `/messages/${id}`)

    expect(edited.body).toMatchObject({
      id,
      content: 'Chair 3, sorry',
      is_edited: true,
      is_deleted: false,
    })
    expect(deleted).toMatchObject({ status: 200, body: { message: 'Message deleted' } })
    expect(backend.model.message('group-salon-desk', 2)?.deletedAt).toBeDefined()
    expect(await li.settled()).toEqual([])
    // Someone else's message, or none.
    expect(
      (await rosa('PUT', `/messages/${messageId(CHAT.desk, 1)}`, { content: 'x' })).status,
    ).toBe(403)
    expect((await rosa('DELETE', `/messages/${messageId(CHAT.desk, 9)}`)).status).toBe(404)
  })

  it('pushes edits and deletes to the room with pushEdits on', async () => {
    const backend = startSalon({ salonQuirks: { pushEdits: true } })
    const li = await connectSalon(backend, 'staff-li')
    await joinAll(CHAT.desk, li)
    const id = messageId(CHAT.desk, 2)
    await salonApi(backend, 'staff-rosa')('PUT', `/messages/${id}`, { content: 'Chair 3' })
    await salonApi(backend, 'staff-rosa')('DELETE', `/messages/${id}`)
    expect(await li.after(2)).toMatchObject([
      { type: 'message', message: { id, content: 'Chair 3', is_edited: true } },
      { type: 'message', message: { id, content: '', is_deleted: true } },
    ])
  })
})

describe('REST send', () => {
  it('stores, answers 201 with the row and pushes it to the room', async () => {
    const backend = startSalon()
    const noor = await connectSalon(backend, 'customer-noor')
    await joinAll(CHAT.rosaNoor, noor)
    const sent = await salonApi(backend, 'staff-rosa')('POST', `/chats/${CHAT.rosaNoor}/messages`, {
      content: 'See you Saturday',
      message_type: 'image',
      media_url: 'https://salon.test/uploads/chat/x.png',
    })
    expect(sent).toMatchObject({
      status: 201,
      body: { id: messageId(CHAT.rosaNoor, 6), media_url: 'https://salon.test/uploads/chat/x.png' },
    })
    expect(await noor.after(1)).toMatchObject([
      { type: 'message', message: { content: 'See you Saturday' } },
    ])
  })

  it('with restSendFails and the sender online: stored, pushed to nobody, a socket closed, 500', async () => {
    const backend = startSalon({ salonQuirks: { restSendFails: true } })
    const rosaSocket = await connectSalon(backend, 'staff-rosa')
    const noor = await connectSalon(backend, 'customer-noor')
    await joinAll(CHAT.rosaNoor, rosaSocket, noor)
    const sent = await salonApi(backend, 'staff-rosa')('POST', `/chats/${CHAT.rosaNoor}/messages`, {
      content: 'Lost in the post?',
    })
    expect(sent).toMatchObject({ status: 500, text: 'Internal Server Error' })
    expect(backend.model.message('salon-rosa-noor', 6)?.body).toBe('Lost in the post?')
    expect((await rosaSocket.closed).code).toBe(1011)
    // Noor hears that Rosa's socket left the room, and never gets the message.
    expect(await noor.settled()).toEqual([
      { type: 'user_left', chat_id: CHAT.rosaNoor, participant_type: 'user', participant_id: 7 },
    ])
  })
})

describe('upload', () => {
  const png = new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 2, 0,
    0, 0, 1, 0, 8, 6, 0, 0, 0, 0, 0, 0, 0,
  ])
  const upload = (backend: ReturnType<typeof startSalon>, file: Blob, name: string) => {
    const form = new FormData()
    form.append('file', file, name)
    return fetch(`${REST_ROOT}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${backend.model.issueToken('staff-rosa')}` },
      body: form,
    })
  }

  it('answers file_url, file_name, file_type, file_size and a thumbnail for images', async () => {
    const backend = startSalon()
    const image = await upload(backend, new Blob([png], { type: 'image/png' }), 'colour.png')
    const text = await upload(backend, new Blob(['hi'], { type: 'text/plain' }), 'note.txt')
    const fake = await upload(backend, new Blob(['hi'], { type: 'image/png' }), 'fake.png')

    const body = (await image.json()) as Record<string, unknown>
    expect(body).toEqual({
      file_url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/),
      file_name: 'colour.png',
      file_type: 'image/png',
      file_size: png.length,
      thumbnail_url: body.file_url,
    })
    expect(await text.json()).toMatchObject({ file_type: 'text/plain', thumbnail_url: null })
    expect(fake.status).toBe(400)
  })
})
