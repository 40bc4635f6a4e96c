import { delay, http, HttpResponse, type HttpHandler, type JsonBodyType } from 'msw'
import { ChatError, type StoredMessage } from '../chat-model'
import type { MockUser } from '../session-model'
import type { SalonContext } from './context'
import { newClientId, type ParticipantType } from './ids'
import { salonUpload, type UploadLimits } from './upload'

/** Salon's REST prefix, after the server's origin. */
export const SALON_API_PREFIX = '/api/v1/chat'

interface Call {
  user: MockUser
  request: Request
  params: Record<string, string>
  query: URLSearchParams
}
type Fault = 'uploads' | 'history'

/** FastAPI's error body. */
export const detail = (status: number, text: string) =>
  HttpResponse.json({ detail: text }, { status })

const STATUS_TEXT: Partial<Record<ChatError['code'], string>> = {
  'unknown-conversation': 'Chat not found',
  'not-participant': 'Not a participant in this chat',
  'unknown-message': 'Message not found',
}

async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  const body: unknown = await request.json().catch(() => undefined)
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ChatError('invalid-request', 'The body must be a JSON object')
  return body as Record<string, unknown>
}

/** A positive integer from the query, or the default; anything else is FastAPI's 422. */
function intParam(query: URLSearchParams, name: string, fallback: number, max = Infinity) {
  const text = query.get(name)
  if (text === null) return fallback
  const value = /^\d+$/.test(text) ? Number(text) : NaN
  if (!(value >= 1 && value <= max))
    throw new ChatError(
      'invalid-message', // 422, as FastAPI validates
      `${name} must be ${max === Infinity ? 'a positive integer' : `an integer from 1 to ${max}`}`,
    )
  return value
}

/** The route handlers' shared frame: latency, outage, auth by role, faults, errors as `detail`. */
export function salonRoute(ctx: SalonContext, base: string) {
  const { faults, model, ids } = ctx
  return (
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    role: ParticipantType,
    handle: (call: Call) => unknown,
    fault?: Fault,
  ) =>
    http[method](base + path, async ({ request, params }) => {
      const { toClientMs, toServerMs, jitterMs } = faults.latency
      const wait =
        toClientMs +
        toServerMs +
        (fault ? faults[fault].delayMs : 0) +
        (jitterMs > 0 ? ctx.random() * jitterMs : 0)
      if (wait > 0) await delay(wait)
      if (Date.now() < faults.outageUntil) return detail(503, 'Service Unavailable')
      const token = /^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]
      if (token === undefined) return detail(403, 'Not authenticated')
      const auth = faults.refuseAuth ? undefined : model.authenticate(token)
      // A customer's token on a staff endpoint names nobody there, and the other way round.
      if (!auth?.ok || ids.identityOf(auth.user.id)?.type !== role)
        return detail(401, 'Could not validate credentials')
      if (fault && faults[fault].failRate > 0 && ctx.random() < faults[fault].failRate)
        return detail(503, `The ${fault} service failed (simulated)`)
      try {
        const result = await handle({
          user: auth.user,
          request,
          params: params as Record<string, string>,
          query: new URL(request.url).searchParams,
        })
        return result instanceof Response ? result : HttpResponse.json(result as JsonBodyType)
      } catch (error) {
        if (!(error instanceof ChatError)) throw error
        return detail(error.status, STATUS_TEXT[error.code] ?? error.message)
      }
    })
}

/** Salon's REST API (prefix `/api/v1/chat`) over the same model the socket uses. */
export function salonRestHandlers(ctx: SalonContext, base: string, limits: UploadLimits) {
  const route = salonRoute(ctx, base)
  const { model, ids, wire } = ctx

  const conversationOf = (param: string | undefined) => {
    const conversationId = /^\d+$/.test(param ?? '') ? ids.conversationOf(Number(param)) : undefined
    if (conversationId === undefined) throw new ChatError('unknown-conversation', 'Chat not found')
    return conversationId
  }
  const messageOf = (param: string | undefined): StoredMessage => {
    const target = /^\d+$/.test(param ?? '') ? ids.modelMessageOf(Number(param)) : undefined
    if (!target) throw new ChatError('unknown-message', 'Message not found')
    return model.message(target.conversationId, target.seq)!
  }
  const list = ({ user }: Call) =>
    model
      .listConversations(user.id, { limit: 200 })
      .conversations.map(({ id }) => wire.chat(id, user.id))

  const handlers: HttpHandler[] = [
    route('get', '/chats', 'user', list),
    route('get', '/chats/customer', 'customer', list),
    route('post', '/chats', 'user', (call) => createChat(ctx, call, 'customer', 'customer_id')),
    route('post', '/chats/customer', 'customer', (call) =>
      createChat(ctx, call, 'user', 'user_id'),
    ),
    route(
      'get',
      '/chats/:id/messages',
      'user',
      ({ user, params, query }) => historyPage(ctx, user, conversationOf(params.id), query),
      'history',
    ),
    route('post', '/chats/:id/messages', 'user', async ({ user, params, request }) =>
      restSend(ctx, user, conversationOf(params.id), await jsonBody(request)),
    ),
    route('put', '/messages/:id', 'user', async ({ user, params, request }) => {
      const { content } = await jsonBody(request)
      const message = messageOf(params.id)
      if (message.senderId !== user.id) return detail(403, 'You can only edit your own messages')
      return wire.restRow(
        model.edit(user.id, message.conversationId, message.id, content as string),
      )
    }),
    route('delete', '/messages/:id', 'user', ({ user, params }) => {
      const message = messageOf(params.id)
      if (message.senderId !== user.id) return detail(403, 'You can only delete your own messages')
      model.remove(user.id, message.conversationId, message.id)
      return { message: 'Message deleted' }
    }),
    route('post', '/upload', 'user', ({ request }) => salonUpload(request, limits), 'uploads'),
  ]
  return handlers
}

