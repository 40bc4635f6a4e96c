/**
 * The two servers a run needs, both on 127.0.0.1 and closed by the runner: a static server for the
 * page bundles, and a `ws` server speaking Parley's native protocol for the socket-to-paint run.
 */
import http from 'node:http'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { WebSocketServer } from 'ws'
import { OUT_DIR } from './build.mjs'

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' }

const page = (name) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${name}</title>
<link rel="stylesheet" href="/${name}.css"></head>
<body><script type="module" src="/${name}.js"></script></body></html>`

const listen = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))

/** `/<contender>.html` is a page that loads that contender's bundle; the rest comes from .out/. */
export async function startStatic() {
  const server = http.createServer(async (request, response) => {
    const name = path.basename(new URL(request.url, 'http://x').pathname)
    try {
      const body = name.endsWith('.html')
        ? page(name.slice(0, -5))
        : await readFile(path.join(OUT_DIR, name))
      response.writeHead(200, {
        'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream',
      })
      response.end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  const port = await listen(server)
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) }
}

const BASE = 1_700_000_000_000

/**
 * A native-protocol server: `welcome` on auth, `joined` on join, and on `stream(from, count,
 * everyMs)` live messages to every joined socket on a fixed schedule, noting each send's wall time.
 */
export async function startSocketServer() {
  const http_ = http.createServer()
  const wss = new WebSocketServer({ server: http_ })
  const joined = new Set()
  wss.on('connection', (socket) => {
    socket.on('message', (raw) => {
      let frame
      try {
        frame = JSON.parse(String(raw))
      } catch {
        return
      }
      if (frame.type === 'auth') socket.send(JSON.stringify({ type: 'welcome', userId: 'me' }))
      if (frame.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }))
      if (frame.type === 'join') {
        joined.add(socket)
        socket.send(JSON.stringify({ type: 'joined', conversationId: frame.conversationId }))
      }
    })
    socket.on('close', () => joined.delete(socket))
  })
  const port = await listen(http_)

  async function stream(from, count, everyMs) {
    const sentAt = {}
    const start = performance.now()
    for (let k = 0; k < count; k++) {
      const due = start + k * everyMs - performance.now()
      if (due > 0) await new Promise((r) => setTimeout(r, due))
      const i = from + k
      const message = {
        id: `m${i}`,
        conversationId: 'c1',
        senderId: i % 3 === 0 ? 'me' : 'ada',
        kind: 'text',
        body: `Message ${i}`,
        attachments: [],
        createdAt: BASE + i * 20_000,
        seq: i + 1,
      }
      const data = JSON.stringify({ type: 'message', message })
      sentAt[i] = performance.timeOrigin + performance.now()
      for (const socket of joined) socket.send(data)
    }
    return sentAt
  }

  return {
    url: `ws://127.0.0.1:${port}`,
    joinedCount: () => joined.size,
    stream,
    close: () =>
      new Promise((r) => {
        for (const socket of wss.clients) socket.terminate()
        wss.close(() => http_.close(r))
      }),
  }
}
