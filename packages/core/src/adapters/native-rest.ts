import { ParleyError, type ParleyErrorCode } from '../errors'
import type { Conversation, Participant, UploadedFile } from '../model'
import type { HistoryPage, ProtocolAdapter } from '../protocol'
import { num, str, time, type Frame } from './decode'
import { decodeMessage, nativeProtocol } from './native'

export interface NativeRestOptions {
  /** Base of the REST API, e.g. `https://chat.example.com/api`. */
  apiUrl: string
  fetch?: typeof fetch
}

type Rest = Pick<ProtocolAdapter, 'fetchHistory' | 'fetchConversations' | 'upload'>

const REFUSED = { 413: 1, 415: 1 }

const httpError = (status: number, body: unknown, code: ParleyErrorCode = 'http-error') =>
  new ParleyError(code, str((body as { error?: Frame })?.error?.message) ?? `HTTP ${status}`, {
    raw: { status, body },
  })

function decodeParticipant(value: unknown): Participant | undefined {
  const p = value as Frame
  const id = str(p?.id)
  const name = str(p?.name)
  if (!id || name === undefined) return undefined
  const participant: Participant = { id, name }
  if (str(p.avatarUrl)) participant.avatarUrl = p.avatarUrl as string
  if (str(p.role)) participant.role = p.role as string
  return participant
}

function decodeConversation(value: unknown): Conversation | undefined {
  const c = value as Frame
  const id = str(c?.id)
  if (!id || !Array.isArray(c.participants)) return undefined
  const lastMessage = decodeMessage(c.lastMessage)
  const title = str(c.title)
  return {
    id,
    kind: c.kind === 'group' ? 'group' : 'direct',
    participants: c.participants.flatMap((p) => decodeParticipant(p) ?? []),
    unreadCount: num(c.unreadCount) ?? 0,
    updatedAt: time(c.updatedAt) ?? 0,
    ...(title !== undefined && { title }),
    ...(lastMessage && { lastMessage }),
  }
}

/** The native protocol's REST side (PROTOCOL.md): history pages, the conversation list, uploads. */
export function nativeRest({ apiUrl, fetch: fetchImpl }: NativeRestOptions): Rest {
  const get = async (path: string, token: string | undefined): Promise<Frame> => {
    const response = await (fetchImpl ?? fetch)(apiUrl + path, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }).catch((cause: unknown) => {
      throw new ParleyError('http-error', 'The server could not be reached', { cause })
    })
    const body: unknown = await response.json().catch(() => undefined)
    if (!response.ok || typeof body !== 'object' || body === null)
      throw httpError(response.status, body)
    return body as Frame
  }
  const query = (params: Record<string, string | number | undefined>) =>
    new URLSearchParams(
      Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
    ).toString()

  return {
    async fetchHistory({ conversationId, before, limit }, { token }): Promise<HistoryPage> {
      const body = await get(
        `/conversations/${encodeURIComponent(conversationId)}/messages?${query({ before, limit })}`,
        token,
      )
      const raw = Array.isArray(body.messages) ? body.messages : []
      return {
        messages: raw.flatMap((m) => decodeMessage(m) ?? []),
        hasMore: body.hasMore === true,
      }
    },
    async fetchConversations({ search, cursor }, { token }) {
      const body = await get(`/conversations?${query({ search, cursor })}`, token)
      const raw = Array.isArray(body.conversations) ? body.conversations : []
      const nextCursor = str(body.nextCursor)
      return {
        conversations: raw.flatMap((c) => decodeConversation(c) ?? []),
        ...(nextCursor && { nextCursor }),
      }
    },
    // XMLHttpRequest, not fetch: only it reports upload progress.
    upload: ({ file, name, onProgress, signal }, { token }) =>
      new Promise<UploadedFile>((resolve, reject) => {
        const xhr = new XMLHttpRequest()
        xhr.open('POST', `${apiUrl}/uploads`)
        if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`)
        xhr.upload.onprogress = (event) =>
          event.lengthComputable && onProgress?.(event.loaded / event.total)
        xhr.onload = () => {
          let body: Frame | undefined
          try {
            body = JSON.parse(xhr.responseText) as Frame
          } catch {
            // reported below as an HTTP error with no body
          }
          const url = str(body?.url)
          // 413 too large, 415 wrong type: the file's fault, as when the app's own rules refuse it.
          if (xhr.status >= 300 || !url || !body)
            return reject(
              httpError(xhr.status, body, xhr.status in REFUSED ? 'invalid-upload' : undefined),
            )
          const file: UploadedFile = {
            url,
            name: str(body.name) ?? name,
            mimeType: str(body.mimeType) ?? '',
            size: num(body.size) ?? 0,
          }
          for (const key of ['width', 'height'] as const)
            if (num(body[key])) file[key] = body[key] as number
          if (str(body.thumbnailUrl)) file.thumbnailUrl = body.thumbnailUrl as string
          resolve(file)
        }
        xhr.onerror = () =>
          reject(new ParleyError('http-error', 'The upload did not reach the server'))
        signal?.addEventListener('abort', () => {
          xhr.abort()
          reject(new ParleyError('aborted', 'Upload cancelled'))
        })
        const form = new FormData()
        form.append('file', file, name)
        xhr.send(form)
      }),
  }
}

/**
 * Parley's own protocol ("native": the dialect Parley speaks natively, not React Native) with its
 * REST side, for apps that load history pages, lists and uploads.
 */
export const createNativeProtocol = (rest: NativeRestOptions): ProtocolAdapter => ({
  ...nativeProtocol,
  ...nativeRest(rest),
})
