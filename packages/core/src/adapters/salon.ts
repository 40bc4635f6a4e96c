import { ParleyError } from '../errors'
import type { Message, MessageKind } from '../model'
import type { ProtocolCommand, ProtocolEvent } from '../protocol'
import { parseFrame, str, time, type Frame } from './decode'

export type SalonRole = 'user' | 'customer'

export interface SalonOptions {
  /**
   * The chat REST prefix, e.g. `https://api.salon.test/api/v1/chat`. Relative media paths
   * (`/uploads/chat/…`) are resolved against it too.
   */
  apiUrl: string
  /** `user` for salon staff and admins, `customer` for customers: their sockets and endpoints differ. */
  role: SalonRole
  fetch?: typeof fetch
  /**
   * One socket per identity across the tabs of a browser (default true): the real server drops
   * both connections of an identity that connects twice, forever. `false` opens one per tab.
   */
  shareAcrossTabs?: boolean
}

const ID = /^\d{1,15}$/

/** An id read off the wire (a non-negative integer, or its digits from a liberal server) as the core's string. */
const idOf = (value: unknown): string | undefined =>
  (typeof value === 'number' || typeof value === 'string') && ID.test(String(value))
    ? String(Number(value))
    : undefined

/** A wire id from the core's string id: `"12"` → `12`. Rooms are keyed by the JSON value, so never `"12"`. */
export const wireId = (id: string | undefined): number | undefined =>
  id && ID.test(id) ? Number(id) : undefined

/**
 * Salon's identity is `(participant_type, participant_id)`: a user 7 and a customer 7 are two people,
 * so both parts travel in one string, `user:7` / `customer:7`, everywhere the core sees an identity.
 */
export function salonIdentity(type: unknown, id: unknown): string | undefined {
  const n = idOf(id)
  return typeof type === 'string' && /^\w+$/.test(type) && n ? `${type}:${n}` : undefined
}

const KINDS = new Set<unknown>(['text', 'image', 'voice', 'system'])

/**
 * A Salon message object (socket `message.message` or a REST row), or undefined when required
 * fields are missing. `sender_id` is the socket's name; REST rows may say `sender_user_id` or
 * `sender_customer_id` instead (seed 004's example).
 */
export function decodeSalonMessage(
  value: unknown,
  resolve: (path: string) => string = (p) => p,
  chatId?: unknown,
): Message | undefined {
  const m = value as Frame | null | undefined
  if (typeof m !== 'object' || !m) return undefined
  const id = idOf(m.id)
  const conversationId = idOf(m.chat_id ?? chatId)
  const senderId = salonIdentity(
    m.sender_type,
    m.sender_id ?? m.sender_user_id ?? m.sender_customer_id,
  )
  // Salon's times are always (naive UTC) ISO strings; a number here would be garbage, not epoch ms.
  const at = (value: unknown) => (typeof value === 'string' ? time(value) : undefined)
  const createdAt = at(m.created_at)
  const content = m.content ?? ''
  if (!id || !conversationId || !senderId || createdAt === undefined || typeof content !== 'string')
    return undefined
  const kind = (KINDS.has(m.message_type) ? m.message_type : 'text') as MessageKind
  const mediaUrl = str(m.media_url)
  const deleted = m.is_deleted === true
  // Receipts in a REST row: read by anyone but the sender means read (`is_delivered` only means stored).
  const receipts = Array.isArray(m.read_receipts) ? (m.read_receipts as Frame[]) : []
  const read = receipts.some((r) => salonIdentity(r?.reader_type, r?.reader_id) !== senderId)
  const message: Message = {
    id,
    conversationId,
    senderId,
    kind,
    body: deleted ? '' : content,
    attachments:
      mediaUrl && !deleted
        ? [{ kind: kind === 'image' || kind === 'voice' ? kind : 'file', url: resolve(mediaUrl) }]
        : [],
    createdAt,
    // Ids are the server's insertion order: they order messages stamped within the same second.
    // They are global across chats (gaps within one chat), so they are never a resume position.
    seq: Number(id),
    status: read ? 'read' : 'sent',
  }
  const replyTo = idOf(m.reply_to_message_id)
  if (replyTo) message.replyTo = replyTo
  const changedAt = (value: unknown) => at(value) ?? at(m.updated_at) ?? createdAt
  if (m.is_edited === true) message.editedAt = changedAt(m.edited_at)
  if (deleted) message.deletedAt = changedAt(m.deleted_at)
  return message
}

