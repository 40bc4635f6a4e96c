import { NativeCloseCode } from '@parley/core/native'
import type { WebSocketHandlerConnection } from 'msw'
import { createDeliveryLane } from './delivery-lane'
import type { LatencySettings } from './scenario'
import type { SessionModel, TokenRejection } from './session-model'

type ClientConnection = WebSocketHandlerConnection['client']

/** Codes of in-band `error` frames; the session stays usable after every one of them. */
export type ServerErrorCode =
  | 'unsupported-frame'
  | 'invalid-json'
  | 'invalid-frame'
  | 'unknown-type'
  | 'missing-field'
  | 'auth-required'
  | 'already-authenticated'

/** The fault switches the protocol consults on every step (owned and flipped by the controls). */
export interface FaultState {
  outageUntil: number
  latency: LatencySettings
  refuseAuth: boolean
  silent: boolean
}

export interface NativeServerContext {
  model: SessionModel
  faults: FaultState
  sessions: Set<LiveSession>
  heartbeatMs: number
  authTimeoutMs: number
  random: () => number
}

export interface LiveSession {
  readonly id: string
  readonly userId: string | undefined
  readonly token: string | undefined
  /** Close from the server side, after any frame still in flight to the client. */
  close(code: number, reason: string): void
}

const REJECTION_REASONS: Record<TokenRejection, string> = {
  missing: 'token missing',
  unknown: 'token unknown',
  expired: 'token expired',
  revoked: 'token revoked',
}

/** The server end of one native-protocol socket: auth first, then ping/pong, errors in-band. */
export function acceptNativeConnection(client: ClientConnection, ctx: NativeServerContext): void {
  const { faults } = ctx
  // A server that is down never completes the handshake: the client sees a failure before `open`,
  // which is exactly what a browser reports for a refused connection (close 1006, no reason).
  if (Date.now() < faults.outageUntil) return client.close(1006, '')

  const toClient = createDeliveryLane()
  const toServer = createDeliveryLane()
  const delay = (baseMs: number) =>
    baseMs + (faults.latency.jitterMs > 0 ? ctx.random() * faults.latency.jitterMs : 0)
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => (timers.delete(timer), run()), ms)
    timers.add(timer)
  }
  let userId: string | undefined
  let token: string | undefined

  const send = (frame: Record<string, unknown>) =>
    toClient.push(delay(faults.latency.toClientMs), () => {
      // A silent server is a half-open peer: whatever it had to say is lost.
      if (!faults.silent) client.send(JSON.stringify(frame))
    })
  const sendError = (code: ServerErrorCode, message: string) =>
    send({ type: 'error', code, message })
  const session: LiveSession = {
    id: client.id,
    get userId() {
      return userId
    },
    get token() {
      return token
    },
    close: (code, reason) =>
      toClient.push(delay(faults.latency.toClientMs), () => client.close(code, reason)),
  }
  ctx.sessions.add(session)

  later(ctx.authTimeoutMs, () => {
    if (userId === undefined && !faults.silent)
      session.close(NativeCloseCode.AuthTimeout, 'no auth frame in time')
  })

  const authenticate = (frame: Record<string, unknown>) => {
    if (faults.refuseAuth)
      return session.close(NativeCloseCode.Unauthorized, 'authentication refused')
    const result = ctx.model.authenticate(frame.token)
    if (!result.ok)
      return session.close(NativeCloseCode.Unauthorized, REJECTION_REASONS[result.rejection])
    userId = result.user.id
    token = frame.token as string
    send({ type: 'welcome', userId, heartbeatMs: ctx.heartbeatMs })
    // A token that runs out mid-session ends the session, as `expireToken` does.
    if (result.expiresAt !== undefined) {
      later(Math.max(0, result.expiresAt - Date.now()), () =>
        session.close(NativeCloseCode.Unauthorized, 'token expired'),
      )
    }
  }

  const receive = (data: unknown) => {
    if (faults.silent) return
    if (typeof data !== 'string')
      return sendError('unsupported-frame', 'Binary frames are not part of this protocol')
    let frame: unknown
    try {
      frame = JSON.parse(data)
    } catch {
      return sendError('invalid-json', 'Frame is not valid JSON')
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
      return sendError('invalid-frame', 'Frame is not a JSON object')
    }
    const fields = frame as Record<string, unknown>
    if (typeof fields.type !== 'string')
      return sendError('missing-field', 'Frame has no string "type"')
    if (fields.type === 'auth') {
      return userId === undefined
        ? authenticate(fields)
        : sendError('already-authenticated', 'This session is already authenticated')
    }
    if (userId === undefined)
      return sendError('auth-required', 'The first frame must be {"type":"auth","token":…}')
    if (fields.type === 'ping') {
      if (typeof fields.ts !== 'number')
        return sendError('missing-field', 'ping needs a numeric "ts"')
      return send({ type: 'pong', ts: fields.ts })
    }
    sendError('unknown-type', `Unknown frame type ${JSON.stringify(fields.type).slice(0, 80)}`)
  }

  client.addEventListener('message', (event) =>
    toServer.push(delay(faults.latency.toServerMs), () => receive(event.data)),
  )
  client.addEventListener('close', () => {
    ctx.sessions.delete(session)
    for (const timer of timers) clearTimeout(timer)
    toClient.dispose()
    toServer.dispose()
  })
}
