import { createDeliveryLane, createFaultyLane } from '../delivery-lane'
import type { LiveSession, MockSocketClient } from '../native-server'
import type { SalonContext } from './context'
import { handleSalonFrame } from './frames'
import { naiveUtc, type ParticipantType } from './ids'

/** A socket as the server sees it; Salon reads its token and role from the URL. */
export type SalonSocketClient = MockSocketClient & { url?: URL | string }

type Frame = Record<string, unknown>

/** The socket paths, after `/api/v1/chat`: staff and customers each have their own. */
export const SALON_SOCKET_PATHS: Record<ParticipantType, string> = {
  user: '/ws/chat/user',
  customer: '/ws/chat/customer',
}

const roleOf = (url: URL): ParticipantType | undefined =>
  (Object.keys(SALON_SOCKET_PATHS) as ParticipantType[]).find((type) =>
    url.pathname.endsWith(SALON_SOCKET_PATHS[type]),
  )

/**
 * Who this socket is, or undefined when the real server would refuse the handshake: no or bad
 * token, a token of someone Salon does not know, or a staff token on the customer path (or back).
 */
function admit(client: SalonSocketClient, ctx: SalonContext) {
  if (client.url === undefined || ctx.faults.refuseAuth) return undefined
  const url = new URL(String(client.url))
  const auth = ctx.model.authenticate(url.searchParams.get('token') ?? undefined)
  if (!auth.ok) return undefined
  const identity = ctx.ids.identityOf(auth.user.id)
  if (!identity || identity.type !== roleOf(url)) return undefined
  return { userId: auth.user.id, token: url.searchParams.get('token')!, identity }
}

/** The server end of one Salon socket: refused before the handshake, or greeted and served. */
export function acceptSalonConnection(client: SalonSocketClient, ctx: SalonContext): void {
  const { faults, model } = ctx
  // A server that is down and a refused token look the same to a browser: the handshake fails
  // (HTTP 403 on the real server) and the socket closes with 1006 without ever opening.
  const admitted = Date.now() < faults.outageUntil ? undefined : admit(client, ctx)
  if (!admitted) return client.close(1006, '')
  const { userId, token, identity } = admitted

  const toClient = createDeliveryLane()
  const toServer = createDeliveryLane()
  const delay = (baseMs: number) =>
    baseMs + (faults.latency.jitterMs > 0 ? ctx.random() * faults.latency.jitterMs : 0)
  const faultyToClient = createFaultyLane(ctx.random, () => faults.frames.toClient)
  const faultyToServer = createFaultyLane(ctx.random, () => faults.frames.toServer)
  const joined = new Set<string>()
  const transmit = (frame: Frame) => () =>
    toClient.push(delay(faults.latency.toClientMs), () => {
      if (!faults.silent) client.send(JSON.stringify(frame))
    })
  const session: LiveSession = {
    id: client.id,
    userId,
    token,
    joined,
    deliver: (frame) => faultyToClient.push(transmit(frame)),
    close: (code, reason) =>
      toClient.push(delay(faults.latency.toClientMs), () => client.close(code, reason)),
  }

  // The greeting is never faulted: a lost one tests nothing but patience.
  transmit({
    type: 'connected',
    participant_type: identity.type,
    participant_id: identity.id,
    timestamp: naiveUtc(Date.now()),
  })()
  const twins = [...ctx.sessions].filter((other) => other.userId === userId)
  ctx.sessions.add(session)
  ctx.hush.presence = true
  model.setOnline(userId, true)
  ctx.hush.presence = false
  // The real server accepts the second socket, greets it, then drops both: after `open`, which
  // MSW dispatches once this handler's microtasks are done.
  if (ctx.quirks.duplicateIdentityDrops && twins.length > 0)
    setTimeout(() => [...twins, session].forEach((doomed) => doomed.close(1000, '')))

  const receive = (data: unknown) => {
    if (faults.silent) return
    let frame: unknown
    try {
      frame = typeof data === 'string' ? JSON.parse(data) : undefined
    } catch {
      frame = undefined
    }
    if (frame === undefined) {
      // The real server's receive loop dies on a frame it cannot parse and closes "normally".
      if (ctx.quirks.invalidJsonCloses) return session.close(1000, '')
      return session.deliver({ type: 'error', error: 'Invalid JSON' })
    }
    handleSalonFrame(frame, { ctx, session, identity })
  }

  client.addEventListener('message', (event) =>
    faultyToServer.push(() =>
      toServer.push(delay(faults.latency.toServerMs), () => receive(event.data)),
    ),
  )
  client.addEventListener('close', () => {
    ctx.sessions.delete(session)
    for (const conversationId of joined)
      announce(ctx, session, conversationId, 'user_left', identity)
    ctx.hush.presence = true
    model.setOnline(userId, false)
    ctx.hush.presence = false
    toClient.dispose()
    toServer.dispose()
    faultyToClient.dispose()
    faultyToServer.dispose()
  })
}

/** `user_joined` / `user_left` to the other sockets in that chat's room. */
export function announce(
  ctx: SalonContext,
  self: LiveSession | undefined,
  conversationId: string,
  type: 'user_joined' | 'user_left',
  identity: { type: ParticipantType; id: number },
): void {
  const frame = {
    type,
    chat_id: ctx.ids.chatIdOf(conversationId),
    participant_type: identity.type,
    participant_id: identity.id,
  }
  for (const other of ctx.sessions)
    if (other !== self && other.joined.has(conversationId)) other.deliver(frame)
}
