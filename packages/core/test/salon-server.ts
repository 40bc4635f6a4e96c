import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { handleRest, type RestQuirks } from './salon-server-rest'
import {
  createStore,
  naiveNow,
  sameIdentity,
  socketMessage,
  type Identity,
  type Row,
} from './salon-server-store'

export type { Identity } from './salon-server-store'

export interface SalonChaos {
  /** Each frame to a client is held back a random 0..maxDelayMs (frames overtake each other). */
  maxDelayMs: number
  /** Chance that a frame to a client cuts its connection instead. */
  cutProbability: number
  random: () => number
}

export interface SalonQuirks extends RestQuirks {
  /** Two live sockets of one identity drop each other (both), as the real server does. */
  dropDuplicateIdentities: boolean
  /** Echoes to the sender are held until `releaseEchoes()` (others get the message at once). */
  holdEchoes: boolean
}

const PREFIX = '/api/v1/chat'
type Frame = Record<string, unknown>

/**
 * A real Salon chat server on 127.0.0.1 (PROTOCOLS.md, Salon, as the real code behaves): flat
 * frames, the `connected` greeting, rooms keyed by the JSON value of `chat_id`, the echo to every
 * member including the sender without a client id, no dedupe, no resume, newest-first history
 * pages, 403 before the handshake for a bad token, close 1000 on invalid JSON — with switches for
 * its observed quirks and for chaos, and kill/restart on the same port.
 */
