import { createServer, type Server } from 'node:http'
import type { Socket } from 'node:net'
import { WebSocketServer } from 'ws'
import type { MockBackend } from '../mock-backend'
import { SALON_API_PREFIX } from '../salon/rest'
import { createRestBridge } from './rest-bridge'
import { createSocketClient } from './socket-client'

export interface ServeOptions {
  /** The port to listen on, on 127.0.0.1; 0 or none picks a free one (kept across restarts). */
  port?: number
}

export interface ServedMockBackend {
  /** What the client's `url` is: Salon's chat prefix (`ws://127.0.0.1:<port>/api/v1/chat`), or
   * the native socket URL (the backend's `url` path on this origin). */
  readonly url: string
  /** What the protocol's `apiUrl` is: Salon's chat prefix over http, or the backend's `apiUrl`
   * path on this origin (undefined when the backend serves no REST). */
  readonly apiUrl: string | undefined
  readonly port: number
  /** How many sockets were accepted so far (refused handshakes are not counted). */
  connections(): number
  /** End every live socket abruptly (a network cut: no close frame), and keep listening. */
  dropConnections(): number
  /** End every TCP connection and stop listening, as a crashed process does; the model stays. */
  kill(): Promise<void>
  /** Listen again on the same port, with the backend's state as it was. */
  restart(): Promise<void>
  /** Close live sockets with 1001, then stop listening. */
  close(): Promise<void>
}

const LOCALHOST = '127.0.0.1'

/** The path of a URL, or undefined for a pattern that is not one (`ws.link` allows wildcards). */
function pathOf(url: string | undefined): string | undefined {
  try {
    return url === undefined || url.includes('*') ? undefined : new URL(url).pathname
  } catch {
    return undefined
  }
}
const originOf = (url: string | undefined, fallback: string) => {
  try {
    return url === undefined ? fallback : new URL(url).origin
  } catch {
    return fallback // a relative base: its handlers match any origin
  }
}

/**
 * Serves a mock backend over a real socket: a `ws` server and a `node:http` server on 127.0.0.1
 * on one port. Every real socket is handed to the backend as MSW would hand it (with the URL it
 * would have had: the backend's origin, the real path and query), and every REST request is
 * answered by its `http` handlers. For tests of the real transport (TCP cuts, a dying process)
 * that MSW's in-process interception cannot give. Node only; no MSW server needs to run.
 */
export async function serveMockBackend(
  backend: MockBackend,
  options: ServeOptions = {},
): Promise<ServedMockBackend> {
  const sockets = new Set<Socket>()
  const wss = new WebSocketServer({ noServer: true })
  const socketOrigin = originOf(backend.url, 'ws://localhost')
  const apiOrigin = originOf(backend.apiUrl, 'http://localhost')
  const socketPaths = backend.socketUrls.map(pathOf)
  const servesPath = (path: string) =>
    socketPaths.some((known) => known === undefined || known === path)
  const rest = createRestBridge(backend.handlers, (path) => new URL(path, apiOrigin))
  let accepted = 0
  let nextId = 1

  const server: Server = createServer((request, response) => void rest(request, response))
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('upgrade', (request, socket: Socket, head) => {
    socket.on('error', () => {}) // a client that vanishes mid-handshake is no server error
    const url = new URL(request.url ?? '/', socketOrigin)
    const refuse = (status: string) =>
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    if (!servesPath(url.pathname)) return refuse('404 Not Found')
    const pending = createSocketClient(`real-${nextId++}`, url)
    backend.connect(pending.client)
    // Closed before it opened: the backend refuses this handshake (a token Salon does not know,
    // an outage). The real server answers 403 on the upgrade; the browser sees 1006.
    if (pending.refused()) return refuse('403 Forbidden')
    pending.accept()
    // Without this, a client that vanishes mid-handshake would stay a live session in the model.
    socket.once('close', () => pending.abandon())
    wss.handleUpgrade(request, socket, head, (ws) => {
      accepted += 1
      pending.attach(ws)
    })
  })

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, LOCALHOST, () => (server.off('error', reject), resolve()))
    })
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve()
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })

  await listen(options.port ?? 0)
  const port = (server.address() as { port: number }).port
  const host = `${LOCALHOST}:${port}`
  const pathAndQuery = (url: string) => {
    const parsed = new URL(url, 'http://localhost')
    return parsed.pathname.replace(/\/+$/, '') + parsed.search
  }
  const salon = backend.dialect === 'salon'
  return {
    url: `ws://${host}${salon ? SALON_API_PREFIX : pathAndQuery(backend.url)}`,
    apiUrl: salon
      ? `http://${host}${SALON_API_PREFIX}`
      : backend.apiUrl === undefined
        ? undefined
        : `http://${host}${pathAndQuery(backend.apiUrl)}`,
    port,
    connections: () => accepted,
    dropConnections() {
      const live = [...wss.clients]
      for (const ws of live) ws.terminate()
      return live.length
    },
    kill: stop,
    restart: () => listen(port),
    async close() {
      for (const ws of wss.clients) ws.close(1001, 'server shutting down')
      await new Promise((resolve) => setTimeout(resolve, 20)) // the close frames go out first
      await stop()
    },
  }
}
