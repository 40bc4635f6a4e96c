import type { MockBackend, MockBackendOptions } from '../src'
import { salonCast } from '../src/salon/ids'
import { openRawSocket, sleep, useMockServer } from './helpers'

export const SALON_URL = 'wss://salon.test'
export const SALON_API = 'https://salon.test'
export const SOCKET_ROOT = `${SALON_URL}/api/v1/chat/ws/chat`
export const REST_ROOT = `${SALON_API}/api/v1/chat`
/** Chat ids of the seed's Salon conversations (the model's order: 11th, 12th, 13th). */
export const CHAT = { rosaNoor: 11, rosaEthan: 12, desk: 13 } as const
/** `chat_id × 1,000,000 + seq`. */
export const messageId = (chatId: number, seq: number) => chatId * 1_000_000 + seq
/** Python's naive `isoformat()`: no zone, microseconds or nothing. */
export const NAIVE_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/

/** A response body as these tests read it: any JSON, each test asserts the shape it needs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = Record<string, any>

/** One MSW server per file; each test starts its own Salon backend. */
export function useSalonServer() {
  const mock = useMockServer()
  return {
    ...mock,
    startSalon: (options: Partial<MockBackendOptions> = {}) =>
      mock.startBackend({ dialect: 'salon', url: SALON_URL, apiUrl: SALON_API, ...options }),
  }
}

/** The socket URL a Salon user opens: their role's path, the token in the query. */
export function socketUrl(userId: string, token: string) {
  const path = salonCast[userId]?.type === 'customer' ? 'customer' : 'user'
  return `${SOCKET_ROOT}/${path}?token=${encodeURIComponent(token)}`
}

/** A bare socket signed in as `userId`, once its `connected` greeting has arrived. */
export async function connectSalon(backend: MockBackend, userId: string) {
  const raw = openRawSocket(socketUrl(userId, backend.model.issueToken(userId)))
  await raw.opened
  await raw.frames(1)
  return {
    ...raw,
    json: (frame: object) => raw.send(JSON.stringify(frame)),
    /** Frames after the greeting (all of them, once `count` have arrived). */
    async after(count: number) {
      return (await raw.frames(count + 1)).slice(1)
    },
    /** Frames after the greeting so far, after a pause long enough for any answer to arrive. */
    async settled(ms = 60) {
      await sleep(ms)
      return raw.received.slice(1)
    },
  }
}
export type SalonSocket = Awaited<ReturnType<typeof connectSalon>>

/** Join `chatId` with each socket, and wait until every join has been announced. */
export async function joinAll(chatId: number, ...sockets: SalonSocket[]) {
  for (const socket of sockets) socket.json({ type: 'join_chat', chat_id: chatId })
  await sleep(40)
  for (const socket of sockets) socket.received.splice(1)
}

/** A fetch of Salon's REST API as `userId` (or with the given authorization header). */
export function salonApi(backend: MockBackend, userId: string) {
  const token = backend.model.issueToken(userId)
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(REST_ROOT + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    let json: Body | undefined
    try {
      json = JSON.parse(text) as Body
    } catch {
      json = undefined
    }
    return { status: response.status, body: json as Body, text }
  }
}
