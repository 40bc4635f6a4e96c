import {
  createChatClient,
  type ChatClient,
  type Participant,
  type ProtocolAdapter,
} from '@parley/core'
import { createSalonProtocol } from '@parley/core/adapters/salon'
import { createSharedSocket } from '@parley/core/cross-tab'
import { createNativeProtocol } from '@parley/core/native'
import { createMockBackend, type MockBackend, type MockUser } from '@parley/mock-backend'
import type { DemoSession } from './demo-session'
import { storeDevtools } from './store-devtools'

/** Short, so a silenced server is noticed within ~10 s rather than 35 s. */
export const HEARTBEAT_MS = 5_000

/** One backend dialect the demo can run on: its mocked server, its cast and its client. */
export interface DemoDialect {
  backend: MockBackend
  /** Who the sign-in menu offers. */
  users: readonly MockUser[]
  defaultUser: string
  /** Tabs of one dialect share one server; the two dialects never mix. */
  shareName: string
  connect(session: DemoSession): DemoConnection
}

export interface DemoConnection {
  client: ChatClient
  protocol: ProtocolAdapter
  /** Whom "New conversation" offers, where the backend has no directory to search (Salon). */
  people?: readonly Participant[]
}

interface DialectOptions {
  seedTime: number
}

/** Parley's own protocol: the trainer ↔ client seed, sockets and REST under `/api`. */
export function nativeDialect({ seedTime }: DialectOptions): DemoDialect {
  // Never reaches a network: MSW answers it inside this page (or another tab of the demo).
  const url = 'wss://parley.test/native'
  const apiUrl = '/api'
  const backend = createMockBackend({
    url,
    apiUrl,
    heartbeatMs: HEARTBEAT_MS,
    simulate: true,
    seedTime,
  })
  return {
    backend,
    users: backend.model.users,
    defaultUser: 'client-sam',
    shareName: 'parley-mock-backend',
    connect(session) {
      // The native dialect does not say how long a message may be: the mock server's limit is 4,000.
      const protocol = {
        ...createNativeProtocol({ apiUrl }),
        capabilities: { maxMessageLength: 4000 },
      }
      const client = createChatClient({
        url,
        protocol,
        getToken: session.getToken,
        heartbeatIntervalMs: HEARTBEAT_MS,
        heartbeatGraceMs: HEARTBEAT_MS,
        ...storeDevtools(session.user.id),
      })
      return { client, protocol }
    },
  }
}

/**
 * Seed 004's Salon server (`?dialect=salon`): its staff and customers, its wire and its quirks,
 * with no change on the server's side. The client is what a salon's own app would write.
 */
export function salonDialect({ seedTime }: DialectOptions): DemoDialect {
  const url = 'wss://salon.test/api/v1/chat'
  const apiUrl = '/api/v1/chat'
  const backend = createMockBackend({ dialect: 'salon', url, apiUrl, simulate: true, seedTime })
  const ids = backend.salon!.ids
  return {
    backend,
    users: backend.model.users.filter((user) => ids.identityOf(user.id) !== undefined),
    defaultUser: 'staff-rosa',
    shareName: 'parley-mock-backend-salon',
    connect(session) {
      const identity = ids.identityOf(session.user.id)!
      const protocol = createSalonProtocol({ apiUrl, role: identity.type })
      const client = createChatClient({
        url,
        protocol,
        getToken: session.getToken,
        heartbeatIntervalMs: HEARTBEAT_MS,
        heartbeatGraceMs: HEARTBEAT_MS,
        ...storeDevtools(session.user.id),
        // The real server drops both sockets of one identity: two tabs of one person share one.
        WebSocket: createSharedSocket({ key: `salon:${identity.type}:${identity.id}@${url}` }),
      })
      // Salon has no directory: its app knows its own customers (staff) or salon (customers).
      const people = backend.model.users.flatMap((user) => {
        const other = ids.identityOf(user.id)
        return other && other.type !== identity.type
          ? [{ id: `${other.type}:${other.id}`, name: user.name }]
          : []
      })
      return { client, protocol, people }
    },
  }
}
