import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'

interface StoredMessage {
  id: string
  clientId: string
  conversationId: string
  senderId: string
  kind: string
  body: string
  attachments: unknown[]
  createdAt: number
  seq: number
  editedAt?: number
  deletedAt?: number
}

export interface Chaos {
  /** Each frame to a client is held back a random 0..maxDelayMs, so frames overtake each other. */
  maxDelayMs: number
  /** Chance that a frame to a client is the last: the connection is cut instead. */
  dropProbability: number
  random: () => number
}

/**
 * A real native-protocol chat server on 127.0.0.1 for transport tests: it can be killed and restarted
 * on the same port, go silent (a half-open peer), refuse the handshake with HTTP 403, close with a
 * code, hold acks back, or (chaos) delay, reorder and cut frames. It stores messages with
 * per-conversation sequence numbers, dedupes sends by client id, and replays after `afterSeq`.
 */
export async function startNativeServer(
  options: { validTokens?: Set<string>; port?: number } = {},
) {
  const validTokens = options.validTokens ?? new Set(['good'])
  const wss = new WebSocketServer({ noServer: true })
  const sockets = new Set<WebSocket>()
  const received: unknown[] = []
  const conversations = new Map<string, StoredMessage[]>()
  const rooms = new Map<WebSocket, Set<string>>()
  const users = new Map<WebSocket, string>()
  let ackDelayMs = 0
  let chaos: Chaos | undefined
  let silent = false
  let refuseHandshake = false
  let hangHandshake = false
  /** Refuse with HTTP 403 an upgrade whose `?token=` is not valid (the seed servers' shape). */
  let refuseInvalidTokenHandshake = false
  let authProbes = 0
  const joins = holdableJoins((ws, data) => handleFrame(ws, data))
  const hung = new Set<Duplex>()
  let handshakes = 0
  let http: Server
  const connections = new Set<Duplex>()

  const deliver = (ws: WebSocket, frame: object) => {
    const text = JSON.stringify(frame)
    if (!chaos) return ws.send(text)
    if (chaos.random() < chaos.dropProbability) return ws.terminate()
    setTimeout(() => ws.readyState === ws.OPEN && ws.send(text), chaos.random() * chaos.maxDelayMs)
  }
  const log = (conversationId: string) => {
    if (!conversations.has(conversationId)) conversations.set(conversationId, [])
    return conversations.get(conversationId)!
  }

  function handleChat(ws: WebSocket, frame: Record<string, unknown>) {
    const userId = users.get(ws)
    if (!userId) return ws.close(4401, 'not authenticated')
    const conversationId = String(frame.conversationId)
    if (frame.type === 'join') {
      rooms.get(ws)?.add(conversationId)
      const messages = log(conversationId)
      const afterSeq = typeof frame.afterSeq === 'number' ? frame.afterSeq : undefined
      if (afterSeq !== undefined)
        for (const m of messages.filter((m) => m.seq > afterSeq))
          deliver(ws, { type: 'message', message: m })
      deliver(ws, { type: 'joined', conversationId, seq: messages.at(-1)?.seq ?? 0 })
    } else if (frame.type === 'send') {
      const clientId = String(frame.clientId)
      if (typeof frame.body !== 'string' || frame.body.trim() === '') {
        return deliver(ws, {
          type: 'error',
          code: 'empty-message',
          message: 'Message is empty',
          clientId,
        })
      }
      const messages = log(conversationId)
      let stored = messages.find((m) => m.clientId === clientId && m.senderId === userId)
      if (!stored) {
        stored = {
          id: `m-${conversationId}-${messages.length + 1}`,
          clientId,
          conversationId,
          senderId: userId,
          kind: 'text',
          body: frame.body,
          attachments: [],
          createdAt: Date.now(),
          seq: messages.length + 1,
        }
        messages.push(stored)
        const { clientId: _omit, ...broadcast } = stored
        for (const [other, joined] of rooms) {
          if (other !== ws && joined.has(conversationId))
            deliver(other, { type: 'message', message: broadcast })
        }
      }
      const ack = { type: 'ack', clientId, message: stored }
      if (ackDelayMs) setTimeout(() => ws.readyState === ws.OPEN && deliver(ws, ack), ackDelayMs)
      else deliver(ws, ack)
    } else if (frame.type === 'edit' || frame.type === 'delete') {
      const target = log(conversationId).find((m) => m.id === frame.messageId)
      if (!target || target.senderId !== userId) {
        return deliver(ws, {
          type: 'error',
          code: 'not-allowed',
          message: `cannot ${frame.type} that message`,
          ...(typeof frame.requestId === 'string' && { requestId: frame.requestId }),
        })
      }
      const updated =
        frame.type === 'edit'
          ? Object.assign(target, { body: String(frame.body), editedAt: Date.now() })
          : Object.assign(target, { body: '', deletedAt: Date.now() })
      const { clientId: _omit, ...broadcast } = updated
      for (const [other, joined] of rooms) {
        if (joined.has(conversationId)) deliver(other, { type: 'message', message: broadcast })
      }
    } else if (frame.type === 'typing' || frame.type === 'read') {
      for (const [other, joined] of rooms) {
        if (other !== ws && joined.has(conversationId)) {
          deliver(
            other,
            frame.type === 'typing'
              ? { type: 'typing', conversationId, userId, isTyping: frame.isTyping }
              : { type: 'receipt', conversationId, userId, messageId: frame.messageId },
          )
        }
      }
    }
  }

  wss.on('connection', (ws) => {
    sockets.add(ws)
    rooms.set(ws, new Set())
    ws.on('close', () => {
      sockets.delete(ws)
      rooms.delete(ws)
      users.delete(ws)
      joins.forget(ws)
    })
    ws.on('message', (data) => {
      if (!silent) joins.receive(ws, String(data))
    })
  })

  /** One frame from a socket, in the order the socket sent them. */
  function handleFrame(ws: WebSocket, data: string) {
    let frame: { type?: unknown; token?: unknown; ts?: unknown; [key: string]: unknown }
    try {
      frame = JSON.parse(data)
    } catch {
      return ws.send(JSON.stringify({ type: 'error', code: 'bad-frame', message: 'invalid JSON' }))
    }
    received.push(frame)
    if (frame.type === 'auth') {
      if (typeof frame.token === 'string' && validTokens.has(frame.token)) {
        users.set(ws, `user-${frame.token}`)
        ws.send(JSON.stringify({ type: 'welcome', userId: `user-${frame.token}` }))
      } else ws.close(4401, 'invalid token')
    } else if (frame.type === 'ping') ws.send(JSON.stringify({ type: 'pong', ts: frame.ts }))
    else handleChat(ws, frame)
  }

  /** `GET /auth` with `Authorization: Bearer <token>`: 204 valid, 401 refused (an adapter's `checkAuth`). */
  const answerAuthProbe = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== '/auth') return void res.writeHead(404).end()
    authProbes += 1
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    res.writeHead(token !== undefined && validTokens.has(token) ? 204 : 401).end()
  }

  const listen = (port: number) =>
    new Promise<void>((resolve) => {
      http = createServer(answerAuthProbe)
      // Every TCP connection, so a kill ends them all: one accepted while the kill runs would
      // otherwise hold `close` open forever (seen in the soak: one client never got back in).
      http.on('connection', (socket) => {
        connections.add(socket)
        socket.on('close', () => connections.delete(socket))
      })
      http.on('upgrade', (req, socket, head) => {
        handshakes += 1
        if (hangHandshake) return void hung.add(socket) // the TCP connection stays, the upgrade never comes
        const urlToken = new URL(req.url ?? '/', 'http://x').searchParams.get('token')
        if (refuseHandshake || (refuseInvalidTokenHandshake && !validTokens.has(urlToken ?? ''))) {
          socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
          return
        }
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
      })
      http.listen(port, '127.0.0.1', () => resolve())
    })
  await listen(options.port ?? 0)
  const port = (http!.address() as AddressInfo).port

  return {
    url: `ws://127.0.0.1:${port}/`,
    port,
    sockets,
    received,
    validTokens,
    get handshakes() {
      return handshakes
    },
    /** `http://127.0.0.1:<port>/auth`: the token probe `checkAuth` adapters call. */
    authUrl: `http://127.0.0.1:${port}/auth`,
    get authProbes() {
      return authProbes
    },
    conversations,
    setSilent: (value: boolean) => (silent = value),
    setAckDelay: (ms: number) => (ackDelayMs = ms),
    setChaos: (value: Chaos | undefined) => (chaos = value),
    /** From now, each socket's next join (and what it sends after) waits for `releaseJoins`. */
    holdJoins: joins.hold,
    /** Joins waiting, one per socket. */
    get heldJoins() {
      return joins.held()
    },
    /** Handle the held joins and the frames behind them, in order, and hold no more. */
    releaseJoins: joins.release,
    /** Cut one user's connections, as a flaky network would. */
    dropUser: (userId: string) => users.forEach((user, ws) => user === userId && ws.terminate()),
    setRefuseHandshake: (value: boolean) => (refuseHandshake = value),
    setHangHandshake: (value: boolean) => (hangHandshake = value),
    setRefuseInvalidTokenHandshake: (value: boolean) => (refuseInvalidTokenHandshake = value),
    broadcastRaw: (data: string | Buffer) => sockets.forEach((ws) => ws.send(data)),
    closeAll: (code: number, reason = '') => sockets.forEach((ws) => ws.close(code, reason)),
    /** The process dies: TCP connections reset, the port stops listening. */
    async kill() {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()))
      for (const ws of sockets) ws.terminate()
      for (const socket of hung) socket.destroy()
      for (const socket of connections) socket.destroy()
      await closed
    },
    restart: () => listen(port),
  }
}

