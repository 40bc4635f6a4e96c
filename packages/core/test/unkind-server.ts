import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Message, ProtocolAdapter } from '../src'
import { decodeMessage, nativeProtocol } from '../src/native'
import { holdableJoins, type Chaos } from './native-server'

/**
 * How a seed-shaped backend acknowledges a send. `echo` (Salon's shape): the stored message comes
 * back to every joined member, the sender included, with no client id. `rest` (Vibe's shape):
 * sends are POSTed, the response is the ack, and the socket skips the sender.
 */
export type AckShape = 'echo' | 'rest'

interface Stored {
  id: string
  conversationId: string
  senderId: string
  kind: 'text'
  body: string
  attachments: []
  createdAt: number
  seq: number
}

/**
 * A real chat server on 127.0.0.1 as unkind as the seed backends: it never dedupes (every send is
 * stored again), never resumes (a rejoin replays nothing: clients must refetch history), pages
 * history newest first by `before`, and can delay, hold back, drop and restart. It speaks the native
 * frames (`auth`/`welcome`, `join`, `send`, `message`) so the engine's behaviour is what is tested.
 */
export async function startUnkindServer(options: { ack: AckShape; tokens?: string[] }) {
  const tokens = new Set(options.tokens ?? ['alice', 'bob'])
  const wss = new WebSocketServer({ noServer: true })
  const users = new Map<WebSocket, string>()
  const rooms = new Map<WebSocket, Set<string>>()
  const conversations = new Map<string, Stored[]>()
  const faults = { echoDelayMs: 0, restFailsAfterStore: false, historyFails: false }
  let chaos: Chaos | undefined
  const joins = holdableJoins((ws, data) => handleFrame(ws, data))
  let handshakes = 0
  let restSends = 0
  let http: Server
  const connections = new Set<Socket>()

  const deliver = (ws: WebSocket, frame: object, delayMs = 0) => {
    const text = JSON.stringify(frame)
    const send = () => ws.readyState === ws.OPEN && ws.send(text)
    if (chaos && chaos.random() < chaos.dropProbability) return ws.terminate()
    const wait = delayMs + (chaos ? chaos.random() * chaos.maxDelayMs : 0)
    if (wait) setTimeout(send, wait)
    else send()
  }

  function store(conversationId: string, senderId: string, body: string): Stored {
    const list = conversations.get(conversationId) ?? []
    conversations.set(conversationId, list)
    const last = list.at(-1)
    const message: Stored = {
      id: `m${conversationId}-${list.length + 1}`,
      conversationId,
      senderId,
      kind: 'text',
      body,
      attachments: [],
      // Strictly increasing, so the clients' time order is the server's order.
      createdAt: Math.max(Date.now(), (last?.createdAt ?? 0) + 1),
      seq: list.length + 1,
    }
    list.push(message)
    return message
  }

  /** To everyone joined; the sender's own sockets too when the echo is the ack. */
  function broadcast(message: Stored, sender: string) {
    for (const [ws, joined] of rooms) {
      if (!joined.has(message.conversationId)) continue
      const own = users.get(ws) === sender
      if (own && options.ack === 'rest') continue
      deliver(ws, { type: 'message', message }, own ? faults.echoDelayMs : 0)
    }
  }

  wss.on('connection', (ws) => {
    rooms.set(ws, new Set())
    ws.on('close', () => (rooms.delete(ws), users.delete(ws), joins.forget(ws)))
    ws.on('message', (data) => joins.receive(ws, String(data)))
  })

  /** One frame from a socket, in the order the socket sent them. */
  function handleFrame(ws: WebSocket, data: string) {
    let frame: Record<string, unknown>
    try {
      frame = JSON.parse(data) as Record<string, unknown>
    } catch {
      return ws.close(1000) // as Salon does: no error frame, just gone
    }
    const userId = users.get(ws)
    if (frame.type === 'auth') {
      if (typeof frame.token !== 'string' || !tokens.has(frame.token))
        return ws.close(4401, 'invalid token')
      users.set(ws, `user-${frame.token}`)
      return ws.send(JSON.stringify({ type: 'welcome', userId: `user-${frame.token}` }))
    }
    if (!userId) return ws.close(4401, 'not authenticated')
    if (frame.type === 'ping') return deliver(ws, { type: 'pong', ts: frame.ts })
    const conversationId = String(frame.conversationId)
    if (frame.type === 'join') rooms.get(ws)?.add(conversationId)
    if (frame.type === 'send' && options.ack === 'echo' && typeof frame.body === 'string')
      broadcast(store(conversationId, userId, frame.body), userId)
  }

  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))

  function history(url: URL, res: ServerResponse) {
    if (faults.historyFails) return json(res, 500, { error: { message: 'history is down' } })
    const list = conversations.get(url.searchParams.get('conversationId') ?? '') ?? []
    const before = url.searchParams.get('before')
    const limit = Number(url.searchParams.get('limit') ?? 50)
    const end = before ? list.findIndex((m) => m.id === before) : list.length
    const start = Math.max(0, (end < 0 ? list.length : end) - limit)
    json(res, 200, { messages: list.slice(start, end < 0 ? list.length : end), hasMore: start > 0 })
  }

  function restSend(req: IncomingMessage, res: ServerResponse, body: string) {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
    if (!tokens.has(token)) return json(res, 401, { error: { message: 'refused' } })
    const { conversationId, body: text } = JSON.parse(body) as Record<string, unknown>
    if (typeof text !== 'string' || !text.trim())
      return json(res, 422, { error: { message: 'empty' } })
    restSends += 1
    const message = store(String(conversationId), `user-${token}`, text)
    broadcast(message, `user-${token}`)
    // Salon's REST send: stored, then a 500 the client cannot tell from a failure.
    if (faults.restFailsAfterStore) return json(res, 500, { error: { message: 'internal' } })
    const answer = () => json(res, 200, message)
    if (faults.echoDelayMs) setTimeout(answer, faults.echoDelayMs)
    else answer()
  }

  const listen = (port: number) =>
    new Promise<void>((resolve) => {
      http = createServer((req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (chunk: Buffer) => chunks.push(chunk))
        req.on('end', () => {
          const url = new URL(req.url ?? '/', 'http://x')
          if (req.method === 'GET' && url.pathname === '/api/history') return history(url, res)
          if (req.method === 'POST' && url.pathname === '/api/messages')
            return restSend(req, res, Buffer.concat(chunks).toString())
          json(res, 404, { error: { message: 'no such route' } })
        })
      })
      // Every TCP connection, upgraded or not, so a kill really ends them all (a keep-alive REST
      // socket or a half-done upgrade would otherwise hold `close` open).
      http.on('connection', (socket) => {
        connections.add(socket)
        socket.on('close', () => connections.delete(socket))
      })
      http.on('upgrade', (req, socket, head) => {
        handshakes += 1
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
      })
      http.listen(port, '127.0.0.1', () => resolve())
    })
  await listen(0)
  const port = (http!.address() as AddressInfo).port

  return {
    url: `ws://127.0.0.1:${port}/`,
    apiUrl: `http://127.0.0.1:${port}/api`,
    conversations,
    faults,
    get handshakes() {
      return handshakes
    },
    get restSends() {
      return restSends
    },
    setChaos: (value: Chaos | undefined) => (chaos = value),
    /** From now, each socket's next join (and what it sends after) waits for `releaseJoins`. */
    holdJoins: joins.hold,
    /** Joins waiting, one per socket. */
    get heldJoins() {
      return joins.held()
    },
    /** Handle the held joins and the frames behind them, in order, and hold no more. */
    releaseJoins: joins.release,
    /** Cut one user's sockets, as a flaky network would. */
    dropUser: (userId: string) => users.forEach((user, ws) => user === userId && ws.terminate()),
    /** The process dies: connections reset, the port stops listening; `restart` brings it back. */
    async kill() {
      for (const ws of users.keys()) ws.terminate()
      for (const ws of rooms.keys()) ws.terminate()
      for (const socket of connections) socket.destroy()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
    restart: () => listen(port),
  }
}

