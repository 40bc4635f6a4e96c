import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { handleRest, type RestQuirks } from './salon-server-rest'
import { createSocketSide } from './salon-server-socket'
import { createStore, sameIdentity, type Identity, type Row } from './salon-server-store'

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

/**
 * A real Salon chat server on 127.0.0.1 (PROTOCOLS.md, Salon, as the real code behaves): flat
 * frames, the `connected` greeting, rooms keyed by the JSON value of `chat_id`, the echo to every
 * member including the sender without a client id, no dedupe, no resume, newest-first history
 * pages, 403 before the handshake for a bad token, close 1000 on invalid JSON — with switches for
 * its observed quirks and for chaos, and kill/restart on the same port.
 */
export async function startSalonServer(options: { port?: number } = {}) {
  const store = createStore()
  /** Every REST request, `METHOD /path?query`, in arrival order. */
  const requests: string[] = []
  const raw = new Set<Duplex>()
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

  const sockets = createSocketSide(store, quirks)
  const { who, broadcast, online, wss } = sockets

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
    received: sockets.received,
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
    setChaos: sockets.setChaos,
    releaseEchoes: sockets.releaseEchoes,
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
