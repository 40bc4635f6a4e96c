import { NativeCloseCode } from '@parley/core/native'
import type { WebSocketHandlerConnection } from 'msw'
import { ChatError, type ChatModel } from './chat-model'
import { createDeliveryLane, createFaultyLane } from './delivery-lane'
import type { FrameFaultRates, LatencySettings, RestFault } from './scenario'
import type { TokenRejection } from './session-model'

/** The server end of one socket, as MSW's `connection` event hands it over (or a tab relays it). */
export type MockSocketClient = Pick<
  WebSocketHandlerConnection['client'],
  'id' | 'send' | 'close' | 'addEventListener'
>
type Frame = Record<string, unknown>

/** Codes of in-band `error` frames; the session stays usable after every one of them. */
export type ServerErrorCode =
  | 'unsupported-frame'
  | 'invalid-json'
  | 'invalid-frame'
  | 'unknown-type'
  | 'missing-field'
  | 'auth-required'
  | 'already-authenticated'
  | ChatError['code']

/** The fault switches the protocol consults on every step (owned and flipped by the controls). */
export interface FaultState {
  outageUntil: number
  latency: LatencySettings
  refuseAuth: boolean
  silent: boolean
  /** Fractions of frames dropped, duplicated or swapped with the next, per direction, after auth. */
  frames: { toClient: FrameFaultRates; toServer: FrameFaultRates }
  uploads: RestFault
  history: RestFault
}

export interface NativeServerContext {
  model: ChatModel
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
  /** Conversations this socket joined: it receives their messages, typing and receipts. */
  readonly joined: ReadonlySet<string>
  /** Send a frame, through latency and frame faults like every other. */
  deliver(frame: Frame): void
  /** Close from the server side, after any frame still in flight to the client. */
  close(code: number, reason: string): void
}

const REJECTION_REASONS: Record<TokenRejection, string> = {
  missing: 'token missing',
  unknown: 'token unknown',
  expired: 'token expired',
  revoked: 'token revoked',
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined)

