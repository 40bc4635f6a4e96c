export type ParleyErrorCode =
  | 'protocol-error'
  | 'send-failed'
  | 'ack-timeout'
  | 'outbox-full'
  | 'connect-timeout'
  | 'heartbeat-timeout'
  | 'token-error'
  | 'socket-error'
  | 'no-websocket'

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
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.raw = options.raw
  }
}
