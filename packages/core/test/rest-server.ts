import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

type Handler = (
  req: IncomingMessage,
  body: Buffer,
) => { status: number; json: unknown } | Promise<{ status: number; json: unknown }>

/** A real HTTP server on 127.0.0.1 with CORS open, so jsdom's XMLHttpRequest may call it too. */
export async function startRestServer(handler: Handler) {
  const requests: { method: string; url: string; authorization?: string; body: Buffer }[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      res.setHeader('access-control-allow-origin', '*')
      res.setHeader('access-control-allow-headers', 'authorization, content-type')
      if (req.method === 'OPTIONS') return res.writeHead(204).end()
      const body = Buffer.concat(chunks)
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        body,
        ...(req.headers.authorization && { authorization: req.headers.authorization }),
      })
      const { status, json } = await handler(req, body)
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(typeof json === 'string' ? json : JSON.stringify(json))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
