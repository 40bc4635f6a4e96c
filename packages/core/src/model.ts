import type { ParleyError } from './errors'

export type MessageKind = 'text' | 'image' | 'voice' | 'file' | 'system'
/** `sending` and `failed` exist only on this client; the rest come from the server. */
export type MessageStatus = 'sending' | 'sent' | 'delivered' | 'read' | 'failed'

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

export const isPending = (m: Message): boolean => m.status === 'sending' || m.status === 'failed'
