import type { SocketConstructor } from '../connection'
import { createSharedSocket } from '../cross-tab'
import type { Capabilities, ProtocolAdapter } from '../protocol'
import {
  decodeSalon,
  encodeSalon,
  matchSalonPending,
  type SalonOptions,
  type SalonRole,
} from './salon'
import { salonRest } from './salon-rest'

/** What Salon can do, for staff or for customers (whose REST side is the chat list only). */
export function salonCapabilities(role: SalonRole): Partial<Capabilities> {
  const staff = role === 'user'
  return {
    // Images and voice notes are Salon kinds, but the real server drops `media_url` from socket
    // sends (stores null): the kind arrives, its file does not. No `file` kind at all.
    kinds: ['text', 'image', 'voice', 'system'],
    mutationsReachOthers: false,
    edit: staff,
    delete: staff,
    history: staff,
    upload: staff,
    // The chat list comes whole, with no search parameter.
    search: false,
    // `POST /chats` makes a staff–customer chat; groups cannot be made.
    createGroups: false,
  }
}

/** Who a token names: a JWT's `sub`, or the token itself (an opaque token is its own identity). */
function subjectOf(token: string): string {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')
    return String((JSON.parse(atob(payload)) as { sub?: unknown }).sub ?? token)
  } catch {
    return token
  }
}

/**
 * A socket shared by the tabs of one identity: keyed by role, subject and server, so two tabs of
 * one staff member hold one connection (Salon drops both of a duplicate identity, forever).
 */
function sharedPerIdentity(role: SalonRole): SocketConstructor {
  const shared = new Map<string, SocketConstructor>()
  return function SalonSocket(url: string) {
    const [base = url, query = ''] = url.split('?')
    const key = `salon:${role}:${subjectOf(new URLSearchParams(query).get('token') ?? '')}@${base}`
    if (!shared.has(key)) shared.set(key, createSharedSocket({ key }))
    return new (shared.get(key)!)(url)
  } as unknown as SocketConstructor
}

/**
 * Seed 004's Salon chat. The client's `url` is the chat prefix as a ws URL
 * (`wss://api.salon.test/api/v1/chat`; an http(s) URL is converted): the adapter appends
 * `/ws/chat/user` or `/ws/chat/customer` and `?token=`. REST calls go to `apiUrl`.
 */
export function createSalonProtocol(options: SalonOptions): ProtocolAdapter {
  const { role } = options
  const resolve = (path: string) => {
    try {
      return new URL(path, options.apiUrl).href
    } catch {
      return path
    }
  }
  return {
    name: `salon-${role}`,
    ...(options.shareAcrossTabs !== false && { WebSocket: sharedPerIdentity(role) }),
    socketUrl: ({ url, token }) =>
      `${url.replace(/^http/, 'ws').replace(/\/+$/, '')}/ws/chat/${role}?token=${encodeURIComponent(token ?? '')}`,
    awaitsReady: true,
    refusesAuthBeforeOpen: true,
    idempotentSends: false,
    resumes: false,
    capabilities: salonCapabilities(role),
    decode: (data) => decodeSalon(data, resolve),
    encode: encodeSalon,
    ping: () => JSON.stringify({ type: 'ping' }),
    matchPending: matchSalonPending,
    // The seed documents 1008 for a bad token; the real server refuses before the handshake instead.
    classifyClose: (code) => (code === 1008 ? 'auth' : 'retry'),
    ...salonRest(options, resolve),
  }
}
