import { ParleyError } from '../errors'
import type { Attachment, Message, MessageKind } from '../model'
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
}

/**
 * Salon's identity is `(participant_type, participant_id)`: a user 7 and a customer 7 are two people,
 * so both parts travel in one string, `user:7` / `customer:7`, everywhere the core sees an identity.
 */
export function salonIdentity(type: unknown, id: unknown): string | undefined {
  const kind = str(type)
  const n = idOf(id)
  return kind && /^\w+$/.test(kind) && n !== undefined ? `${kind}:${n}` : undefined
}

/** A wire id from the core's string id: `"12"` → `12`. Rooms are keyed by the JSON value, so never `"12"`. */
export const wireId = (id: string | undefined): number | undefined =>
  id !== undefined && /^\d{1,15}$/.test(id) ? Number(id) : undefined

/** An id read off the wire (a non-negative integer, or its digits from a liberal server) as the core's string. */
const idOf = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? String(value)
    : typeof value === 'string' && /^\d{1,15}$/.test(value)
      ? String(Number(value))
      : undefined

const KINDS = new Set<MessageKind>(['text', 'image', 'voice', 'system'])

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
  if (typeof value !== 'object' || value === null) return undefined
  const m = value as Frame
  const id = idOf(m.id)
  const conversationId = idOf(m.chat_id ?? chatId)
  const senderType = str(m.sender_type)
  const senderId = salonIdentity(
    senderType,
    m.sender_id ?? m[`sender_${senderType === 'user' ? 'user' : 'customer'}_id`],
  )
  // Salon's times are always (naive UTC) ISO strings; a number here would be garbage, not epoch ms.
  const at = (value: unknown) => (typeof value === 'string' ? time(value) : undefined)
  const createdAt = at(m.created_at)
  const content = m.content ?? ''
  if (!id || !conversationId || !senderId || createdAt === undefined || typeof content !== 'string')
    return undefined
  const kind = KINDS.has(m.message_type as MessageKind) ? (m.message_type as MessageKind) : 'text'
  const mediaUrl = str(m.media_url)
  const attachments: Attachment[] =
    mediaUrl && !m.is_deleted
      ? [
          {
            kind: kind === 'voice' ? 'voice' : kind === 'image' ? 'image' : 'file',
            url: resolve(mediaUrl),
          },
        ]
      : []
  // Receipts in a REST row: read by anyone but the sender means read (`is_delivered` only means stored).
  const receipts = Array.isArray(m.read_receipts) ? (m.read_receipts as Frame[]) : []
  const read = receipts.some((r) => salonIdentity(r?.reader_type, r?.reader_id) !== senderId)
  const message: Message = {
    id,
    conversationId,
    senderId,
    kind,
    body: m.is_deleted ? '' : content,
    attachments,
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
  if (m.is_deleted === true) message.deletedAt = changedAt(m.deleted_at)
  return message
}

/** Error texts the real server sends, given stable codes an app can branch on. */
const errorCode = (text: string) =>
  /not a participant/i.test(text)
    ? 'not-participant'
    : /not found/i.test(text)
      ? 'not-found'
      : 'salon-error'

function decodeFrame(f: Frame, resolve: (path: string) => string): ProtocolEvent | undefined {
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
      // `{error}` per the server's code; `{message}` or `{detail}` from servers that differ.
      const text = str(f.error) ?? str(f.message) ?? str(f.detail) ?? 'Server error'
      // A refused join carries no chat id, so it cannot be tied to a conversation: it stays untied.
      return { type: 'server-error', code: errorCode(text), message: text }
    }
  }
  return undefined
}

const KNOWN = new Set([
  'connected',
  'pong',
  'message',
  'typing',
  'read_receipt',
  'user_joined',
  'user_left',
  'error',
])

/** One Salon frame → events. Unknown frame types are harmless (`[]`); malformed known ones are protocol errors. */
export function decodeSalon(
  data: unknown,
  resolve: (path: string) => string = (p) => p,
): ProtocolEvent[] {
  const parsed = parseFrame(data)
  if (!parsed.ok) return [{ type: 'protocol-error', error: parsed.error, raw: data }]
  const raw = parsed.value
  // Flat per the server's code; a `{type, data}` envelope is accepted too, flat fields winning.
  const data_ = raw.data
  const f: Frame =
    typeof data_ === 'object' && data_ !== null && !Array.isArray(data_)
      ? { ...(data_ as Frame), ...raw }
      : raw
  if (typeof f.type === 'string' && !KNOWN.has(f.type)) return []
  const event = decodeFrame(f, resolve)
  if (event) return [event]
  const error = new ParleyError(
    'protocol-error',
    `Unknown or malformed frame ${JSON.stringify(String(f.type)).slice(0, 60)}`,
    { raw: data },
  )
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
 * chat, sender, kind, content and reply is the one it confirms. "Oldest" is the order the sends
 * went on the wire (`wireOrder`, which the server echoes in) where known, else `createdAt`: two
 * sends in one millisecond share a `createdAt`. Attachments are not compared: the server drops
 * `media_url` from socket sends. A send queued before the greeting named us has no sender yet, so
 * an empty sender matches.
 */
export function matchSalonPending(
  incoming: Message,
  pending: readonly Message[],
  wireOrder: (clientId: string) => number | undefined = () => undefined,
): string | undefined {
  let best: Message | undefined
  const rank = (m: Message) => [wireOrder(m.clientId!) ?? Infinity, m.createdAt] as const
  for (const p of pending) {
    if (
      p.clientId &&
      p.conversationId === incoming.conversationId &&
      (p.senderId === incoming.senderId || p.senderId === '') &&
      p.kind === incoming.kind &&
      p.body === incoming.body &&
      (p.replyTo ?? '') === (incoming.replyTo ?? '')
    ) {
      const [order, at] = rank(p)
      const [bestOrder, bestAt] = best ? rank(best) : [Infinity, Infinity]
      if (!best || order < bestOrder || (order === bestOrder && at < bestAt)) best = p
    }
  }
  return best?.clientId
}
