/**
 * The test servers for @parley/react: the core's real native-protocol ws server on 127.0.0.1
 * (packages/core/test/native-server.ts) for the socket, and MSW http handlers for the REST side
 * (history pages, the conversation list, uploads) reading the same server's message log.
 */
import type { ChatClientOptions, Conversation, Message, SocketConstructor } from '@parley/core'
import { createNativeProtocol } from '@parley/core/native'
import { cleanup, render, type RenderOptions } from '@testing-library/react'
import { delay, http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createRequire } from 'node:module'
import type { WebSocket as WsWebSocket } from 'ws'
import { StrictMode, type ReactElement, type ReactNode } from 'react'
import { afterAll, afterEach, beforeAll, vi } from 'vitest'
import { startNativeServer, waitFor, type NativeServer } from '../../core/test/native-server'
import { ChatProvider, type ChatProviderProps } from '../src'

// The server imports `ws`, which this jsdom project would resolve to its browser stub: load Node's.
vi.mock('ws', async () => {
  const { createRequire } = await import('node:module')
  const ws = createRequire(import.meta.url)('ws') as object
  return { ...ws, default: ws }
})

/** Wait for a condition on real timers (poll every 10 ms). */
export const until = (check: () => boolean, timeoutMs = 5_000, what = 'condition') =>
  waitFor(check, timeoutMs, what)

export const API_URL = 'http://parley.test/api'

/**
 * The `ws` package's client, loaded the Node way: in the jsdom project Vite resolves `ws` to its
 * browser stub, and jsdom 29's own WebSocket (undici) throws on its first event ("The event argument
 * must be an instance of Event") because of jsdom's and Node's two Event classes.
 */
const nodeRequire = createRequire(import.meta.url)
const { WebSocket: NodeWebSocket } = nodeRequire('ws') as { WebSocket: typeof WsWebSocket }

/** Every socket the clients under test opened and has not seen closed. */
export const liveSockets = new Set<object>()
export let socketsOpened = 0
export class TrackedWebSocket extends NodeWebSocket {
  constructor(url: string) {
    super(url)
    socketsOpened += 1
    liveSockets.add(this)
    this.on('close', () => liveSockets.delete(this))
    // As in browsers, a socket error never throws. (`ws` emits 'error' when a socket still connecting
    // is closed, and the core detaches `onerror` before closing: the emitter would throw.)
    this.on('error', () => {})
  }
}

export interface Room {
  title: string
  participants: string[]
}

