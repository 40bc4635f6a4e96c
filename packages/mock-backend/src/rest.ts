import { delay, http, HttpResponse, type HttpHandler, type JsonBodyType } from 'msw'
import { ChatError, type ChatModel } from './chat-model'
import { toBase64 } from './media'
import type { FaultState } from './native-server'
import { sniffImage } from './uploads'

export interface RestContext {
  model: ChatModel
  faults: FaultState
  random: () => number
  /** Base of the REST API, e.g. `https://parley.test/api` or `/api`. */
  apiUrl: string
  pageSize: number
  maxUploadBytes: number
  uploadTypes: readonly string[]
}

interface Call {
  userId: string
  request: Request
  params: Record<string, string>
  query: URLSearchParams
}

/** The native protocol's error body: `{ error: { code, message } }`. */
const failure = (status: number, code: string, message: string) =>
  HttpResponse.json({ error: { code, message } }, { status })

async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  const body: unknown = await request.json().catch(() => undefined)
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ChatError('invalid-request', 'The body must be a JSON object')
  return body as Record<string, unknown>
}

/** The native REST API (PROTOCOL.md) over the same model the socket uses. */
export function restHandlers(ctx: RestContext): HttpHandler[] {
  const { model, faults } = ctx
  // A relative base only means something next to a page; in Node, match it on any origin.
  const base =
    ctx.apiUrl.startsWith('/') && typeof location === 'undefined' ? `*${ctx.apiUrl}` : ctx.apiUrl

  const route = (
    method: 'get' | 'post' | 'patch' | 'delete',
    path: string,
    handle: (call: Call) => unknown,
    fault?: 'uploads' | 'history',
  ) =>
    http[method](base + path, async ({ request, params }) => {
      const { toClientMs, toServerMs, jitterMs } = faults.latency
      const wait =
        toClientMs +
        toServerMs +
        (fault ? faults[fault].delayMs : 0) +
        (jitterMs > 0 ? ctx.random() * jitterMs : 0)
      if (wait > 0) await delay(wait)
      // A server behind a proxy that is down: the proxy answers 503.
      if (Date.now() < faults.outageUntil) return failure(503, 'unavailable', 'The server is down')
      const token = /^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]
      const auth = faults.refuseAuth ? undefined : model.authenticate(token)
      if (!auth?.ok)
        return failure(
          401,
          'unauthorized',
          auth ? `token ${auth.rejection}` : 'authentication refused',
        )
      if (fault && faults[fault].failRate > 0 && ctx.random() < faults[fault].failRate)
        return failure(503, 'unavailable', `The ${fault} service failed (simulated)`)
      try {
        const result = await handle({
          userId: auth.user.id,
          request,
          params: params as Record<string, string>,
          query: new URL(request.url).searchParams,
        })
        return result instanceof Response ? result : HttpResponse.json(result as JsonBodyType)
      } catch (error) {
        if (error instanceof ChatError) return failure(error.status, error.code, error.message)
        throw error
      }
    })

  return [
    route('get', '/conversations', ({ userId, query }) =>
      model.listConversations(userId, {
        search: query.get('search') ?? undefined,
        cursor: query.get('cursor') ?? undefined,
        limit: ctx.pageSize,
      }),
    ),
    route('post', '/conversations', async ({ userId, request }) => {
      const body = await jsonBody(request)
      const { conversation, created } = model.createConversation(userId, {
        kind: body.kind as 'direct',
        participantIds: body.participantIds as string[],
        ...(typeof body.title === 'string' && { title: body.title }),
      })
      return HttpResponse.json({ conversation }, { status: created ? 201 : 200 })
    }),
    // The directory "New conversation" searches: everyone but the caller, by name or email.
    route('get', '/users', ({ userId, query }) => {
      const needle = (query.get('search') ?? '').trim().toLowerCase()
      return {
        users: model.users
          .filter(
            (user) =>
              user.id !== userId &&
              [user.name, user.email ?? ''].some((text) => text.toLowerCase().includes(needle)),
          )
          .slice(0, 50)
          .map(({ id, name, avatarUrl, role }) => ({ id, name, avatarUrl, role })),
      }
    }),
    route('get', '/conversations/:id', ({ userId, params }) => ({
      conversation: model.summary(params.id!, userId),
    })),
    route(
      'get',
      '/conversations/:id/messages',
      ({ userId, params, query }) =>
        model.history(userId, params.id!, {
          before: query.get('before') ?? undefined,
          limit: query.has('limit') ? Number(query.get('limit')) : 50,
        }),
      'history',
    ),
    route(
      'patch',
      '/conversations/:id/messages/:messageId',
      async ({ userId, params, request }) => {
        const { body } = await jsonBody(request)
        return { message: model.edit(userId, params.id!, params.messageId!, body as string) }
      },
    ),
    route('delete', '/conversations/:id/messages/:messageId', ({ userId, params }) => ({
      message: model.remove(userId, params.id!, params.messageId!),
    })),
    route('get', '/trainer/clients', ({ userId, query }) => {
      if (model.user(userId)?.role !== 'trainer')
        throw new ChatError('not-allowed', 'Only trainers have a client list')
      const needle = (query.get('search') ?? '').trim().toLowerCase()
      const clients = model
        .clientsOf(userId)
        .filter((client) =>
          [client.name, client.email ?? ''].some((text) => text.toLowerCase().includes(needle)),
        )
        .map(({ trainerId: _trainer, ...client }) => client)
      return { clients }
    }),
    route(
      'post',
      '/uploads',
      async ({ request }) => {
        const form = await request.formData().catch(() => undefined)
        const file = form?.get('file')
        if (!file || typeof file === 'string')
          throw new ChatError('invalid-request', 'Send the file as the multipart field "file"')
        if (file.size > ctx.maxUploadBytes)
          return failure(413, 'too-large', `Files are limited to ${ctx.maxUploadBytes} bytes`)
        const bytes = new Uint8Array(await file.arrayBuffer())
        const image = sniffImage(bytes)
        const mimeType = file.type.split(';')[0]!.trim().toLowerCase()
        // What the bytes say wins over what the client claims, as on a real upload server.
        if (
          !ctx.uploadTypes.includes(mimeType) ||
          (mimeType.startsWith('image/') && image?.mimeType !== mimeType)
        )
          return failure(415, 'unsupported-type', `Files of type "${mimeType}" are not accepted`)
        const url = `data:${mimeType};base64,${toBase64(bytes)}`
        const name = (file as Partial<File>).name || 'upload'
        const response = { url, name, mimeType, size: file.size }
        return HttpResponse.json(
          image ? { ...response, width: image.width, height: image.height } : response,
          {
            status: 201,
          },
        )
      },
      'uploads',
    ),
  ]
}
