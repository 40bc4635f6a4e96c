export type ParleyErrorCode =
  | 'protocol-error'
  | 'send-failed'
  | 'ack-timeout'
  | 'outbox-full'
  | 'http-error'
  | 'invalid-upload'
  | 'aborted'
  | 'connect-timeout'
  | 'heartbeat-timeout'
  | 'token-error'
  | 'socket-error'
  /** An edit or delete the server refused, or whose answer never came. */
  | 'mutation-failed'
  /** The client was created without something it needs (a `protocol`). */
  | 'invalid-options'
  /** History could not be fetched to fill a gap after a reconnect. */
  | 'sync-failed'

/** Every error Parley reports is one of these, so callers can branch on `code` instead of text. */
export class ParleyError extends Error {
  override readonly name = 'ParleyError'
  readonly code: ParleyErrorCode
  /** The offending input (a raw frame, say), kept for debugging. */
  readonly raw?: unknown

  constructor(
    code: ParleyErrorCode,
    message: string,
    options: { raw?: unknown; cause?: unknown } = {},
  ) {
    super(message, options) // sets `cause` only when options has one
    this.code = code
    this.raw = options.raw
  }
}
