import type { IncomingMessage, ServerResponse } from 'node:http'
import { getResponse, RequestHandler } from 'msw'

/** Methods whose requests carry no body (`Request` refuses one). */
const NO_BODY = new Set(['GET', 'HEAD'])

/** Any page may call the served API from another origin (a dev server on another port). */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** The Node request as the fetch `Request` MSW's handlers match, at `url` (the backend's origin). */
async function toFetchRequest(request: IncomingMessage, url: URL): Promise<Request> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined)
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
  const method = request.method ?? 'GET'
  return new Request(url, {
    method,
    headers,
    ...(!NO_BODY.has(method) && { body: new Uint8Array(await readBody(request)) }),
  })
}

/**
 * Answers a real HTTP request with the backend's MSW `http` handlers (MSW's `getResponse` runs
 * them on a request of our own making): what they answer goes back as it is, an unmatched route
 * is FastAPI's 404, a handler that throws is a 500 — the server survives it.
 */
export function createRestBridge(handlers: readonly unknown[], rewrite: (path: string) => URL) {
  const restHandlers = handlers.filter(
    (handler): handler is RequestHandler => handler instanceof RequestHandler,
  )
  return async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'OPTIONS') return void response.writeHead(204, CORS).end()
    let answer: Response
    try {
      const fetchRequest = await toFetchRequest(request, rewrite(request.url ?? '/'))
      answer =
        (await getResponse(restHandlers, fetchRequest)) ??
        Response.json({ detail: 'Not Found' }, { status: 404 })
    } catch (error) {
      answer = Response.json({ detail: `Internal Server Error: ${String(error)}` }, { status: 500 })
    }
    const body = Buffer.from(await answer.arrayBuffer())
    const headers: Record<string, string | string[]> = { ...CORS }
    answer.headers.forEach((value, name) => {
      // The body is sent whole, so its length is ours to state; no chunked or encoded relay.
      if (name !== 'content-length' && name !== 'transfer-encoding') headers[name] = value
    })
    if (response.destroyed) return
    response.writeHead(answer.status, answer.statusText, headers)
    response.end(body)
  }
}
