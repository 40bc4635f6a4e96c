import { ParleyError } from '../errors'
import type { Conversation, Message, Participant, UploadedFile } from '../model'
import type { HistoryPage, ProtocolAdapter } from '../protocol'
import { num, str, time, type Frame } from './decode'
import { decodeSalonMessage, salonIdentity, wireId, type SalonOptions } from './salon'

type Rest = Pick<
  ProtocolAdapter,
  'checkAuth' | 'fetchConversations' | 'fetchHistory' | 'upload' | 'editMessage' | 'deleteMessage'
>

/** A page number past which a server that ignores `before_message_id` is not followed further. */
const MAX_PAGES = 200

const httpError = (status: number, body: unknown) =>
  new ParleyError('http-error', str((body as Frame | undefined)?.detail) ?? `HTTP ${status}`, {
    raw: { status, body },
  })
const unreachable = (cause: unknown) =>
  new ParleyError('http-error', 'The server could not be reached', { cause })

function decodeChat(value: unknown): Conversation | undefined {
  const c = value as Frame | undefined
  const id = num(c?.id)?.toString() ?? str(c?.id)
  if (!c || !id) return undefined
  const participants = (Array.isArray(c.participants) ? (c.participants as Frame[]) : []).flatMap(
    (p): Participant[] => {
      const pid = salonIdentity(p?.participant_type, p?.participant_id)
      if (!pid) return []
      const name = str(p.name) ?? str(p.email) ?? str(p.phone) ?? pid
      return [{ id: pid, name, role: p.participant_type === 'user' ? 'staff' : 'customer' }]
    },
  )
  const title = str(c.title)
  // `last_message_preview` has no id or sender, so it is not turned into a `lastMessage`.
  return {
    id,
    kind: c.chat_type === 'user_customer' || participants.length <= 2 ? 'direct' : 'group',
    participants,
    unreadCount: num(c.unread_count) ?? 0,
    updatedAt: time(c.last_message_at) ?? time(c.updated_at) ?? time(c.created_at) ?? 0,
    ...(title !== undefined && { title }),
  }
}

