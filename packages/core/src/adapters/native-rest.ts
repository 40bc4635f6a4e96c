import { ParleyError, type ParleyErrorCode } from '../errors'
import type { Conversation, Participant, UploadedFile } from '../model'
import type { HistoryPage, ProtocolAdapter } from '../protocol'
import { num, str, time, type Frame } from './decode'
import { decodeMessage, nativeProtocol } from './native'
import { uploadXhr } from './upload-xhr'

export interface NativeRestOptions {
  /** Base of the REST API, e.g. `https://chat.example.com/api`. */
  apiUrl: string
  fetch?: typeof fetch
}

type Rest = Pick<
  ProtocolAdapter,
  'fetchHistory' | 'fetchConversations' | 'upload' | 'createConversation' | 'searchPeople'
>

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

/** The native protocol's REST side (PROTOCOL.md): history pages, the conversation list, uploads, new conversations, people. */
export function nativeRest({ apiUrl, fetch: fetchImpl }: NativeRestOptions): Rest {
  const call = async (path: string, token: string | undefined, json?: object): Promise<Frame> => {
    const response = await (fetchImpl ?? fetch)(apiUrl + path, {
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(json && { 'content-type': 'application/json' }),
      },
      ...(json && { method: 'POST', body: JSON.stringify(json) }),
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
      const body = await call(
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
      const body = await call(`/conversations?${query({ search, cursor })}`, token)
      const raw = Array.isArray(body.conversations) ? body.conversations : []
      const nextCursor = str(body.nextCursor)
      return {
        conversations: raw.flatMap((c) => decodeConversation(c) ?? []),
        ...(nextCursor && { nextCursor }),
      }
    },
    // 201 made, 200 when the direct conversation already existed: either way, the one to open.
    async createConversation(request, { token }) {
      const body = await call('/conversations', token, request)
      const conversation = decodeConversation(body.conversation)
      if (!conversation)
        throw new ParleyError('protocol-error', 'Answered without the conversation', { raw: body })
      return conversation
    },
    async searchPeople({ search }, { token }) {
      const body = await call(`/users?${query({ search })}`, token)
      return (Array.isArray(body.users) ? body.users : []).flatMap(
        (p) => decodeParticipant(p) ?? [],
      )
    },
    upload: (request, { token }) =>
      uploadXhr(`${apiUrl}/uploads`, request, token, (status, body) => {
        const url = str(body?.url)
        // 413 too large, 415 wrong type: the file's fault, as when the app's own rules refuse it.
        if (status >= 300 || !url || !body)
          return httpError(status, body, status in REFUSED ? 'invalid-upload' : undefined)
        const file: UploadedFile = {
          url,
          name: str(body.name) ?? request.name,
          mimeType: str(body.mimeType) ?? '',
          size: num(body.size) ?? 0,
        }
        for (const key of ['width', 'height'] as const)
          if (num(body[key])) file[key] = body[key] as number
        if (str(body.thumbnailUrl)) file.thumbnailUrl = body.thumbnailUrl as string
        return file
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
