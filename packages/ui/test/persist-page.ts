/**
 * Helpers for the persistence tests in Chromium: clients over the page's real IndexedDB and Web
 * Locks, each standing for a tab (or a reloaded tab: a fresh client over the same database).
 */
import { createChatClient, type ChatClient, type ProtocolAdapter } from '@parley/core'
import { createNativeProtocol } from '@parley/core/native'
import { createPersistence, indexedDbStorage, type PersistOptions } from '@parley/core/persist'
import type { MockBackend } from '@parley/mock-backend'
import { API_URL, SOCKET_URL } from '../src/backend'

/**
 * The native dialect as a server without dedupe would be driven: the engine may not count on the
 * server dropping a second copy, and every `send` frame written is counted by client id.
 */
export function countingProtocol() {
  const native = createNativeProtocol({ apiUrl: API_URL })
  const frames = new Map<string, number>()
  const protocol: ProtocolAdapter = {
    ...native,
    idempotentSends: false,
    encode(command) {
      if (command.type === 'send') {
        const id = command.message.clientId!
        frames.set(id, (frames.get(id) ?? 0) + 1)
      }
      return native.encode(command)
    },
  }
  return { protocol, frames }
}

/** A tab: a client signed in as `userId`, persisting under `scope`. Not connected yet. */
export function openTab(
  backend: MockBackend,
  protocol: ProtocolAdapter,
  scope: string,
  { userId = 'trainer-maya', ...persist }: PersistOptions & { userId?: string } = {},
): { client: ChatClient; persistence: ReturnType<typeof createPersistence> } {
  const token = backend.model.issueToken(userId)
  const persistence = createPersistence({ scope, writeDelayMs: 20, ...persist })
  const client = createChatClient({
    url: SOCKET_URL,
    protocol,
    getToken: () => token,
    userId,
    batchMs: 5,
    persist: persistence,
  })
  return { client, persistence }
}

/** The keys in a scope's database, read like any other page would. */
export const storedKeys = (scope: string) => indexedDbStorage(`parley:${scope}`).keys()

/** Until `check` holds, polling every 20 ms. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5_000) {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** The bodies the backend stored in a conversation, oldest first. */
export function storedBodies(backend: MockBackend, conversationId: string): string[] {
  const bodies: string[] = []
  for (let seq = 1; seq <= backend.model.latestSeq(conversationId); seq++) {
    const message = backend.model.message(conversationId, seq)
    if (message) bodies.push(message.body)
  }
  return bodies
}