/** The native server, the REST handlers over its log, and a record of the REST requests. */
export async function startBackend(rooms: Record<string, Room> = {}) {
  const server: NativeServer = await startNativeServer({
    validTokens: new Set(['alice', 'bob', 'carol']),
  })
  const requests: string[] = []
  const log = (conversationId: string) => {
    if (!server.conversations.has(conversationId)) server.conversations.set(conversationId, [])
    return server.conversations.get(conversationId)!
  }
  let uploadDelayMs = 0
  const handlers = [
    http.get(`${API_URL}/conversations/:id/messages`, ({ params, request }) => {
      const url = new URL(request.url)
      requests.push(`history ${params.id} ${url.searchParams.get('before') ?? ''}`)
      const messages = log(String(params.id))
      const before = url.searchParams.get('before')
      const end = before ? messages.findIndex((m) => m.id === before) : messages.length
      const start = Math.max(0, end - Number(url.searchParams.get('limit') ?? 50))
      return HttpResponse.json({ messages: messages.slice(start, end), hasMore: start > 0 })
    }),
    http.get(`${API_URL}/conversations`, ({ request }) => {
      const search = new URL(request.url).searchParams.get('search')?.toLowerCase() ?? ''
      requests.push(`conversations ${search}`)
      const conversations = Object.entries(rooms)
        .filter(([, room]) => room.title.toLowerCase().includes(search))
        .map(([id, room]): Conversation => ({
          id,
          kind: room.participants.length > 2 ? 'group' : 'direct',
          title: room.title,
          participants: room.participants.map((p) => ({ id: p, name: p.slice(5) })),
          unreadCount: 0,
          updatedAt: log(id).at(-1)?.createdAt ?? 0,
          ...(log(id).length && { lastMessage: { ...log(id).at(-1)!, status: 'sent' } as Message }),
        }))
        .sort((a, b) => b.updatedAt - a.updatedAt)
      return HttpResponse.json({ conversations })
    }),
    http.post(`${API_URL}/uploads`, async ({ request }) => {
      requests.push('upload')
      const n = requests.filter((r) => r === 'upload').length
      // jsdom's FormData does not survive MSW's XMLHttpRequest interception (another realm's
      // class): the file's own name and size are lost, so the response names only the URL.
      await request.arrayBuffer()
      await delay(uploadDelayMs)
      return HttpResponse.json({ url: `https://cdn.parley.test/upload-${n}` })
    }),
  ]
  return {
    server,
    handlers,
    /** Frames of one type the server received, in order. */
    frames: (type: string) =>
      server.received.filter((f) => (f as { type?: unknown }).type === type) as Record<
        string,
        unknown
      >[],
    /** Wait until `count` clients have authenticated (the server answers `welcome` at once). */
    signedIn: (count = 1) =>
      waitFor(
        () =>
          server.received.filter((f) => (f as { type?: unknown }).type === 'auth').length >= count,
        3_000,
        `${count} signed in`,
      ),
    requests,
    url: server.url,
    setUploadDelay: (ms: number) => (uploadDelayMs = ms),
    /** Put `count` messages from `senderId` in a conversation's log, as if sent long ago. */
    seed(conversationId: string, count: number, senderId = 'user-bob') {
      const messages = log(conversationId)
      for (let i = 0; i < count; i++) {
        const seq = messages.length + 1
        messages.push({
          id: `m-${conversationId}-${seq}`,
          clientId: `seed-${conversationId}-${seq}`,
          conversationId,
          senderId,
          kind: 'text',
          body: `message ${seq}`,
          attachments: [],
          createdAt: 1_700_000_000_000 + seq * 1000,
          seq,
        })
      }
    },
    /** A raw `message` frame to every connected client, as a server would push one. */
    push(conversationId: string, body: string, senderId = 'user-bob') {
      const messages = log(conversationId)
      const seq = messages.length + 1
      const message = {
        id: `m-${conversationId}-${seq}`,
        conversationId,
        senderId,
        kind: 'text',
        body,
        attachments: [],
        createdAt: Date.now(),
        seq,
      }
      messages.push({ ...message, clientId: `push-${seq}` })
      server.broadcastRaw(JSON.stringify({ type: 'message', message }))
    },
  }
}
export type Backend = Awaited<ReturnType<typeof startBackend>>

/**
 * MSW for the REST side, one per test file. After each test everything rendered is unmounted (this
 * project runs without Vitest globals, so Testing Library cannot do it by itself), then the
 * backends the test started are killed.
 */
export function setupBackend() {
  const msw = setupServer()
  const cleanups: (() => unknown)[] = []
  beforeAll(() =>
    msw.listen({
      onUnhandledRequest: (request, print) =>
        new URL(request.url).hostname === '127.0.0.1' || print.error(),
    }),
  )
  afterEach(async () => {
    cleanup()
    for (const fn of cleanups.splice(0).reverse()) await fn()
    msw.resetHandlers()
  })
  afterAll(() => msw.close())
  return {
    async start(rooms?: Record<string, Room>) {
      const backend = await startBackend(rooms)
      msw.use(...backend.handlers)
      cleanups.push(() => backend.server.kill())
      return backend
    },
  }
}

/** Client options for a signed-in user of `backend`, with retries quick enough for tests. */
export const chatOptions = (
  backend: Backend,
  token: string,
  overrides: Partial<ChatClientOptions> = {},
): ChatClientOptions => ({
  url: backend.url,
  getToken: () => token,
  protocol: createNativeProtocol({ apiUrl: API_URL }),
  WebSocket: TrackedWebSocket as unknown as SocketConstructor,
  backoff: { baseMs: 50, capMs: 200 },
  batchMs: 5,
  ...overrides,
})

/** `render` inside a `<ChatProvider>` (in StrictMode unless told otherwise). */
export function renderWithChat(
  ui: ReactElement,
  provider: Omit<ChatProviderProps, 'children'>,
  { strict = true, ...options }: RenderOptions & { strict?: boolean } = {},
) {
  const Wrapper = ({ children }: { children: ReactNode }) => {
    const tree = <ChatProvider {...(provider as ChatProviderProps)}>{children}</ChatProvider>
    return strict ? <StrictMode>{tree}</StrictMode> : tree
  }
  return render(ui, { wrapper: Wrapper, ...options })
}
