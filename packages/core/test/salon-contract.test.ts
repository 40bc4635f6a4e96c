import { describe, expect, it } from 'vitest'
import { capabilitiesOf, type Message } from '../src'
import { decodeSalon, encodeSalon } from '../src/adapters/salon'
import { createSalonProtocol } from '../src/salon'
import { onCleanup } from './helpers'
import { startRestServer } from './rest-server'

/**
 * Contract tests from every JSON example in seed 004 and in PROTOCOLS.md (Salon), both directions:
 * each client example is what `encode` (or a REST call) must produce, byte for byte; each server
 * example must decode to the right events.
 */
const staff = createSalonProtocol({ apiUrl: 'https://api.salon.test/api/v1/chat', role: 'user' })
const frame = (value: unknown) => JSON.stringify(value)
const outgoing = (fields: Partial<Message>): Message => ({
  id: 'c1',
  clientId: 'c1',
  conversationId: '1',
  senderId: 'user:456',
  kind: 'text',
  body: '',
  attachments: [],
  createdAt: 0,
  status: 'sending',
  ...fields,
})

describe('client → server frames (seed 004 "Message Examples")', () => {
  it('join_chat, with the chat id as a JSON number', () => {
    expect(staff.encode({ type: 'join', conversationId: '1' })).toBe(
      frame({ type: 'join_chat', chat_id: 1 }),
    )
  })
  it('send_message text', () => {
    const message = outgoing({ body: 'Hello, how can I help you?' })
    expect(staff.encode({ type: 'send', message })).toBe(
      frame({
        type: 'send_message',
        chat_id: 1,
        content: 'Hello, how can I help you?',
        message_type: 'text',
      }),
    )
  })
  it('send_message image with media_url', () => {
    const message = outgoing({
      kind: 'image',
      body: 'Check out this photo',
      attachments: [{ kind: 'image', url: '/uploads/chat/image.jpg' }],
    })
    expect(staff.encode({ type: 'send', message })).toBe(
      frame({
        type: 'send_message',
        chat_id: 1,
        content: 'Check out this photo',
        message_type: 'image',
        media_url: '/uploads/chat/image.jpg',
      }),
    )
  })
  it('send_message reply', () => {
    const message = outgoing({ body: 'That sounds great!', replyTo: '101' })
    expect(staff.encode({ type: 'send', message })).toBe(
      frame({
        type: 'send_message',
        chat_id: 1,
        content: 'That sounds great!',
        message_type: 'text',
        reply_to_message_id: 101,
      }),
    )
  })
  it('voice notes and system messages keep their message_type (PROTOCOLS.md)', () => {
    for (const kind of ['voice', 'system'] as const)
      expect(
        JSON.parse(staff.encode({ type: 'send', message: outgoing({ kind, body: 'x' }) })!),
      ).toMatchObject({
        message_type: kind,
      })
  })
  it('typing start and stop', () => {
    for (const isTyping of [true, false])
      expect(staff.encode({ type: 'typing', conversationId: '1', isTyping })).toBe(
        frame({ type: 'typing', chat_id: 1, is_typing: isTyping }),
      )
  })
  it('read_message', () => {
    expect(staff.encode({ type: 'read', conversationId: '1', messageId: '101' })).toBe(
      frame({ type: 'read_message', chat_id: 1, message_id: 101 }),
    )
  })
  it('ping', () => {
    expect(staff.ping!(Date.now())).toBe(frame({ type: 'ping' }))
  })
  it('has no frame for what Salon does over REST or not at all', () => {
    const edit = {
      type: 'edit',
      conversationId: '1',
      messageId: '101',
      body: 'x',
      requestId: 'r',
    } as const
    expect(staff.encode(edit)).toBeUndefined()
    expect(
      staff.encode({ type: 'delete', conversationId: '1', messageId: '101', requestId: 'r' }),
    ).toBeUndefined()
    expect(
      staff.encode({ type: 'send', message: outgoing({ kind: 'file', body: 'x' }) }),
    ).toBeUndefined()
    // An id that is not Salon's integer would join another room (or none): nothing is sent.
    expect(encodeSalon({ type: 'join', conversationId: 'general' })).toBeUndefined()
  })
  it('socket URLs for staff and customers, token in the query', () => {
    const customer = createSalonProtocol({
      apiUrl: 'https://api.salon.test/api/v1/chat',
      role: 'customer',
    })
    const ctx = { url: 'ws://localhost:8000/api/v1/chat', token: 'YOUR_JWT_TOKEN' }
    expect(staff.socketUrl(ctx)).toBe(
      'ws://localhost:8000/api/v1/chat/ws/chat/user?token=YOUR_JWT_TOKEN',
    )
    expect(customer.socketUrl(ctx)).toBe(
      'ws://localhost:8000/api/v1/chat/ws/chat/customer?token=YOUR_JWT_TOKEN',
    )
    expect(staff.socketUrl({ url: 'https://api.yourdomain.com/api/v1/chat/', token: 'a b' })).toBe(
      'wss://api.yourdomain.com/api/v1/chat/ws/chat/user?token=a%20b',
    )
  })
})

