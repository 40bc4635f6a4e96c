import { ParleyError } from '../errors'
import type { Conversation, Message } from '../model'
import type { HistoryPage, ProtocolAdapter } from '../protocol'
import { num, str, time, type Frame } from './decode'
import { decodeSalonMessage, salonIdentity, wireId, type SalonOptions } from './salon'
import { uploadXhr } from './upload-xhr'

type Rest = Pick<
  ProtocolAdapter,
  | 'checkAuth'
  | 'fetchConversations'
  | 'fetchHistory'
  | 'upload'
  | 'editMessage'
  | 'deleteMessage'
  | 'createConversation'
>

/** A page number past which a server that ignores `before_message_id` is not followed further. */
const MAX_PAGES = 200

/** An http-error with the status in `raw`; FastAPI's `detail` is the message where there is one. */
const httpError = (status: number, body?: unknown, cause?: unknown) =>
  new ParleyError('http-error', str((body as Frame | undefined)?.detail) ?? `HTTP ${status}`, {
    raw: { status, body },
    cause,
  })

/** A Salon integer id, or an http-error before anything is asked of the server. */
const need = (id: string): number => {
  const n = wireId(id)
  if (n === undefined) throw httpError(400, { detail: `Not a Salon id: ${id}` })
  return n
}

function decodeChat(value: unknown): Conversation[] {
  const c = value as Frame | undefined
  const id = wireId(String(c?.id))
  if (!c || id === undefined) return []
  const participants = (Array.isArray(c.participants) ? (c.participants as Frame[]) : []).flatMap(
    (p) => {
      const pid = salonIdentity(p?.participant_type, p?.participant_id)
      // Staff are named by name or email, customers often only by phone.
      const name = str(p?.name ?? p?.email ?? p?.phone) ?? pid!
      return pid
        ? [{ id: pid, name, role: p.participant_type === 'user' ? 'staff' : 'customer' }]
        : []
    },
  )
  // `last_message_preview` has no id or sender, so it is not turned into a `lastMessage`.
  return [
    {
      id: String(id),
      kind: participants.length > 2 ? 'group' : 'direct',
      participants,
      unreadCount: num(c.unread_count) ?? 0,
      updatedAt: time(c.last_message_at ?? c.updated_at ?? c.created_at) ?? 0,
      ...(str(c.title) && { title: c.title as string }),
    },
  ]
}

