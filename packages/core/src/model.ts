import type { ParleyError } from './errors'

export type MessageKind = 'text' | 'image' | 'voice' | 'file' | 'system'
/**
 * `sending`, `unconfirmed` and `failed` exist only on this client; the rest come from the server.
 * `unconfirmed`: the send left but its fate is unknown (no ack in time, or the line dropped): a late
 * ack confirms it, and a reconnect reconciles it against the server's history before any re-send.
 * `failed`: the server refused it, or it could not be sent; the user may retry or discard it.
 */
export type MessageStatus = 'sending' | 'unconfirmed' | 'sent' | 'delivered' | 'read' | 'failed'

export interface Attachment {
  kind: 'image' | 'voice' | 'file'
  url: string
  name?: string
  mimeType?: string
  size?: number
  width?: number
  height?: number
  durationMs?: number
}

/** The one message shape every dialect is translated into. */
export interface Message {
  /** Server id once known; until then the client id. */
  id: string
  /** Set on messages this client sent: the key that survives the server's ack. */
  clientId?: string
  conversationId: string
  senderId: string
  kind: MessageKind
  body: string
  attachments: Attachment[]
  replyTo?: string
  /** Epoch ms. */
  createdAt: number
  editedAt?: number
  deletedAt?: number
  /** Server order within the conversation, where the dialect has one. */
  seq?: number
  status: MessageStatus
  error?: ParleyError
}

export const isPending = (m: Message): boolean =>
  m.status === 'sending' || m.status === 'unconfirmed' || m.status === 'failed'

export interface Participant {
  /** Unique across kinds: dialects with composite identities (Salon's user 7 vs customer 7) encode both parts. */
  id: string
  name: string
  avatarUrl?: string
  /** A dialect's role or kind: trainer/client, member/admin, staff/customer. */
  role?: string
}

export interface Conversation {
  id: string
  kind: 'direct' | 'group'
  /** Group name; direct conversations are usually titled by the other participant. */
  title?: string
  participants: Participant[]
  lastMessage?: Message
  /** The server's count when the list was fetched; live changes come from the client's `unread`. */
  unreadCount: number
  /** Epoch ms of the last activity, for ordering lists. */
  updatedAt: number
}

export interface UploadedFile {
  url: string
  name: string
  mimeType: string
  size: number
  width?: number
  height?: number
  thumbnailUrl?: string
}