/** `POST /chats` (staff, with `customer_id`) and `POST /chats/customer` (with `user_id`). */
async function createChat(
  ctx: SalonContext,
  { user, request }: Call,
  otherType: ParticipantType,
  field: 'customer_id' | 'user_id',
) {
  const body = await jsonBody(request)
  const other = ctx.ids.userOf(otherType, body[field])
  if (!other) return detail(404, otherType === 'customer' ? 'Customer not found' : 'User not found')
  const { conversation, created } = ctx.model.createConversation(user.id, {
    kind: 'direct',
    participantIds: [other.id],
  })
  const initial = body.initial_message
  if (typeof initial === 'string' && initial.trim() !== '')
    ctx.model.send(user.id, {
      conversationId: conversation.id,
      clientId: newClientId(),
      body: initial,
    })
  return HttpResponse.json(ctx.wire.chat(conversation.id, user.id), { status: created ? 201 : 200 })
}

/**
 * A page numbered from the newest: page 1 is the latest `page_size`, newest first, so pages
 * drift as messages arrive. `before_message_id` (undocumented) pages below a message instead.
 */
function historyPage(
  ctx: SalonContext,
  user: MockUser,
  conversationId: string,
  query: URLSearchParams,
) {
  const { model, ids, wire } = ctx
  const page = intParam(query, 'page', 1)
  const pageSize = intParam(query, 'page_size', 50, 100)
  model.summary(conversationId, user.id) // membership
  let newest = model.latestSeq(conversationId)
  if (query.has('before_message_id')) {
    const before = ids.modelMessageOf(Number(query.get('before_message_id')))
    newest = before?.conversationId === conversationId ? before.seq - 1 : newest
  }
  const top = newest - (page - 1) * pageSize
  const messages: StoredMessage[] = []
  for (let seq = top; seq > Math.max(0, top - pageSize); seq--)
    messages.push(model.message(conversationId, seq)!)
  if (ctx.quirks.historyFailsOnReceipts && messages.some((m) => ctx.receipts.of(m).length > 0))
    return new HttpResponse('Internal Server Error', { status: 500 })
  return {
    messages: messages.map(wire.restRow),
    total: newest,
    page,
    page_size: pageSize,
    has_more: top - pageSize > 0,
  }
}

const REST_TYPES: Record<string, StoredMessage['kind']> = {
  text: 'text',
  image: 'image',
  voice: 'voice',
  system: 'system',
}

/**
 * `POST /chats/{id}/messages`. REST rows keep `media_url`. With `restSendFails`, a sender who is
 * online gets what the real server does: stored, pushed to nobody, one socket closed, a 500.
 */
function restSend(
  ctx: SalonContext,
  user: MockUser,
  conversationId: string,
  body: Record<string, unknown>,
) {
  const kind = REST_TYPES[String(body.message_type ?? 'text')]
  if (!kind) throw new ChatError('invalid-message', 'Invalid message type')
  const mediaUrl = typeof body.media_url === 'string' ? body.media_url : undefined
  const replyTo =
    body.reply_to_message_id === undefined || body.reply_to_message_id === null
      ? undefined
      : ctx.ids.modelMessageOf(body.reply_to_message_id)
  if (replyTo && replyTo.conversationId !== conversationId)
    throw new ChatError('unknown-message', 'Reply target not found')
  const fails = ctx.quirks.restSendFails && ctx.model.isOnline(user.id)
  ctx.hush.message = fails
  let message
  try {
    message = ctx.model.send(user.id, {
      conversationId,
      clientId: newClientId(),
      kind,
      body: typeof body.content === 'string' ? body.content : '',
      ...(mediaUrl !== undefined &&
        kind !== 'text' && {
          attachments: [{ kind: kind === 'voice' ? 'voice' : 'image', url: mediaUrl }],
        }),
      ...(replyTo && { replyTo: `${conversationId}.${replyTo.seq}` }),
    }).message
  } finally {
    ctx.hush.message = false
  }
  if (fails) {
    const victim = [...ctx.sessions].find((session) => session.joined.has(conversationId))
    victim?.close(1011, '')
    return new HttpResponse('Internal Server Error', { status: 500 })
  }
  return HttpResponse.json(ctx.wire.restRow(message), { status: 201 })
}
