import type { ParleyError } from './errors'

/**
 * What a decoded frame means to the connection. Chat events (messages, typing, receipts…) join this
 * union as the adapters learn them; the connection itself only cares about the first three.
 */
export type ProtocolEvent =
  /** The server accepted the session (native `welcome`, Salon `connected`). */
  | { type: 'ready'; userId?: string; heartbeatMs?: number }
  /** Answer to a heartbeat ping. */
  | { type: 'pong' }
  /** The server reported an error in-band. `fatal` asks the connection to treat the session as dead. */
  | { type: 'server-error'; code: string; message: string; fatal?: boolean }
  /** A frame we could not understand. Never thrown: reported, with the raw frame. */
  | { type: 'protocol-error'; error: ParleyError; raw: unknown }

/** How the connection should react to a close or a refused handshake. */
export type CloseVerdict = 'retry' | 'auth'

export interface ConnectContext {
  /** The base URL from the client options, already resolved. */
  url: string
  /** The token `getToken` returned for this attempt (undefined when the app has none). */
  token: string | undefined
}

/**
 * A protocol adapter: everything that differs between backends lives here, so the core never
 * branches on a dialect. One object per backend; see `nativeProtocol` for a complete example.
 */
export interface ProtocolAdapter {
  readonly name: string
  /** The URL to open. Dialects that carry the token in the query string put it here. */
  socketUrl(ctx: ConnectContext): string
  /** Frames sent as soon as the socket opens: an auth frame, joins… */
  openingFrames?(ctx: ConnectContext): string[]
  /**
   * When true the connection stays `connecting` after the socket opens until `decode` yields a
   * `ready` event, so a server that authenticates in-band can still refuse us before we say "open".
   */
  readonly awaitsReady?: boolean
  /** Turn one inbound frame into zero or more events. Must not throw; bad input → `protocol-error`. */
  decode(data: unknown): ProtocolEvent[]
  /** A heartbeat frame. Dialects without ping/pong leave this out and get no heartbeat. */
  ping?(now: number): string
  /** Classify a close code. Codes meaning "your credentials are bad" must return 'auth'. */
  classifyClose(code: number, reason: string): CloseVerdict
  /**
   * True for servers that refuse a bad token before the handshake completes (HTTP 403). A browser
   * only sees that as error + close 1006, indistinguishable from an outage, so the connection
   * counts consecutive failures before the socket ever opened instead.
   */
  readonly refusesAuthBeforeOpen?: boolean
}
