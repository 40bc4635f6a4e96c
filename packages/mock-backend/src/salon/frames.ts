import { ChatError } from '../chat-model'
import type { LiveSession } from '../native-server'
import type { SalonContext } from './context'
import { naiveUtc, newClientId, type SalonIdentity } from './ids'
import { announce } from './server'

interface Peer {
  ctx: SalonContext
  session: LiveSession
  identity: SalonIdentity
}
type Frame = Record<string, unknown>

export const NOT_PARTICIPANT = 'You are not a participant in this chat'
const CHAT_FRAMES = new Set(['join_chat', 'leave_chat', 'send_message', 'typing', 'read_message'])
const SENDABLE_TYPES = new Set(['text', 'image', 'voice', 'system'])

const isRecord = (value: unknown): value is Frame =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The chat the frame names, if the sender takes part in it. The real server checks membership
 * on the number, whatever JSON type carried it; only the room it joins depends on the type.
 */
function chatOf({ ctx, session }: Peer, chatId: unknown): string {
  const number = typeof chatId === 'string' && /^\d+$/.test(chatId) ? Number(chatId) : chatId
  const conversationId = ctx.ids.conversationOf(number)
  if (
    conversationId === undefined ||
    !ctx.model.participantIds(conversationId).includes(session.userId!)
  )
    throw new ChatError('not-participant', NOT_PARTICIPANT)
  return conversationId
}

function join(peer: Peer, chatId: unknown) {
  const conversationId = chatOf(peer, chatId)
  // Rooms are keyed by the JSON value: `"11"` joins a room no broadcast ever reaches.
  if (typeof chatId !== 'number') return
  ;(peer.session.joined as Set<string>).add(conversationId)
  announce(peer.ctx, peer.session, conversationId, 'user_joined', peer.identity)
}

function leave(peer: Peer, chatId: unknown) {
  const conversationId = peer.ctx.ids.conversationOf(chatId)
  if (conversationId === undefined || !(peer.session.joined as Set<string>).delete(conversationId))
    return
  announce(peer.ctx, peer.session, conversationId, 'user_left', peer.identity)
}

function send(peer: Peer, f: Frame) {
  const { ctx, session } = peer
  const conversationId = chatOf(peer, f.chat_id)
  const kind = f.message_type ?? 'text'
  if (typeof kind !== 'string' || !SENDABLE_TYPES.has(kind))
    throw new ChatError('invalid-message', `Invalid message type: ${String(kind).slice(0, 40)}`)
  const content = typeof f.content === 'string' ? f.content : ''
  const mediaUrl = typeof f.media_url === 'string' && f.media_url !== '' ? f.media_url : undefined
  // Content or a media URL is required, but the real server then drops the URL (stores null).
  if (content.trim() === '' && !mediaUrl)
    throw new ChatError('empty-message', 'Message content cannot be empty')
  const keepMedia = mediaUrl !== undefined && !ctx.quirks.socketDropsMedia && kind !== 'text'
  let replyTo: string | undefined
  if (f.reply_to_message_id !== undefined && f.reply_to_message_id !== null) {
    const target = ctx.ids.modelMessageOf(f.reply_to_message_id)
    if (target?.conversationId !== conversationId)
      throw new ChatError('unknown-message', 'Reply target not found')
    replyTo = `${conversationId}.${target.seq}`
  }
  // Salon has no client ids: each send is new, and its echo (from the fan-out) is its only ack.
  ctx.model.send(
    session.userId!,
    {
      conversationId,
      clientId: newClientId(),
      kind: kind as 'text',
      body: content,
      allowBlank: true,
      ...(keepMedia && {
        attachments: [{ kind: kind === 'voice' ? 'voice' : 'image', url: mediaUrl }],
      }),
      ...(replyTo !== undefined && { replyTo }),
    },
    session.id,
  )
}

function read(peer: Peer, f: Frame) {
  const { ctx, session, identity } = peer
  const conversationId = chatOf(peer, f.chat_id)
  const target = ctx.ids.modelMessageOf(f.message_id)
  if (target?.conversationId !== conversationId)
    throw new ChatError('unknown-message', 'Message not found')
  const messageId = `${conversationId}.${target.seq}`
  ctx.receipts.record(messageId, identity, Date.now())
  const frame = {
    type: 'read_receipt',
    chat_id: ctx.ids.chatIdOf(conversationId),
    message_id: f.message_id,
    reader_type: identity.type,
    reader_id: identity.id,
  }
  for (const other of ctx.sessions) if (other.joined.has(conversationId)) other.deliver(frame)
  // The read position (unread counts) moves too; its model event was announced just above.
  ctx.hush.receipt = true
  try {
    ctx.model.markRead(session.userId!, conversationId, messageId)
  } finally {
    ctx.hush.receipt = false
  }
}

/** One parsed frame from a greeted socket. Refusals become `error {error}` frames. */
export function handleSalonFrame(frame: unknown, peer: Peer): void {
  const { ctx, session } = peer
  if (!isRecord(frame)) return session.deliver({ type: 'error', error: 'Invalid message format' })
  // A `{type, data:{…}}` envelope has no flat `chat_id`: the real server reads None and moves on.
  const needsChat = CHAT_FRAMES.has(frame.type as string)
  if (needsChat && (frame.chat_id === undefined || frame.chat_id === null)) return
  try {
    switch (frame.type) {
      case 'ping':
        return session.deliver({ type: 'pong', timestamp: naiveUtc(Date.now()) })
      case 'join_chat':
        return join(peer, frame.chat_id)
      case 'leave_chat':
        return leave(peer, frame.chat_id)
      case 'send_message':
        return send(peer, frame)
      case 'typing':
        return ctx.model.typing(
          session.userId!,
          chatOf(peer, frame.chat_id),
          frame.is_typing === true,
        )
      case 'read_message':
        return read(peer, frame)
    }
    session.deliver({
      type: 'error',
      error: `Unknown message type: ${JSON.stringify(frame.type ?? null).slice(0, 60)}`,
    })
  } catch (error) {
    if (!(error instanceof ChatError)) throw error
    session.deliver({ type: 'error', error: error.message })
  }
}