export async function startSalonServer(options: { port?: number } = {}) {
  const store = createStore()
  const wss = new WebSocketServer({ noServer: true })
  const who = new Map<WebSocket, Identity>()
  const rooms = new Map<WebSocket, Set<string>>()
  const received: Frame[] = []
  /** Every REST request, `METHOD /path?query`, in arrival order. */
  const requests: string[] = []
  const held: (() => void)[] = []
  const raw = new Set<Duplex>()
  let chaos: SalonChaos | undefined
  let handshakes = 0
  let http: Server
  const quirks: SalonQuirks = {
    dropDuplicateIdentities: false,
    holdEchoes: false,
    restSendFails: false,
    historyFailsOnReceipt: false,
    ignoreBeforeMessageId: false,
    forcedStatus: undefined,
  }

  function deliver(ws: WebSocket, frame: Frame) {
    const text = JSON.stringify(frame)
    const send = () => ws.readyState === ws.OPEN && ws.send(text)
    if (!chaos) return void send()
    if (chaos.random() < chaos.cutProbability) return ws.terminate()
    setTimeout(send, chaos.random() * chaos.maxDelayMs)
  }
  const inRoom = (room: string) => [...rooms].filter(([, r]) => r.has(room)).map(([ws]) => ws)
  const online = () => [...who.values()]

  function broadcast(row: Row, room = JSON.stringify(row.chat_id), sender?: WebSocket) {
    const frame = {
      type: 'message',
      chat_id: row.chat_id,
      message: socketMessage(row),
      timestamp: naiveNow(),
    }
    for (const ws of inRoom(room)) {
      if (ws === sender && quirks.holdEchoes) held.push(() => deliver(ws, frame))
      else deliver(ws, frame)
    }
  }
  const toOthers = (ws: WebSocket, room: string, frame: Frame) =>
    inRoom(room).forEach((other) => other !== ws && deliver(other, frame))
  const presence = (ws: WebSocket, type: 'user_joined' | 'user_left', chatId: unknown) => {
    const me = who.get(ws)!
    toOthers(ws, JSON.stringify(chatId), {
      type,
      chat_id: chatId,
      participant_type: me.type,
      participant_id: me.id,
    })
  }

  function handleFrame(ws: WebSocket, f: Frame) {
    const me = who.get(ws)!
    const room = JSON.stringify(f.chat_id)
    // `{type, data}` frames and frames missing their fields are dropped without a word.
    if (f.type !== 'ping' && (f.chat_id === undefined || f.chat_id === null)) return
    const chat = store.chatFor(f.chat_id, me)
    const refuse = () =>
      deliver(ws, { type: 'error', error: 'You are not a participant in this chat' })
    switch (f.type) {
      case 'ping':
        return deliver(ws, { type: 'pong', timestamp: naiveNow() })
      case 'join_chat':
        if (!chat) return refuse()
        rooms.get(ws)!.add(room)
        return presence(ws, 'user_joined', f.chat_id)
      case 'leave_chat':
        rooms.get(ws)!.delete(room)
        return presence(ws, 'user_left', f.chat_id)
      case 'send_message':
        if (!chat) return refuse()
        // `media_url` is dropped over the socket (stored as null), as the real server does.
        return broadcast(store.store(chat, me, { ...f, media_url: undefined }), room, ws)
      case 'typing':
        return toOthers(ws, room, {
          type: 'typing',
          chat_id: f.chat_id,
          participant_type: me.type,
          participant_id: me.id,
          is_typing: f.is_typing === true,
        })
      case 'read_message': {
        const row = chat?.messages.find((m) => m.id === f.message_id)
        if (!row) return
        row.read_receipts.push({ reader_type: me.type, reader_id: me.id, read_at: naiveNow() })
        const receipt = {
          type: 'read_receipt',
          chat_id: f.chat_id,
          message_id: row.id,
          reader_type: me.type,
          reader_id: me.id,
        }
        return inRoom(room).forEach((other) => deliver(other, receipt))
      }
      default:
        return deliver(ws, { type: 'error', error: `Unknown message type: ${String(f.type)}` })
    }
  }

  wss.on('connection', (ws: WebSocket, identity: Identity) => {
    if (quirks.dropDuplicateIdentities) {
      const twins = [...who].filter(([, i]) => sameIdentity(i, identity)).map(([s]) => s)
      if (twins.length) {
        twins.forEach((twin) => twin.terminate())
        return ws.terminate()
      }
    }
    who.set(ws, identity)
    rooms.set(ws, new Set())
    ws.on('close', () => {
      for (const room of rooms.get(ws) ?? []) presence(ws, 'user_left', JSON.parse(room))
      who.delete(ws)
      rooms.delete(ws)
    })
    ws.on('message', (data) => {
      let frame: unknown
      try {
        frame = JSON.parse(String(data))
      } catch {
        return ws.close(1000) // the real server: a normal close, no error frame
      }
      if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return
      received.push(frame as Frame)
      handleFrame(ws, frame as Frame)
    })
    deliver(ws, {
      type: 'connected',
      participant_type: identity.type,
      participant_id: identity.id,
      timestamp: naiveNow(),
    })
  })

  const listen = (port: number) =>
    new Promise<void>((resolve) => {
      http = createServer((req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (c: Buffer) => chunks.push(c))
        req.on('end', () => {
          // CORS open, so jsdom's XMLHttpRequest (the adapter's upload) may call it too.
          res.setHeader('access-control-allow-origin', '*')
          res.setHeader('access-control-allow-headers', 'authorization, content-type')
          res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE')
          if (req.method === 'OPTIONS') return void res.writeHead(204).end()
          requests.push(`${req.method} ${req.url}`)
          const restContext = {
            store,
            quirks,
            online,
            broadcast: (row: Row) => broadcast(row),
            cutOne: (ids: Identity[]) =>
              [...who].find(([, i]) => ids.some((p) => sameIdentity(p, i)))?.[0].terminate(),
          }
          const { status, json } = handleRest(restContext, req, Buffer.concat(chunks))
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json))
        })
      })
      http.on(
        'connection',
        (socket) => (raw.add(socket), socket.on('close', () => raw.delete(socket))),
      )
      http.on('upgrade', (req, socket, head) => {
        handshakes += 1
        const url = new URL(req.url ?? '/', 'http://salon.test')
        const role = url.pathname.match(/^\/api\/v1\/chat\/ws\/chat\/(user|customer)$/)?.[1]
        const identity = store.tokens.get(url.searchParams.get('token') ?? '')
        if (!role || !identity || identity.type !== role) {
          // Refused before the handshake: the browser sees only a 1006 close.
          socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
          return
        }
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, identity))
      })
      http.listen(port, '127.0.0.1', () => resolve())
    })
  await listen(options.port ?? 0)
  const port = (http!.address() as AddressInfo).port

  return {
    /** The chat prefix as a ws URL: the client's `url`. */
    url: `ws://127.0.0.1:${port}${PREFIX}`,
    apiUrl: `http://127.0.0.1:${port}${PREFIX}`,
    port,
    store,
    quirks,
    received,
    requests,
    get handshakes() {
      return handshakes
    },
    /** Live sockets per identity, e.g. `online('user', 7)`. */
    online: (type: Identity['type'], id: number) =>
      online().filter((i) => i.type === type && i.id === id).length,
    addUser(token: string, identity: Identity) {
      store.tokens.set(token, identity)
      return identity
    },
    createChat: store.createChat,
    /** Someone else posts a message (the way a REST send or another client would), broadcast to the room. */
    post(chatId: number, sender: Identity, content: string) {
      const row = store.store(store.chats.get(chatId)!, sender, { content })
      broadcast(row)
      return row
    },
    setChaos: (value: SalonChaos | undefined) => (chaos = value),
    releaseEchoes: () => held.splice(0).forEach((send) => send()),
    /** Send anything, as a broken or hostile server would. */
    broadcastRaw: (data: string | Uint8Array) => who.forEach((_, ws) => ws.send(data)),
    /** Cut every connection, as a flaky network would. */
    cutAll: () => who.forEach((_, ws) => ws.terminate()),
    /** The process dies: TCP connections reset, the port stops listening. */
    async kill() {
      for (const ws of who.keys()) ws.terminate()
      for (const socket of raw) socket.destroy()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
    /** Start again on the same port with the same data (a restarted process with its database). */
    restart: () => listen(port),
  }
}

export type SalonServer = Awaited<ReturnType<typeof startSalonServer>>