/** A known frame → its event; `undefined` when its fields are missing, `null` for a type Salon may add. */
function decodeFrame(
  f: Frame,
  resolve: (path: string) => string,
): ProtocolEvent | undefined | null {
  const conversationId = idOf(f.chat_id)
  const who = salonIdentity(f.participant_type, f.participant_id)
  switch (f.type) {
    case 'connected':
      return { type: 'ready', ...(who && { userId: who }) }
    case 'pong':
      return { type: 'pong' }
    case 'message': {
      const message = decodeSalonMessage(f.message, resolve, f.chat_id)
      return message && { type: 'message', message }
    }
    case 'typing':
      return conversationId && who && typeof f.is_typing === 'boolean'
        ? { type: 'typing', conversationId, userId: who, isTyping: f.is_typing }
        : undefined
    case 'read_receipt': {
      const messageId = idOf(f.message_id)
      const reader = salonIdentity(f.reader_type, f.reader_id)
      return conversationId && messageId && reader
        ? { type: 'receipt', conversationId, userId: reader, messageId }
        : undefined
    }
    // Salon's presence is per chat room: joining a room is the only "online" signal it sends.
    case 'user_joined':
    case 'user_left':
      return who ? { type: 'presence', userId: who, online: f.type === 'user_joined' } : undefined
    case 'error': {
      // A refused join carries no chat id, so it cannot be tied to a conversation: it stays untied.
      const text = str(f.error) ?? 'Server error'
      const code = /not a participant/i.test(text) ? 'not-participant' : 'salon-error'
      return { type: 'server-error', code, message: text }
    }
  }
  return typeof f.type === 'string' ? null : undefined
}

/** One Salon frame → events. Unknown frame types are harmless (`[]`); malformed known ones are protocol errors. */
export function decodeSalon(
  data: unknown,
  resolve: (path: string) => string = (p) => p,
): ProtocolEvent[] {
  const parsed = parseFrame(data)
  const event = parsed.ok ? decodeFrame(parsed.value, resolve) : undefined
  if (event === null) return []
  if (event) return [event]
  // The frame itself travels in `raw`, so the message stays short.
  const error = parsed.ok
    ? new ParleyError('protocol-error', 'Malformed Salon frame', { raw: data })
    : parsed.error
  return [{ type: 'protocol-error', error, raw: data }]
}

/**
 * The core's command → Salon's flat frame; `undefined` for what Salon has no frame for (edits and
 * deletes go over REST) and for ids that are not Salon's integers.
 */
export function encodeSalon(command: ProtocolCommand): string | undefined {
  const chat_id = wireId(
    command.type === 'send' ? command.message.conversationId : command.conversationId,
  )
  if (chat_id === undefined) return undefined
  const frame = (type: string, fields: Frame) => JSON.stringify({ type, chat_id, ...fields })
  switch (command.type) {
    case 'join':
      return frame('join_chat', {})
    case 'typing':
      return frame('typing', { is_typing: command.isTyping })
    case 'read': {
      const message_id = wireId(command.messageId)
      return message_id === undefined ? undefined : frame('read_message', { message_id })
    }
    case 'send': {
      const { kind, body, replyTo, attachments } = command.message
      if (kind === 'file') return undefined // Salon stores no `file` kind; capabilities say so
      const reply = wireId(replyTo)
      return frame('send_message', {
        content: body,
        message_type: kind,
        ...(reply !== undefined && { reply_to_message_id: reply }),
        // Sent as the seed documents it, but the real server drops `media_url` over the socket
        // (stores null): an image or voice note sent live reaches others without its file.
        ...(attachments[0] && { media_url: attachments[0].url }),
      })
    }
  }
  return undefined
}

/**
 * The echo is Salon's only ack and carries no client id: the oldest pending send with the same
 * chat, sender, kind, content and reply is the one it confirms (the engine offers each pending send
 * to one echo only). Sends this alike are indistinguishable, so which of two identical texts in one
 * millisecond takes which echo cannot show. Attachments are not compared: the server drops
 * `media_url` from socket sends. A send queued before the greeting named us has no sender yet, so
 * an empty sender matches.
 */
export function matchSalonPending(
  incoming: Message,
  pending: readonly Message[],
): string | undefined {
  let oldest: Message | undefined
  for (const p of pending)
    if (
      p.clientId &&
      p.conversationId === incoming.conversationId &&
      (p.senderId === incoming.senderId || !p.senderId) &&
      p.kind === incoming.kind &&
      p.body === incoming.body &&
      p.replyTo === incoming.replyTo &&
      !(oldest && oldest.createdAt <= p.createdAt)
    )
      oldest = p
  return oldest?.clientId
}