/**
 * A test server's inbound frames, able to hold each socket's next join and every frame after it, as
 * behind a busy server, until `release`: `handle` then gets them in the order the socket sent them.
 */
export function holdableJoins(handle: (ws: WebSocket, data: string) => void) {
  let holding = false
  const heldFrames = new Map<WebSocket, string[]>()
  return {
    receive(ws: WebSocket, data: string) {
      const held = heldFrames.get(ws)
      if (held) held.push(data)
      else if (holding && isJoin(data)) heldFrames.set(ws, [data])
      else handle(ws, data)
    },
    forget: (ws: WebSocket) => heldFrames.delete(ws),
    hold: () => void (holding = true),
    held: () => heldFrames.size,
    release() {
      holding = false
      const held = [...heldFrames]
      heldFrames.clear()
      for (const [ws, frames] of held) for (const data of frames) handle(ws, data)
    },
  }
}

/** Whether a frame is a `join` (anything unparsable is not). */
function isJoin(data: string): boolean {
  try {
    return (JSON.parse(data) as { type?: unknown } | null)?.type === 'join'
  } catch {
    return false
  }
}

export type NativeServer = Awaited<ReturnType<typeof startNativeServer>>

/** A `checkAuth` as an adapter would write it against `authUrl`: 401/403 refused, other errors throw. */
export const checkAuthAt =
  (authUrl: string) =>
  async ({ token }: { token: string | undefined }): Promise<boolean> => {
    const response = await fetch(authUrl, { headers: { authorization: `Bearer ${token ?? ''}` } })
    if (response.status === 401 || response.status === 403) return false
    if (!response.ok) throw new Error(`auth probe answered ${response.status}`)
    return true
  }

export async function waitFor(
  check: () => boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
