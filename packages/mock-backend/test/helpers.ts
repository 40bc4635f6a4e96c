import {
  createChatClient,
  createConnection,
  type ChatClient,
  type ChatClientOptions,
  type Connection,
  type ConnectionOptions,
  type ConnectionState,
} from '@parley/core'
import { createNativeProtocol, nativeProtocol } from '@parley/core/native'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { createMockBackend, type MockBackend, type MockBackendOptions } from '../src'

export const MOCK_URL = 'wss://parley.test/native'
export const API_URL = 'https://parley.test/api'
/** The real native adapter with its REST side, pointed at the mock. */
export const protocol = createNativeProtocol({ apiUrl: API_URL })

/**
 * One MSW server per test file; each test gets its own backend instance and its connections are
 * closed afterwards, so no timer or socket leaks into the next test.
 */
export function useMockServer() {
  const server = setupServer()
  const cleanups: (() => void)[] = []
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup()
    server.resetHandlers()
  })
  afterAll(() => server.close())

  return {
    server,
    /** Run `cleanup` after this test, before the next one starts. */
    later: (cleanup: () => void) => void cleanups.push(cleanup),
    startBackend(options: Partial<MockBackendOptions> = {}): MockBackend {
      const backend = createMockBackend({ url: MOCK_URL, apiUrl: API_URL, ...options })
      server.use(...backend.handlers)
      cleanups.push(() => backend.dispose())
      return backend
    },
    /** The real core connection, with retries fast enough for a test and no browser signals. */
    connect(
      getToken: () => string | undefined,
      options: Partial<ConnectionOptions> = {},
    ): Connection {
      const connection = createConnection({
        url: MOCK_URL,
        getToken,
        protocol: nativeProtocol,
        environment: null,
        backoff: { baseMs: 20, factor: 2, capMs: 80 },
        connectTimeoutMs: 1_000,
        ...options,
      })
      cleanups.push(() => connection.close())
      connection.connect()
      return connection
    },
    /** The real chat client from @parley/core, signed in with `token`. */
    chat(token: string | (() => string), options: Partial<ChatClientOptions> = {}): ChatClient {
      const client = createChatClient({
        url: MOCK_URL,
        getToken: typeof token === 'string' ? () => token : token,
        protocol,
        environment: null,
        backoff: { baseMs: 20, factor: 2, capMs: 80 },
        connectTimeoutMs: 1_000,
        batchMs: 5,
        ...options,
      })
      cleanups.push(() => client.close())
      client.connect()
      return client
    },
  }
}

/** Poll until `check` holds; fail naming `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(10)
  }
}

/** Every state the connection passes through, from now on. */
export function recordStates(connection: Connection): ConnectionState[] {
  const states: ConnectionState[] = []
  connection.subscribe(() => states.push(connection.getSnapshot()))
  return states
}

/** Resolve with the first state (current or future) that matches; reject after `timeoutMs`. */
export function waitForState<S extends ConnectionState['status']>(
  connection: Connection,
  status: S,
  timeoutMs = 3_000,
): Promise<Extract<ConnectionState, { status: S }>> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const state = connection.getSnapshot()
      if (state.status !== status) return false
      unsubscribe()
      clearTimeout(timer)
      resolve(state as Extract<ConnectionState, { status: S }>)
      return true
    }
    const unsubscribe = connection.subscribe(check)
    const timer = setTimeout(() => {
      unsubscribe()
      reject(
        new Error(
          `Still "${connection.getSnapshot().status}" after ${timeoutMs} ms, waiting for "${status}"`,
        ),
      )
    }, timeoutMs)
    check()
  })
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A bare socket that speaks whatever the test tells it to: for frames the core would never send. */
export function openRawSocket(url = MOCK_URL) {
  const socket = new globalThis.WebSocket(url)
  const received: Record<string, unknown>[] = []
  const waiters: (() => void)[] = []
  socket.addEventListener('message', (event) => {
    received.push(JSON.parse(String(event.data)) as Record<string, unknown>)
    for (const wake of waiters.splice(0)) wake()
  })
  const opened = new Promise<void>((resolve) =>
    socket.addEventListener('open', () => resolve(), { once: true }),
  )
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    socket.addEventListener(
      'close',
      ({ code, reason }) => resolve({ code, reason, at: Date.now() }),
      { once: true },
    ),
  )
  return {
    socket,
    opened,
    closed,
    received,
    send: (data: string | ArrayBuffer) => socket.send(data),
    /** Wait until `count` frames have arrived in total. */
    async frames(count: number, timeoutMs = 2_000): Promise<Record<string, unknown>[]> {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `Got ${received.length} frames, expected ${count}: ${JSON.stringify(received)}`,
          )
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), sleep(50)])
      }
      return received.slice(0, count)
    },
  }
}
