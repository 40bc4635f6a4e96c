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

/**
 * The states a UI can show. `attempt` counts retries since the last stable connection.
 *
 * `authSuspected` (only for adapters with `refusesAuthBeforeOpen` and no `checkAuth`): this many
 * handshakes in a row with the same token failed before the socket opened. A browser cannot tell a
 * refused token (HTTP 403) from an outage, so the connection keeps retrying and re-reading
 * `getToken()`; a UI may say "Can't connect — the server may have refused your session".
 */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number; authSuspected?: true }
  | { status: 'open'; since: number; userId?: string }
  | {
      status: 'reconnecting'
      attempt: number
      retryAt: number
      reason: DisconnectReason
      authSuspected?: true
    }
  | { status: 'offline'; reason: DisconnectReason }
  | { status: 'unauthorized'; reason: DisconnectReason }
  | { status: 'closed'; reason: DisconnectReason }

export type ConnectionStatus = ConnectionState['status']
