import type { Capabilities, ProtocolAdapter } from '../protocol'
import {
  decodeSalon,
  encodeSalon,
  matchSalonPending,
  type SalonOptions,
  type SalonRole,
} from './salon'
import { salonRest } from './salon-rest'

const AUTH_CLOSE_CODES = new Set([1008, 4001, 4003, 4401, 4403])

/** What Salon can do, for staff or for customers (whose REST side is the chat list only). */
export function salonCapabilities(role: SalonRole): Partial<Capabilities> {
  const staff = role === 'user'
  return {
    kinds: ['text', 'image', 'voice', 'system'],
    mutationsReachOthers: false,
    edit: staff,
    delete: staff,
    history: staff,
    upload: staff,
    createConversation: false,
    reactions: false,
  }
}

/**
 * Seed 004's Salon chat. The client's `url` is the chat prefix as a ws URL
 * (`wss://api.salon.test/api/v1/chat`; an http(s) URL is converted): the adapter appends
 * `/ws/chat/user` or `/ws/chat/customer` and `?token=`. REST calls go to `apiUrl`.
 */
export function createSalonProtocol(options: SalonOptions): ProtocolAdapter {
  const { role } = options
  // The order sends went on the wire, which is the order the server stores and echoes them in.
  // Entries leave on their echo; a cap bounds what failed or discarded sends leave behind.
  const wireOrder = new Map<string, number>()
  let sent = 0
  const resolve = (path: string) => {
    try {
      return new URL(path, options.apiUrl).href
    } catch {
      return path
    }
  }
  return {
    name: `salon-${role}`,
    socketUrl: ({ url, token }) =>
      `${url.replace(/^http/, 'ws').replace(/\/+$/, '')}/ws/chat/${role}?token=${encodeURIComponent(token ?? '')}`,
    awaitsReady: true,
    refusesAuthBeforeOpen: true,
    idempotentSends: false,
    resumes: false,
    capabilities: salonCapabilities(role),
    decode: (data) => decodeSalon(data, resolve),
    encode(command) {
      const frame = encodeSalon(command)
      const clientId = command.type === 'send' ? command.message.clientId : undefined
      if (frame && clientId) {
        wireOrder.delete(clientId) // a retry goes to the back of the line
        wireOrder.set(clientId, ++sent)
        if (wireOrder.size > 1_000) wireOrder.delete(wireOrder.keys().next().value!)
      }
      return frame
    },
    ping: () => JSON.stringify({ type: 'ping' }),
    matchPending(incoming, pending) {
      const clientId = matchSalonPending(incoming, pending, (id) => wireOrder.get(id))
      if (clientId) wireOrder.delete(clientId)
      return clientId
    },
    classifyClose: (code) => (AUTH_CLOSE_CODES.has(code) ? 'auth' : 'retry'),
    ...salonRest(options, resolve),
  }
}
