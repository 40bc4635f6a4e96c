import { createChatClient, type ChatClient, type ChatClientOptions } from '../src'
import type { SocketConstructor } from '../src/connection'
import { createSharedSocket, type LockRequester, type SharedSocketOptions } from '../src/cross-tab'
import { nativeProtocol } from '../src/native'
import type { NativeServer } from './native-server'

/** One browser tab: its own shared socket and client, all tabs in one process as in one browser. */
export interface Tab {
  client: ChatClient
  /** Real sockets this tab's shared socket opened (it was the leader that many times). */
  realSockets: number
  /** Channels this tab opened and has not closed yet. */
  openChannels: number
  /** The tab dies without a word: its channel goes deaf and mute, then its client stops. */
  crash(): void
}

/**
 * Opens a tab of the user holding `token`. Tabs that pass the same `key` share one socket. A
 * crashed tab's notes are never delivered, so the others learn of its death only by its silence.
 */
export function openTab(
  server: NativeServer,
  token: string,
  key: string,
  shared: Partial<SharedSocketOptions> = {},
  overrides: Partial<ChatClientOptions> = {},
): Tab {
  const RealSocket = (globalThis as { WebSocket?: SocketConstructor }).WebSocket!
  const channels = new Set<BroadcastChannel>()
  let crashed = false
  class TabChannel extends BroadcastChannel {
    constructor(name: string) {
      super(name)
      channels.add(this)
    }
    override postMessage(message: unknown) {
      if (!crashed) super.postMessage(message)
    }
    override close() {
      channels.delete(this)
      super.close()
    }
  }
  const tab: Tab = {
    client: undefined as unknown as ChatClient,
    realSockets: 0,
    get openChannels() {
      return channels.size
    },
    crash() {
      crashed = true
      for (const channel of channels) channel.onmessage = null
      tab.client.close()
    },
  }
  const CountingSocket = function (url: string) {
    tab.realSockets += 1
    return new RealSocket(url)
  } as unknown as SocketConstructor
  tab.client = createChatClient({
    url: server.url,
    getToken: () => token,
    protocol: nativeProtocol,
    environment: null,
    backoff: { baseMs: 50, capMs: 200 },
    batchMs: 5,
    WebSocket: createSharedSocket({
      key,
      WebSocket: CountingSocket,
      BroadcastChannel: TabChannel,
      ...shared,
    }),
    ...overrides,
  })
  tab.client.connect()
  return tab
}

/**
 * Web Locks as one browser grants them: per name, one holder at a time, the others queued in
 * request order; a request aborted while queued leaves the queue; the callback runs asynchronously.
 */
export function fakeLocks(): LockRequester & { holders: () => number } {
  const held = new Set<string>()
  const queues = new Map<string, (() => void)[]>()
  const next = (name: string) => {
    held.delete(name)
    queues.get(name)?.shift()?.()
  }
  return {
    holders: () => held.size,
    request(name, { signal }, granted) {
      return new Promise((resolve, reject) => {
        const run = () => {
          held.add(name)
          queueMicrotask(() => {
            granted()
              .then(resolve, reject)
              .finally(() => next(name))
          })
        }
        if (!held.has(name)) return run()
        const queue = queues.get(name) ?? []
        queues.set(name, queue)
        queue.push(run)
        signal?.addEventListener('abort', () => {
          const index = queue.indexOf(run)
          if (index < 0) return // already granted: the holder releases it
          queue.splice(index, 1)
          reject(new DOMException('Aborted', 'AbortError'))
        })
      })
    },
  }
}

export const status = (tab: Tab) => tab.client.getSnapshot().connection.status
export const bodies = (client: ChatClient, conversationId = 'room') =>
  (client.getSnapshot().timelines[conversationId] ?? []).map((m) => m.body)
export const statusOf = (client: ChatClient, clientId: string, conversationId = 'room') =>
  client.getSnapshot().timelines[conversationId]?.find((m) => m.clientId === clientId)?.status