const at = (iso: string) => Date.parse(`${iso}Z`)

describe('server → client frames (seed 004 table, PROTOCOLS.md)', () => {
  it('connected → ready with the composite identity', () => {
    const greeting = {
      type: 'connected',
      participant_type: 'user',
      participant_id: 456,
      timestamp: '2026-01-09T10:30:00',
    }
    expect(staff.decode(frame(greeting))).toEqual([{ type: 'ready', userId: 'user:456' }])
    expect(
      staff.decode(frame({ ...greeting, participant_type: 'customer', participant_id: 456 })),
    ).toEqual([{ type: 'ready', userId: 'customer:456' }])
  })
  it('message, with sender_id, naive UTC time and the reply', () => {
    const message = {
      id: 102,
      chat_id: 1,
      sender_type: 'customer',
      sender_id: 123,
      sender_name: '+1234567890',
      message_type: 'text',
      content: 'That sounds great!',
      reply_to_message_id: 101,
      created_at: '2026-01-09T10:30:00.123456',
      is_delivered: true,
    }
    expect(
      staff.decode(
        frame({ type: 'message', chat_id: 1, message, timestamp: '2026-01-09T10:30:00' }),
      ),
    ).toEqual([
      {
        type: 'message',
        message: {
          id: '102',
          conversationId: '1',
          senderId: 'customer:123',
          kind: 'text',
          body: 'That sounds great!',
          attachments: [],
          replyTo: '101',
          createdAt: at('2026-01-09T10:30:00.123'),
          seq: 102,
          status: 'sent', // is_delivered means stored, not delivered
        },
      },
    ])
  })
  it('typing, read_receipt, user_joined, user_left, pong, error', () => {
    const decode = (value: object) => staff.decode(frame(value))
    expect(
      decode({
        type: 'typing',
        chat_id: 1,
        participant_type: 'customer',
        participant_id: 123,
        is_typing: true,
      }),
    ).toEqual([{ type: 'typing', conversationId: '1', userId: 'customer:123', isTyping: true }])
    expect(
      decode({
        type: 'read_receipt',
        chat_id: 1,
        message_id: 101,
        reader_type: 'customer',
        reader_id: 123,
      }),
    ).toEqual([{ type: 'receipt', conversationId: '1', userId: 'customer:123', messageId: '101' }])
    expect(
      decode({ type: 'user_joined', chat_id: 1, participant_type: 'user', participant_id: 456 }),
    ).toEqual([{ type: 'presence', userId: 'user:456', online: true }])
    expect(
      decode({ type: 'user_left', chat_id: 1, participant_type: 'user', participant_id: 456 }),
    ).toEqual([{ type: 'presence', userId: 'user:456', online: false }])
    expect(decode({ type: 'pong', timestamp: '2026-01-09T10:30:00' })).toEqual([{ type: 'pong' }])
    expect(decode({ type: 'error', error: 'You are not a participant in this chat' })).toEqual([
      {
        type: 'server-error',
        code: 'not-participant',
        message: 'You are not a participant in this chat',
      },
    ])
    expect(decode({ type: 'error', error: 'Chat not found' })).toEqual([
      { type: 'server-error', code: 'salon-error', message: 'Chat not found' },
    ])
  })
  it('accepts the liberal forms: numeric strings for ids, media paths resolved against apiUrl', () => {
    const [event] = staff.decode(
      frame({
        type: 'message',
        chat_id: 1,
        message: {
          id: '103',
          chat_id: '1',
          sender_type: 'user',
          sender_id: '456',
          message_type: 'image',
          content: null,
          media_url: '/uploads/chat/1736424600.123_image.jpg',
          reply_to_message_id: null,
          created_at: '2026-01-09T10:30:00',
        },
      }),
    )
    expect(event).toMatchObject({
      type: 'message',
      message: {
        id: '103',
        conversationId: '1',
        senderId: 'user:456',
        kind: 'image',
        body: '',
        attachments: [
          { kind: 'image', url: 'https://api.salon.test/uploads/chat/1736424600.123_image.jpg' },
        ],
      },
    })
    expect(
      decodeSalon(frame({ type: 'connected', participant_type: 'customer', participant_id: '9' })),
    ).toEqual([{ type: 'ready', userId: 'customer:9' }])
  })
  it('unknown frame types are harmless; a known one without its fields is a protocol error', () => {
    expect(staff.decode(frame({ type: 'chat_archived', chat_id: 1 }))).toEqual([])
    const [event] = staff.decode(frame({ type: 'typing', chat_id: 1 }))
    expect(event).toMatchObject({ type: 'protocol-error', error: { code: 'protocol-error' } })
  })
})