/** Salon's REST side: the chat list and `checkAuth` for everyone; history, edit, delete and upload for staff only. */
export function salonRest(options: SalonOptions, resolve: (path: string) => string): Rest {
  const { apiUrl, role } = options
  const call = async (path: string, token: string | undefined, method = 'GET', json?: object) => {
    const response = await (options.fetch ?? fetch)(apiUrl + path, {
      method,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(json && { 'content-type': 'application/json' }),
      },
      ...(json && { body: JSON.stringify(json) }),
    }).catch((cause: unknown) => {
      throw new ParleyError('http-error', 'Server unreachable', { cause })
    })
    const body = (await response.json().catch(() => undefined)) as Frame | undefined
    if (!response.ok) throw httpError(response.status, body)
    return body
  }
  const mine = `/chats${role === 'user' ? '' : '/customer'}`
  const chats = `${mine}?is_archived=false`

  const everyone: Rest = {
    // A cheap authenticated call: 401/403 mean the token is refused; anything else unanswered is an outage.
    checkAuth: ({ token }) =>
      call(chats, token).then(
        () => true,
        (error: ParleyError) => {
          const { status } = (error.raw ?? {}) as { status?: number }
          if (status === 401 || status === 403) return false
          throw error
        },
      ),
    // Salon's list has neither paging nor search (capabilities say so): it comes whole.
    async fetchConversations(_, { token }) {
      const body = await call(chats, token)
      return {
        conversations: (Array.isArray(body) ? body : []).flatMap(decodeChat),
      }
    },
    // Direct chats only, always with the other side: staff start one with a customer
    // (`POST /chats {customer_id}`), customers with staff (`POST /chats/customer {user_id}`).
    async createConversation({ kind, participantIds: [who = '', ...more] }, { token }) {
      const other = role === 'user' ? 'customer' : 'user'
      const [type, id = ''] = who.split(':')
      if (kind !== 'direct' || more.length || type !== other)
        throw httpError(400, { detail: `Only direct chats with a ${other}` })
      const answer = await call(mine, token, 'POST', { [`${other}_id`]: need(id) })
      const [conversation] = decodeChat(answer)
      if (!conversation)
        throw new ParleyError('protocol-error', 'Answered without the chat', { raw: answer })
      return conversation
    },
  }
  if (role !== 'user') return everyone

  /** The message a mutation was answered with: the row itself, or wrapped in `message`. */
  const answered = (body: Frame | undefined) =>
    decodeSalonMessage(body, resolve) ?? decodeSalonMessage(body?.message, resolve)

  return {
    ...everyone,
    fetchHistory: ({ conversationId, before, limit }, { token }) =>
      fetchHistory(
        need(conversationId),
        before === undefined ? undefined : need(before),
        limit,
        token,
      ),
    async editMessage({ messageId, body }, { token }) {
      const answer = await call(`/messages/${need(messageId)}`, token, 'PUT', { content: body })
      const message = answered(answer)
      if (!message)
        throw new ParleyError('protocol-error', 'Answered without the message', { raw: answer })
      return message
    },
    // The server may answer with the deleted row, or with a bare confirmation (nothing to merge).
    deleteMessage: async ({ messageId }, { token }) =>
      answered(await call(`/messages/${need(messageId)}`, token, 'DELETE')),
    upload: (request, { token }) =>
      uploadXhr(`${apiUrl}/upload`, request, token, (status, body) => {
        const url = str(body?.file_url)
        if (status >= 300 || !url) return httpError(status, body)
        const thumbnail = str(body!.thumbnail_url)
        return {
          url: resolve(url),
          name: str(body!.file_name) ?? request.name,
          mimeType: str(body!.file_type) ?? '',
          size: num(body!.file_size) ?? 0,
          ...(thumbnail && { thumbnailUrl: resolve(thumbnail) }),
        }
      }),
  }

  /**
   * Salon pages from the newest (page 1 = the latest `page_size`, newest first), so page numbers
   * shift as messages arrive. `before_message_id` (undocumented, accepted by the real code) anchors
   * pages to an id; a server that ignores it is still read correctly: ids at or after `before` are
   * dropped, pages are walked until `limit` older messages are found, and overlap from shifting
   * pages is removed by id.
   */
  async function fetchHistory(
    chat: number,
    before: number | undefined,
    limit: number,
    token: string | undefined,
  ): Promise<HistoryPage> {
    const size = Math.min(Math.max(1, Math.floor(limit)), 100)
    const anchor = before === undefined ? '' : `&before_message_id=${before}`
    const found = new Map<string, Message>()
    const seen = new Set<string>()
    let more = true
    let progress = true
    for (let page = 1; more && progress && found.size < size && page <= MAX_PAGES; page++) {
      const body = await call(
        `/chats/${chat}/messages?page=${page}&page_size=${size}${anchor}`,
        token,
      )
      const rows = Array.isArray(body?.messages) ? (body.messages as unknown[]) : []
      const seenBefore = seen.size
      for (const row of rows) {
        const message = decodeSalonMessage(row, resolve, chat)
        // Another chat's row (a server bug) must not land in this timeline.
        if (!message || message.conversationId !== String(chat)) continue
        seen.add(message.id)
        if (before === undefined || message.seq! < before) found.set(message.id, message)
      }
      more = rows.length > 0 && body?.has_more === true
      // A page with nothing new ends the walk (a server repeating itself is not followed 200
      // times); `hasMore` still says more exists, so the next call goes on from the oldest found.
      progress = seen.size > seenBefore
    }
    const messages = [...found.values()].sort((a, b) => a.seq! - b.seq!)
    return { messages: messages.slice(-size), hasMore: messages.length > size || more }
  }
}
