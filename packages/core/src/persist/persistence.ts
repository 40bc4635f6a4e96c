import { ParleyError } from '../errors'
import type { Conversation } from '../model'
import type { ChatPersistence, PersistHost } from '../persist-host'
import { createPersistContext, type LockManagerLike } from './context'
import { createOutboxRecords } from './outbox-records'
import { LIST, readList, type Migration, type PersistWarning } from './records'
import { indexedDbStorage, type PersistStorage } from './storage'
import { createTimelineCache } from './timeline-cache'

export interface PersistOptions {
  /** Where records live; default IndexedDB (database `parley:<scope>`), through idb-keyval. */
  storage?: PersistStorage
  /**
   * Names the database and the tabs' locks. Give each identity and server its own, e.g.
   * `maya@chat.example`: one user's chats are never read back for another.
   */
  scope?: string
  /** Newest confirmed messages cached per conversation (default 200). */
  maxMessagesPerConversation?: number
  /** Conversations cached (default 50); the least recently updated are evicted first. */
  maxConversations?: number
  /** Messages cached in all (default 5,000); the least recently updated conversations go first. */
  maxMessages?: number
  /** Cached timelines are written at most this often (default 500 ms); the outbox at once. */
  writeDelayMs?: number
  /** Web Locks coordinate tabs; default `navigator.locks`. `null`: one tab is assumed. */
  locks?: LockManagerLike | null
  /** Typed warnings: persistence degrades to memory instead of throwing. Default `console.warn`. */
  onWarning?: (warning: PersistWarning) => void
  /** Steps from each older schema version to the next, keyed by the version they start from. */
  migrations?: Readonly<Record<number, Migration>>
  now?: () => number
}

export interface Persistence extends ChatPersistence {
  /** Settles when the cache is in the store and dead tabs' sends are adopted (never rejects). */
  readonly ready: Promise<void>
  /** The conversation list as last saved, read from storage now. */
  loadConversations(): Promise<Conversation[] | undefined>
  /** The same, as read at start (undefined before `ready`). */
  conversations(): readonly Conversation[] | undefined
  saveConversations(conversations: readonly Conversation[]): Promise<void>
}

const defaultWarn = (warning: PersistWarning) =>
  console.warn(`[parley] persist: ${warning.code}: ${warning.message}`, warning.cause ?? '')

/**
 * Opt-in persistence for `createChatClient({ …, persist: createPersistence() })`: the outbox (a send
 * made offline survives a reload and goes out once, from one tab), recent timelines and the
 * conversation list, bounded, versioned, wiped by `client.signOut()`. Storage that fails (private
 * mode, quota, corruption) never breaks the chat: it degrades to memory with a typed warning.
 */
export function createPersistence(options: PersistOptions = {}): Persistence {
  const scope = options.scope ?? 'default'
  const storage = options.storage ?? indexedDbStorage(`parley:${scope}`)
  const warn = options.onWarning ?? defaultWarn
  const locks =
    options.locks === undefined
      ? ((globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks ?? null)
      : options.locks
  const tabId = crypto.randomUUID()
  const lockPrefix = `parley:${scope}`
  let releaseTab: (() => void) | undefined
  let granted!: () => void
  // Storage work waits for this tab's own lock: other tabs must not see its outbox as orphaned.
  const context = createPersistContext(storage, warn, new Promise<void>((r) => (granted = r)))
  /** Hold this tab's lock while the client lives (asked on attach: an unused persistence holds none). */
  function holdTabLock() {
    if (!locks) return granted()
    void locks
      .request(`${lockPrefix}:tab:${tabId}`, {}, () => {
        granted()
        return new Promise<void>((release) => (releaseTab = release))
      })
      .catch(() => granted())
  }
  let list: readonly Conversation[] | undefined
  let markReady!: () => void
  const ready = new Promise<void>((resolve) => (markReady = resolve))

  let attached = false
  function attach(host: PersistHost) {
    // One tab id, one outbox record: two clients writing it would erase each other's sends.
    if (attached)
      throw new ParleyError('invalid-options', 'Give each client its own createPersistence()')
    attached = true
    holdTabLock()
    const cache = createTimelineCache(context, host, {
      limits: {
        perConversation: options.maxMessagesPerConversation ?? 200,
        conversations: options.maxConversations ?? 50,
        messages: options.maxMessages ?? 5_000,
      },
      writeDelayMs: options.writeDelayMs ?? 500,
      now: options.now ?? Date.now,
      migrations: options.migrations ?? {},
    })
    const outbox = createOutboxRecords(context, host, { tabId, lockPrefix, locks })
    let delivered = new Set<string>()
    let hydrated = false
    const stop = host.store.api.subscribe((next, previous) => {
      if (!hydrated) return
      cache.changed(next, previous)
      outbox.save()
      // Back online: tabs closed meanwhile may have left sends behind.
      if (next.connection.status === 'open' && previous.connection.status !== 'open')
        void outbox.adopt((id) => delivered.has(id))
    })
    void context
      .run(async () => {
        delivered = await cache.hydrate()
        hydrated = true
        const saved = await storage.get(LIST)
        list = readList(saved)
        if (saved !== undefined && !list) {
          warn({
            code: 'corrupt-record',
            message: 'An unreadable conversation list was dropped',
            key: LIST,
          })
          await storage.delMany([LIST])
        }
      })
      .then(async () => {
        hydrated = true
        await outbox.adopt((id) => delivered.has(id))
        outbox.save()
      })
      .finally(markReady)
    return () => {
      stop()
      cache.close()
      releaseTab?.()
    }
  }

  return {
    ready,
    attach,
    clear() {
      list = undefined
      granted() // never attached: nothing to wait for
      return context.clear()
    },
    loadConversations: async () => readList(await context.run(() => storage.get(LIST))),
    conversations: () => list,
    async saveConversations(conversations) {
      const kept = conversations.slice(0, options.maxConversations ?? 50)
      list = kept
      await context.run(() => storage.setMany([[LIST, { conversations: kept }]]))
    },
  }
}