/** The server end of one native-protocol socket: auth first, then chat frames, errors in-band. */
export function acceptNativeConnection(client: MockSocketClient, ctx: NativeServerContext): void {
  const { faults, model } = ctx
  // A server that is down never completes the handshake: the client sees a failure before `open`,
  // which is exactly what a browser reports for a refused connection (close 1006, no reason).
  if (Date.now() < faults.outageUntil) return client.close(1006, '')

  const toClient = createDeliveryLane()
  const toServer = createDeliveryLane()
  const delay = (baseMs: number) =>
    baseMs + (faults.latency.jitterMs > 0 ? ctx.random() * faults.latency.jitterMs : 0)
  // Frame faults hit only an authenticated session: a lost auth frame tests nothing but patience.
  const faultyToClient = createFaultyLane(ctx.random, () => faults.frames.toClient)
  const faultyToServer = createFaultyLane(ctx.random, () => faults.frames.toServer)
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => (timers.delete(timer), run()), ms)
    timers.add(timer)
  }
  const joined = new Set<string>()
  let userId: string | undefined
  let token: string | undefined

  const transmit = (frame: Frame) => () =>
    toClient.push(delay(faults.latency.toClientMs), () => {
      // A silent server is a half-open peer: whatever it had to say is lost.
      if (!faults.silent) client.send(JSON.stringify(frame))
    })
  const send = (frame: Frame) =>
    userId === undefined ? transmit(frame)() : faultyToClient.push(transmit(frame))
  const sendError = (code: ServerErrorCode, message: string, clientId?: string) =>
    send({ type: 'error', code, message, ...(clientId !== undefined && { clientId }) })
  const session: LiveSession = {
    id: client.id,
    get userId() {
      return userId
    },
    get token() {
      return token
    },
    joined,
    deliver: send,
    close: (code, reason) =>
      toClient.push(delay(faults.latency.toClientMs), () => client.close(code, reason)),
  }
  ctx.sessions.add(session)

  later(ctx.authTimeoutMs, () => {
    if (userId === undefined && !faults.silent)
      session.close(NativeCloseCode.AuthTimeout, 'no auth frame in time')
  })

  const authenticate = (frame: Frame) => {
    if (faults.refuseAuth)
      return session.close(NativeCloseCode.Unauthorized, 'authentication refused')
    const result = model.authenticate(frame.token)
    if (!result.ok)
      return session.close(NativeCloseCode.Unauthorized, REJECTION_REASONS[result.rejection])
    const id = result.user.id
    token = frame.token as string
    send({ type: 'welcome', userId: id, heartbeatMs: ctx.heartbeatMs }) // never faulted
    userId = id
    // Who among this user's contacts is online now; changes follow as `presence` frames.
    for (const contact of model.contactsOf(id))
      if (model.isOnline(contact)) send({ type: 'presence', userId: contact, online: true })
    model.setOnline(id, true)
    // A token that runs out mid-session ends the session, as `expireToken` does.
    if (result.expiresAt !== undefined) {
      later(Math.max(0, result.expiresAt - Date.now()), () =>
        session.close(NativeCloseCode.Unauthorized, 'token expired'),
      )
    }
  }

  /** A chat frame from an authenticated user; the model throws `ChatError` for what it refuses. */
  const chat = (self: string, f: Frame) => {
    const conversationId = f.conversationId as string
    switch (f.type) {
      case 'join': {
        const afterSeq = typeof f.afterSeq === 'number' ? f.afterSeq : undefined
        const { replay, seq } = model.join(self, conversationId, afterSeq)
        joined.add(conversationId)
        for (const message of replay) send({ type: 'message', message })
        return send({ type: 'joined', conversationId, seq })
      }
      case 'send': {
        const clientId = str(f.clientId)
        if (!clientId) return sendError('missing-field', 'send needs a string "clientId"')
        try {
          const request = {
            conversationId,
            clientId,
            kind: f.kind as never,
            body: f.body as string,
            attachments: f.attachments as never,
            ...(f.replyTo !== undefined && f.replyTo !== null && { replyTo: f.replyTo as string }),
          }
          const { message } = model.send(self, request, session.id)
          return send({ type: 'ack', clientId, message })
        } catch (error) {
          if (error instanceof ChatError) return sendError(error.code, error.message, clientId)
          throw error
        }
      }
      case 'typing':
        if (typeof f.isTyping !== 'boolean')
          return sendError('missing-field', 'typing needs a boolean "isTyping"')
        return model.typing(self, conversationId, f.isTyping)
      case 'read':
        return model.markRead(self, conversationId, f.messageId as string)
      case 'edit':
        return void model.edit(
          self,
          conversationId,
          f.messageId as string,
          f.body as string,
          session.id,
        )
      case 'delete':
        return void model.remove(self, conversationId, f.messageId as string, session.id)
    }
    sendError('unknown-type', `Unknown frame type ${JSON.stringify(f.type).slice(0, 80)}`)
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
    const fields = frame as Frame
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
    try {
      chat(userId, fields)
    } catch (error) {
      if (!(error instanceof ChatError)) throw error
      // An edit or delete names its request, so the client can tell which one was refused.
      const requestId = str(fields.requestId)
      if (requestId) send({ type: 'error', code: error.code, message: error.message, requestId })
      else sendError(error.code, error.message)
    }
  }

  client.addEventListener('message', (event) => {
    const arrive = () => toServer.push(delay(faults.latency.toServerMs), () => receive(event.data))
    if (userId === undefined) arrive()
    else faultyToServer.push(arrive)
  })
  client.addEventListener('close', () => {
    ctx.sessions.delete(session)
    if (userId !== undefined) model.setOnline(userId, false)
    for (const timer of timers) clearTimeout(timer)
    toClient.dispose()
    toServer.dispose()
    faultyToClient.dispose()
    faultyToServer.dispose()
  })
}
