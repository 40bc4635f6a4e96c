import type { ParleyError } from './errors'

/** Why the connection left `open` (or never reached it). Every transition carries one. */
export type DisconnectReason =
  | { kind: 'close'; code: number; reason: string }
  | { kind: 'error'; error: ParleyError }
  | { kind: 'connect-timeout' }
  | { kind: 'heartbeat-timeout'; silentForMs: number }
  | { kind: 'offline' }
  | { kind: 'auth'; code?: number; message: string }
  | { kind: 'app' }

/** The states a UI can show. `attempt` counts retries since the last stable connection. */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  | { status: 'open'; since: number; userId?: string }
  | { status: 'reconnecting'; attempt: number; retryAt: number; reason: DisconnectReason }
  | { status: 'offline'; reason: DisconnectReason }
  | { status: 'unauthorized'; reason: DisconnectReason }
  | { status: 'closed'; reason: DisconnectReason }

export type ConnectionStatus = ConnectionState['status']
