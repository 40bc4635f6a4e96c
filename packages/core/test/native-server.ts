import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

/**
 * A real native-protocol server on 127.0.0.1 for transport tests: it can be killed and restarted on
 * the same port, go silent (a half-open peer), refuse the handshake with HTTP 403, or close with a code.
 */
export async function startNativeServer(
  options: { validTokens?: Set<string>; port?: number } = {},
) {
  const validTokens = options.validTokens ?? new Set(['good'])
  const wss = new WebSocketServer({ noServer: true })
  const sockets = new Set<WebSocket>()
  const received: unknown[] = []
  let silent = false
  let refuseHandshake = false
  let handshakes = 0
  let http: Server

  wss.on('connection', (ws) => {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', (data) => {
      if (silent) return
      let frame: { type?: unknown; token?: unknown; ts?: unknown }
      try {
        frame = JSON.parse(String(data))
      } catch {
        return ws.send(
          JSON.stringify({ type: 'error', code: 'bad-frame', message: 'invalid JSON' }),
        )
      }
      received.push(frame)
      if (frame.type === 'auth') {
        if (typeof frame.token === 'string' && validTokens.has(frame.token)) {
          ws.send(JSON.stringify({ type: 'welcome', userId: `user-${frame.token}` }))
        } else ws.close(4401, 'invalid token')
      } else if (frame.type === 'ping') ws.send(JSON.stringify({ type: 'pong', ts: frame.ts }))
    })
  })

  const listen = (port: number) =>
    new Promise<void>((resolve) => {
      http = createServer()
      http.on('upgrade', (req, socket, head) => {
        handshakes += 1
        if (refuseHandshake) {
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
    setSilent: (value: boolean) => (silent = value),
    setRefuseHandshake: (value: boolean) => (refuseHandshake = value),
    broadcastRaw: (data: string | Buffer) => sockets.forEach((ws) => ws.send(data)),
    closeAll: (code: number, reason = '') => sockets.forEach((ws) => ws.close(code, reason)),
    /** The process dies: TCP connections reset, the port stops listening. */
    async kill() {
      for (const ws of sockets) ws.terminate()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
    restart: () => listen(port),
  }
}

export type NativeServer = Awaited<ReturnType<typeof startNativeServer>>

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
