import { afterEach } from 'vitest'
import { createChatClient, type ChatClient, type ChatClientOptions, type Message } from '../src'
import { nativeProtocol } from '../src/native'
import { FakeSocket } from './fakes'
import { startNativeServer, waitFor, type NativeServer } from './native-server'
import {
  startUnkindServer,
  unkindProtocol,
  type AckShape,
  type UnkindServer,
} from './unkind-server'

// What the core's scenario tests share: stopping what a test started, the waits every scenario
// uses, the clients they build and the stored messages they feed them.

export { waitFor }

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

/** Stop this after the current test; what was started last is stopped first. */
export const onCleanup = (stop: () => unknown) => void cleanups.push(stop)

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const status = (c: ChatClient) => c.getSnapshot().connection.status
export const isOpen = (c: ChatClient) => status(c) === 'open'
/** Resolves once the client is open (5 s at most). */
export const untilOpen = (c: ChatClient) => waitFor(() => isOpen(c), 5_000, 'open')

export const timeline = (c: ChatClient, conversationId: string): readonly Message[] =>
  c.getSnapshot().timelines[conversationId] ?? []

/**
 * A message as a server stored it: `m<n>` in `c1` from `them`, its time and seq following `n`.
 * `overrides` name what a test cares about.
 */
export const storedMessage = (n: number, overrides: Partial<Message> = {}): Message => ({
  id: `m${n}`,
  conversationId: 'c1',
  senderId: 'them',
  kind: 'text',
  body: `message ${n}`,
  attachments: [],
  createdAt: 1_700_000_000_000 + n,
  seq: n,
  status: 'sent',
  ...overrides,
})

/**
 * A client on the native dialect over a `FakeSocket` the test drives by hand (see `fakes.ts`),
 * closed after the test; it is not connected yet.
 */
export function fakeSocketClient(overrides: Partial<ChatClientOptions> = {}): ChatClient {
  const client = createChatClient({
    url: 'ws://chat.test',
    getToken: () => 'token',
    protocol: nativeProtocol,
    WebSocket: FakeSocket,
    environment: null,
    batchMs: 0,
    ...overrides,
  })
  onCleanup(() => client.close())
  return client
}

/** A server shaped like the seed backends (no dedupe, no resume), killed after the test. */
export async function serveUnkind(ack: AckShape): Promise<UnkindServer> {
  const server = await startUnkindServer({ ack })
  onCleanup(() => server.kill())
  return server
}

/** A client of an unkind server signed in with `token`, closed after the test; not connected yet. */
export function unkindClient(
  server: UnkindServer,
  ack: AckShape,
  token: string,
  overrides: Partial<ChatClientOptions> = {},
): ChatClient {
  const client = createChatClient({
    url: server.url,
    getToken: () => token,
    protocol: unkindProtocol(server, ack),
    environment: null,
    backoff: { baseMs: 30, capMs: 100 },
    batchMs: 5,
    ...overrides,
  })
  onCleanup(() => client.close())
  return client
}

/** The bodies an unkind server stored in `room`, in its order. */
export const storedBodies = (server: UnkindServer) =>
  (server.conversations.get('room') ?? []).map((m) => m.body)

/** A native server (dedupes, resumes) that knows alice and bob, killed after the test. */
export async function serveNative(): Promise<NativeServer> {
  const server = await startNativeServer({ validTokens: new Set(['alice', 'bob']) })
  onCleanup(() => server.kill())
  return server
}

/** A client of a native server signed in with `token`, already connecting; closed after the test. */
export function nativeClient(
  server: NativeServer,
  token: string,
  overrides: Partial<ChatClientOptions> = {},
): ChatClient {
  const client = createChatClient({
    url: server.url,
    getToken: () => token,
    protocol: nativeProtocol,
    environment: null,
    backoff: { baseMs: 50, capMs: 200 },
    batchMs: 5,
    ...overrides,
  })
  onCleanup(() => client.close())
  client.connect()
  return client
}