export type UnkindServer = Awaited<ReturnType<typeof startUnkindServer>>

/** The oldest pending send of the same sender and text: what an echo without a client id acknowledges. */
export const matchByText = (incoming: Message, pending: readonly Message[]) =>
  pending.find(
    (p) =>
      p.senderId === incoming.senderId &&
      p.conversationId === incoming.conversationId &&
      p.body === incoming.body,
  )?.clientId

/** An adapter for the unkind server: no dedupe, no resume, acks by echo or by REST response. */
export function unkindProtocol(server: { apiUrl: string }, ack: AckShape): ProtocolAdapter {
  const call = async (path: string, token: string | undefined, init: RequestInit = {}) => {
    const response = await fetch(server.apiUrl + path, {
      ...init,
      headers: { authorization: `Bearer ${token ?? ''}`, 'content-type': 'application/json' },
    })
    const body: unknown = await response.json()
    if (!response.ok)
      throw Object.assign(new Error(`HTTP ${response.status}`), {
        raw: { status: response.status },
      })
    return body as Record<string, unknown>
  }
  return {
    ...nativeProtocol,
    name: `unkind-${ack}`,
    resumes: false,
    idempotentSends: false,
    matchPending: matchByText,
    async fetchHistory({ conversationId, before, limit }, { token }) {
      const query = new URLSearchParams({ conversationId, limit: String(limit) })
      if (before) query.set('before', before)
      const page = await call(`/history?${query}`, token)
      const messages = (page.messages as unknown[]).flatMap((m) => decodeMessage(m) ?? [])
      return { messages, hasMore: page.hasMore === true }
    },
    ...(ack === 'rest' && {
      async sendMessage(message: Message, { token }: { token: string | undefined }) {
        const stored = await call('/messages', token, {
          method: 'POST',
          body: JSON.stringify({ conversationId: message.conversationId, body: message.body }),
        })
        return decodeMessage(stored)!
      },
    }),
  }
}
