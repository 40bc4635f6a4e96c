import { ParleyError } from '../errors'
import type { Attachment, Message, MessageKind } from '../model'
import type { ProtocolAdapter, ProtocolCommand, ProtocolEvent } from '../protocol'
import { num, parseFrame, str, time, type Frame } from './decode'

/** Close codes of the native protocol (see PROTOCOL.md). */
export const NativeCloseCode = {
  /** The token is missing, malformed, expired or revoked. */
  Unauthorized: 4401,
  /** No auth frame arrived in time. */
  AuthTimeout: 4408,
  /** The client broke the protocol badly enough to be dropped. */
  ProtocolViolation: 4400,
} as const

const AUTH_CLOSE_CODES = new Set<number>([NativeCloseCode.Unauthorized, 1008, 4001, 4003, 4403])

const KINDS = new Set<MessageKind>(['text', 'image', 'voice', 'file', 'system'])

function decodeAttachments(value: unknown): Attachment[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((item: Frame): Attachment[] => {
    const url = str(item?.url)
    const kind = item?.kind
    if (!url || (kind !== 'image' && kind !== 'voice' && kind !== 'file')) return []
    const out: Attachment = { kind, url }
    for (const key of ['name', 'mimeType'] as const)
      if (str(item[key])) out[key] = item[key] as string
    for (const key of ['size', 'width', 'height', 'durationMs'] as const)
      if (num(item[key])) out[key] = item[key] as number
    return [out]
  })
}

/** A native message object, or undefined when a required field is missing or mistyped. */
export function decodeMessage(value: unknown): Message | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const m = value as Frame
  const id = str(m.id)
  const conversationId = str(m.conversationId)
  const senderId = str(m.senderId)
  const createdAt = time(m.createdAt)
  if (!id || !conversationId || !senderId || createdAt === undefined || typeof m.body !== 'string')
    return undefined
  const message: Message = {
    id,
    conversationId,
    senderId,
    kind: KINDS.has(m.kind as MessageKind) ? (m.kind as MessageKind) : 'text',
    body: m.body,
    attachments: decodeAttachments(m.attachments),
    createdAt,
    status: m.status === 'delivered' || m.status === 'read' ? m.status : 'sent',
  }
  const optional = {
    clientId: str(m.clientId),
    replyTo: str(m.replyTo),
    seq: num(m.seq),
    editedAt: time(m.editedAt),
    deletedAt: time(m.deletedAt),
  }
  for (const [key, v] of Object.entries(optional))
    if (v !== undefined) Object.assign(message, { [key]: v })
  return message
}

function decodeNative(data: unknown): ProtocolEvent[] {
  const parsed = parseFrame(data)
  if (!parsed.ok) return [{ type: 'protocol-error', error: parsed.error, raw: data }]
  const f = parsed.value
  const conversationId = str(f.conversationId)
  const userId = str(f.userId)
  const clientId = str(f.clientId)
  let event: ProtocolEvent | undefined
  switch (f.type) {
    case 'welcome': {
      // A hostile or buggy server must not be able to set a 0 ms (busy) or negative heartbeat.
      const heartbeatMs = num(f.heartbeatMs)
      const sane = heartbeatMs !== undefined && heartbeatMs >= 1_000 && heartbeatMs <= 600_000
      event = { type: 'ready', ...(userId && { userId }), ...(sane && { heartbeatMs }) }
      break
    }
    case 'pong':
      event = { type: 'pong' }
      break
    case 'message':
    case 'ack': {
      const message = decodeMessage(f.message)
      if (message && f.type === 'message') event = { type: 'message', message }
      else if (message && clientId) event = { type: 'ack', clientId, message }
      break
    }
    case 'error': {
      const code = str(f.code) ?? 'unknown'
      const message = str(f.message) ?? 'Server error'
      const requestId = str(f.requestId)
      event = requestId
        ? {
            type: 'mutation-failed',
            requestId,
            error: new ParleyError('mutation-failed', `${code}: ${message}`, { raw: data }),
          }
        : clientId
          ? {
              type: 'send-failed',
              clientId,
              error: new ParleyError('send-failed', `${code}: ${message}`, { raw: data }),
            }
          : { type: 'server-error', code, message }
      break
    }
    case 'typing':
      if (conversationId && userId && typeof f.isTyping === 'boolean') {
        event = { type: 'typing', conversationId, userId, isTyping: f.isTyping }
      }
      break
    case 'receipt': {
      const messageId = str(f.messageId)
      if (conversationId && userId && messageId)
        event = { type: 'receipt', conversationId, userId, messageId }
      break
    }
    case 'presence':
      if (userId && typeof f.online === 'boolean')
        event = { type: 'presence', userId, online: f.online }
      break
    case 'joined': {
      const seq = num(f.seq)
      if (conversationId)
        event = { type: 'joined', conversationId, ...(seq !== undefined && { seq }) }
      break
    }
  }
  if (event) return [event]
  const error = new ParleyError(
    'protocol-error',
    `Unknown or malformed frame ${JSON.stringify(String(f.type)).slice(0, 60)}`,
    { raw: data },
  )
  return [{ type: 'protocol-error', error, raw: data }]
}

function encodeNative(command: ProtocolCommand): string {
  if (command.type !== 'send') return JSON.stringify(command)
  const { clientId, conversationId, kind, body, attachments, replyTo } = command.message
  return JSON.stringify({
    type: 'send',
    clientId,
    conversationId,
    kind,
    body,
    attachments,
    replyTo,
  })
}

/**
 * Parley's own protocol (PROTOCOL.md): the token travels in the first frame (never in the URL,
 * where it would land in proxy logs), the server answers `welcome`, acks carry the client id,
 * and `join` with `afterSeq` replays what a reconnecting client missed.
 */
export const nativeProtocol: ProtocolAdapter = {
  name: 'parley',
  socketUrl: ({ url }) => url,
  openingFrames: ({ token }) => [JSON.stringify({ type: 'auth', token: token ?? null })],
  awaitsReady: true,
  resumes: true,
  idempotentSends: true,
  decode: decodeNative,
  encode: encodeNative,
  ping: (now) => JSON.stringify({ type: 'ping', ts: now }),
  classifyClose: (code) => (AUTH_CLOSE_CODES.has(code) ? 'auth' : 'retry'),
}