/** Salon's REST side: the chat list and `checkAuth` for everyone; history, edit, delete and upload for staff only. */
export function salonRest(options: SalonOptions, resolve: (path: string) => string): Rest {
  const { apiUrl, role } = options
  const doFetch = (path: string, init: RequestInit, token: string | undefined) =>
    (options.fetch ?? fetch)(apiUrl + path, {
      ...init,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...init.headers },
    }).catch((cause: unknown) => {
      throw unreachable(cause)
    })
  const call = async (path: string, token: string | undefined, init: RequestInit = {}) => {
    const response = await doFetch(path, init, token)
    const body: unknown = await response.json().catch(() => undefined)
    if (!response.ok) throw httpError(response.status, body)
    return body
  }
  const chatsPath = role === 'user' ? '/chats' : '/chats/customer'

  const customer: Rest = {
    // A cheap authenticated call: 401/403 mean the token is refused; anything else unanswered is an outage.
    async checkAuth({ token }) {
      const { status, ok } = await doFetch(`${chatsPath}?is_archived=false`, {}, token)
      if (ok) return true
      if (status === 401 || status === 403) return false
      throw httpError(status, undefined)
    },
    // Salon's list has no paging and no search: the whole list comes at once and is searched here.
    async fetchConversations({ search }, { token }) {
      const body = (await call(`${chatsPath}?is_archived=false`, token)) as unknown
      const rows = Array.isArray(body) ? body : ((body as Frame | undefined)?.chats ?? [])
      const needle = search?.trim().toLowerCase()
      const conversations = (Array.isArray(rows) ? rows : []).flatMap((c) => decodeChat(c) ?? [])
      return {
        conversations: needle
          ? conversations.filter((c) =>
              [c.title, ...c.participants.map((p) => p.name)].some((s) =>
                s?.toLowerCase().includes(needle),
              ),
            )
          : conversations,
      }
    },
  }
  if (role !== 'user') return customer

  /** A message a mutation answered with: the row itself, or wrapped in `message` / `data`. */
  const answered = (body: unknown): Message | undefined => {
    const b = body as Frame | undefined
    return (
      decodeSalonMessage(b, resolve) ??
      decodeSalonMessage(b?.message, resolve) ??
      decodeSalonMessage(b?.data, resolve)
    )
  }
  const messagePath = (messageId: string) => {
    const id = wireId(messageId)
    if (id === undefined)
      throw new ParleyError('mutation-failed', `Not a Salon message id: ${messageId}`)
    return `/messages/${id}`
  }

  return {
    ...customer,
    fetchHistory: (request, { token }) => fetchHistory(request, token),
    async editMessage({ messageId, body }, { token }) {
      const answer = await call(messagePath(messageId), token, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: body }),
      })
      const message = answered(answer)
      if (!message)
        throw new ParleyError('protocol-error', 'The edit was answered without the message', {
          raw: answer,
        })
      return message
    },
    // The server may answer with the deleted row or with a bare confirmation.
    async deleteMessage({ messageId }, { token }) {
      return answered(await call(messagePath(messageId), token, { method: 'DELETE' }))
    },
    upload: (request, { token }) => upload(request, token),
  }

  /**
   * Salon pages from the newest (page 1 = the latest `page_size`, newest first), so page numbers
   * shift as messages arrive. `before_message_id` (undocumented, accepted by the real code) anchors
   * pages to an id; a server that ignores it is still read correctly: ids at or after `before` are
   * dropped, pages are walked until `limit` older messages are found, and overlap from shifting
   * pages is removed by id.
   */
  async function fetchHistory(
    { conversationId, before, limit }: { conversationId: string; before?: string; limit: number },
    token: string | undefined,
  ): Promise<HistoryPage> {
    const chat = wireId(conversationId)
    const anchor = before === undefined ? undefined : wireId(before)
    if (chat === undefined || (before !== undefined && anchor === undefined))
      throw new ParleyError('http-error', `Not a Salon id: ${conversationId} / ${before}`)
    const pageSize = Math.min(Math.max(1, Math.floor(limit)), 100)
    const found = new Map<string, Message>()
    let more = true
    for (let page = 1; more && found.size < pageSize && page <= MAX_PAGES; page++) {
      const query = `page=${page}&page_size=${pageSize}${anchor === undefined ? '' : `&before_message_id=${anchor}`}`
      const body = (await call(`/chats/${chat}/messages?${query}`, token)) as Frame | undefined
      const rows = Array.isArray(body?.messages) ? body.messages : []
      for (const row of rows) {
        const message = decodeSalonMessage(row, resolve, chat)
        if (message && (anchor === undefined || Number(message.id) < anchor))
          found.set(message.id, message)
      }
      more =
        rows.length > 0 &&
        (typeof body?.has_more === 'boolean'
          ? body.has_more
          : (num(body?.total) ?? 0) > page * pageSize)
    }
    const messages = [...found.values()].sort((a, b) => Number(a.id) - Number(b.id))
    return { messages: messages.slice(-pageSize), hasMore: messages.length > pageSize || more }
  }

  function toFile(body: Frame | undefined, name: string): UploadedFile | undefined {
    const url = str(body?.file_url)
    if (!body || !url) return undefined
    const thumbnail = str(body.thumbnail_url)
    return {
      url: resolve(url),
      name: str(body.file_name) ?? name,
      mimeType: str(body.file_type) ?? '',
      size: num(body.file_size) ?? 0,
      ...(thumbnail && { thumbnailUrl: resolve(thumbnail) }),
    }
  }

  /** XMLHttpRequest where there is one (only it reports upload progress), else the app's or global fetch. */
  function upload(
    { file, name, onProgress, signal }: Parameters<NonNullable<ProtocolAdapter['upload']>>[0],
    token: string | undefined,
  ): Promise<UploadedFile> {
    const form = new FormData()
    form.append('file', file, name)
    const settle = (status: number, body: Frame | undefined) => {
      const stored = status < 300 ? toFile(body, name) : undefined
      if (!stored) throw httpError(status, body)
      onProgress?.(1)
      return stored
    }
    if (options.fetch || typeof XMLHttpRequest === 'undefined') {
      if (signal?.aborted) return Promise.reject(new ParleyError('aborted', 'Upload cancelled'))
      return doFetch(
        '/upload',
        { method: 'POST', body: form, ...(signal && { signal }) },
        token,
      ).then(
        async (r) => settle(r.status, (await r.json().catch(() => undefined)) as Frame | undefined),
        (error: ParleyError) => {
          throw signal?.aborted ? new ParleyError('aborted', 'Upload cancelled') : error
        },
      )
    }
    return new Promise<UploadedFile>((resolvePromise, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', `${apiUrl}/upload`)
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`)
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total)
      xhr.onload = () => {
        let body: Frame | undefined
        try {
          body = JSON.parse(xhr.responseText) as Frame
        } catch {
          // reported as an HTTP error without a body
        }
        try {
          resolvePromise(settle(xhr.status, body))
        } catch (error) {
          reject(error)
        }
      }
      xhr.onerror = () => reject(unreachable(undefined))
      signal?.addEventListener('abort', () => {
        xhr.abort()
        reject(new ParleyError('aborted', 'Upload cancelled'))
      })
      xhr.send(form)
    })
  }
}
