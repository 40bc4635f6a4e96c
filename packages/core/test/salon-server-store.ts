/**
 * The Salon test server's data: tokens, chats and messages, shaped as the real server's rows
 * (PROTOCOLS.md, Salon). No transport here: salon-server.ts puts it behind ws and HTTP.
 */
export interface Identity {
  type: 'user' | 'customer'
  id: number
  name: string
}

export interface Receipt {
  reader_type: string
  reader_id: number
  read_at: string
}

export interface Row {
  id: number
  chat_id: number
  sender: Identity
  message_type: string
  content: string | null
  media_url: string | null
  reply_to_message_id: number | null
  created_at: string
  is_edited: boolean
  is_deleted: boolean
  edited_at: string | null
  read_receipts: Receipt[]
}

export interface Chat {
  id: number
  title: string
  participants: Identity[]
  messages: Row[]
  created_at: string
}

/** Python's `datetime.utcnow().isoformat()`: naive UTC with microseconds, no `Z`. */
export const naiveNow = () => `${new Date().toISOString().slice(0, 23)}000`

export const sameIdentity = (a: Identity, b: Identity) => a.type === b.type && a.id === b.id

export function createStore() {
  const tokens = new Map<string, Identity>()
  const chats = new Map<number, Chat>()
  let nextChatId = 1
  let nextMessageId = 100

  const chatFor = (chatId: unknown, who: Identity): Chat | undefined => {
    const chat = chats.get(Number(chatId))
    return chat?.participants.some((p) => sameIdentity(p, who)) ? chat : undefined
  }

  return {
    tokens,
    chats,
    createChat(participants: Identity[], title = 'Support Chat'): number {
      const id = nextChatId++
      chats.set(id, { id, title, participants, messages: [], created_at: naiveNow() })
      return id
    },
    /** The chat with that id if `who` takes part in it (the real server's participant check). */
    chatFor,
    store(
      chat: Chat,
      sender: Identity,
      fields: {
        content?: unknown
        message_type?: unknown
        reply_to_message_id?: unknown
        media_url?: unknown
      },
    ): Row {
      const row: Row = {
        id: nextMessageId++,
        chat_id: chat.id,
        sender,
        message_type: typeof fields.message_type === 'string' ? fields.message_type : 'text',
        content: typeof fields.content === 'string' ? fields.content : null,
        media_url: typeof fields.media_url === 'string' ? fields.media_url : null,
        reply_to_message_id:
          typeof fields.reply_to_message_id === 'number' ? fields.reply_to_message_id : null,
        created_at: naiveNow(),
        is_edited: false,
        is_deleted: false,
        edited_at: null,
        read_receipts: [],
      }
      chat.messages.push(row)
      return row
    },
    findRow(messageId: number): { chat: Chat; row: Row } | undefined {
      for (const chat of chats.values()) {
        const row = chat.messages.find((m) => m.id === messageId)
        if (row) return { chat, row }
      }
      return undefined
    },
  }
}

export type SalonStore = ReturnType<typeof createStore>

/** The socket's `message.message`: `sender_id`, `is_delivered` true from the moment it is stored. */
export const socketMessage = (row: Row) => ({
  id: row.id,
  chat_id: row.chat_id,
  sender_type: row.sender.type,
  sender_id: row.sender.id,
  sender_name: row.sender.name,
  message_type: row.message_type,
  content: row.content,
  reply_to_message_id: row.reply_to_message_id,
  created_at: row.created_at,
  is_delivered: true,
})

/** A REST row as seed 004 shows it: `sender_user_id` or `sender_customer_id`, receipts, flags. */
export const restMessage = (row: Row) => ({
  id: row.id,
  chat_id: row.chat_id,
  sender_type: row.sender.type,
  [`sender_${row.sender.type}_id`]: row.sender.id,
  sender_name: row.sender.name,
  message_type: row.message_type,
  content: row.content,
  media_url: row.media_url,
  reply_to_message_id: row.reply_to_message_id,
  created_at: row.created_at,
  is_edited: row.is_edited,
  is_deleted: row.is_deleted,
  ...(row.edited_at && { edited_at: row.edited_at }),
  read_receipts: row.read_receipts,
})

export const restChat = (chat: Chat, viewer: Identity, online: Identity[]) => ({
  id: chat.id,
  chat_type: 'user_customer',
  salon_id: 10,
  title: chat.title,
  is_active: true,
  is_archived: false,
  last_message_at: chat.messages.at(-1)?.created_at ?? chat.created_at,
  last_message_preview: chat.messages.at(-1)?.content ?? null,
  created_at: chat.created_at,
  participants: chat.participants.map((p) => ({
    participant_type: p.type,
    participant_id: p.id,
    joined_at: chat.created_at,
    is_active: true,
    unread_count: 0,
    name: p.name,
  })),
  unread_count: chat.messages.filter(
    (m) =>
      !sameIdentity(m.sender, viewer) &&
      !m.read_receipts.some((r) => r.reader_type === viewer.type && r.reader_id === viewer.id),
  ).length,
  // The real server lists bare ids here, without their type.
  online_participants: online
    .filter((o) => chat.participants.some((p) => sameIdentity(p, o)))
    .map((o) => o.id),
})