/** A real HTTP server answering with the seed's examples; returns the adapter pointed at it. */
async function seedServer(json: unknown, role: 'user' | 'customer' = 'user', status = 200) {
  const server = await startRestServer(() => ({ status, json }))
  onCleanup(server.close)
  return { server, adapter: createSalonProtocol({ apiUrl: `${server.apiUrl}/v1/chat`, role }) }
}

const participants = [
  {
    participant_type: 'user',
    participant_id: 456,
    joined_at: '2026-01-09T10:30:00',
    is_active: true,
    unread_count: 0,
    name: 'admin@salon.com',
    email: 'admin@salon.com',
  },
  {
    participant_type: 'customer',
    participant_id: 123,
    joined_at: '2026-01-09T10:30:00',
    is_active: true,
    unread_count: 1,
    phone: '+1234567890',
  },
]

describe('REST (seed 004 "REST API Endpoints") against a real HTTP server', () => {
  const chat = {
    id: 1,
    chat_type: 'user_customer',
    salon_id: 10,
    title: 'Support Chat',
    is_active: true,
    is_archived: false,
    last_message_at: '2026-01-09T10:30:00',
    last_message_preview: 'Hi, how can I help you?',
    created_at: '2026-01-09T10:30:00',
    participants,
    unread_count: 3,
    online_participants: [456],
  }
  const conversation = {
    id: '1',
    kind: 'direct',
    title: 'Support Chat',
    participants: [
      { id: 'user:456', name: 'admin@salon.com', role: 'staff' },
      { id: 'customer:123', name: '+1234567890', role: 'customer' },
    ],
    unreadCount: 3,
    updatedAt: at('2026-01-09T10:30:00'),
  }

  it('lists chats: GET /chats?is_archived=false for staff, /chats/customer for customers, Bearer token', async () => {
    for (const role of ['user', 'customer'] as const) {
      const { server, adapter } = await seedServer([chat], role)
      const { conversations } = await adapter.fetchConversations!({}, { token: 'YOUR_JWT_TOKEN' })
      expect(conversations).toEqual([conversation])
      expect(server.requests[0]).toMatchObject({
        method: 'GET',
        url: `/api/v1/chat/chats${role === 'user' ? '' : '/customer'}?is_archived=false`,
        authorization: 'Bearer YOUR_JWT_TOKEN',
      })
    }
  })

  it('reads the create-chat response shape as a conversation too (no search: Salon has none)', async () => {
    const created = {
      ...chat,
      updated_at: '2026-01-09T10:30:00',
      total_messages: 1,
      unread_count: 0,
    }
    delete (created as Partial<typeof chat>).last_message_preview
    const { adapter } = await seedServer([created, { ...chat, id: 2, title: 'Booking Inquiry' }])
    const all = await adapter.fetchConversations!({}, { token: 't' })
    expect(all.conversations[0]).toEqual({ ...conversation, unreadCount: 0 })
    expect(all.conversations[1]).toMatchObject({ id: '2', title: 'Booking Inquiry' })
  })

  it('reads the messages page (sender_user_id, receipts) oldest first: GET /chats/1/messages?page=1&page_size=50', async () => {
    const page = {
      messages: [
        {
          id: 101,
          chat_id: 1,
          sender_type: 'user',
          sender_user_id: 456,
          sender_name: 'admin@salon.com',
          message_type: 'text',
          content: 'Hi, how can I help you?',
          created_at: '2026-01-09T10:30:00',
          is_edited: false,
          is_deleted: false,
          read_receipts: [
            { reader_type: 'customer', reader_id: 123, read_at: '2026-01-09T10:31:00' },
          ],
        },
      ],
      total: 1,
      page: 1,
      page_size: 50,
      has_more: false,
    }
    const { server, adapter } = await seedServer(page)
    const history = await adapter.fetchHistory!(
      { conversationId: '1', limit: 50 },
      { token: 'YOUR_JWT_TOKEN' },
    )
    expect(server.requests[0]).toMatchObject({
      url: '/api/v1/chat/chats/1/messages?page=1&page_size=50',
      authorization: 'Bearer YOUR_JWT_TOKEN',
    })
    expect(history).toEqual({
      messages: [
        {
          id: '101',
          conversationId: '1',
          senderId: 'user:456',
          kind: 'text',
          body: 'Hi, how can I help you?',
          attachments: [],
          createdAt: at('2026-01-09T10:30:00'),
          seq: 101,
          status: 'read',
        },
      ],
      hasMore: false,
    })
  })

  it('REST failures are http-errors carrying the status; FastAPI detail becomes the message', async () => {
    const { adapter } = await seedServer({ detail: 'Internal Server Error' }, 'user', 500)
    const failure = adapter.fetchHistory!({ conversationId: '1', limit: 50 }, { token: 't' })
    await expect(failure).rejects.toMatchObject({
      code: 'http-error',
      message: 'Internal Server Error',
      raw: { status: 500 },
    })
  })

  it('declares what Salon cannot do: no file kind, mutations not pushed, customers without history/edit/delete/upload', () => {
    const customer = createSalonProtocol({
      apiUrl: 'https://api.salon.test/api/v1/chat',
      role: 'customer',
    })
    expect(capabilitiesOf(staff)).toMatchObject({
      kinds: ['text', 'image', 'voice', 'system'],
      mutationsReachOthers: false,
      history: true,
      edit: true,
      delete: true,
      upload: true,
    })
    expect(capabilitiesOf(customer)).toMatchObject({
      history: false,
      edit: false,
      delete: false,
      upload: false,
      mutationsReachOthers: false,
    })
    expect(customer.fetchHistory).toBeUndefined()
    expect(customer.upload).toBeUndefined()
    expect(staff).toMatchObject({
      idempotentSends: false,
      refusesAuthBeforeOpen: true,
      awaitsReady: true,
    })
    expect(staff.classifyClose(1008, '')).toBe('auth') // the seed's "1008 Policy Violation"
    expect(staff.classifyClose(1000, '')).toBe('retry') // the real server's close on invalid JSON
  })
})
