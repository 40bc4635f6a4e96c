import type { ChatState } from '../client'
import { isPending, type Message } from '../model'
import type { PersistHost } from '../persist-host'
import type { PersistContext } from './context'
import {
  META,
  migrate,
  readTimeline,
  SCHEMA_VERSION,
  timelineKey,
  toStored,
  type Meta,
  type Migration,
} from './records'

export interface CacheLimits {
  /** Newest confirmed messages kept per conversation. */
  perConversation: number
  /** Conversations kept; the least recently updated go first. */
  conversations: number
  /** Messages kept in all; the least recently updated conversations go first. */
  messages: number
}

/** A 32-bit FNV-1a hash: what is on disk is remembered by it, not by a copy of the text. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

const fresh = (userId: string | undefined): Meta => ({
  version: SCHEMA_VERSION,
  userId,
  conversations: Object.create(null),
})

/** Conversations to drop, least recently updated first, until both totals fit. */
export function evictions(meta: Meta, limits: CacheLimits): string[] {
  const byAge = Object.entries(meta.conversations).sort((a, b) => a[1].usedAt - b[1].usedAt)
  let count = byAge.length
  let total = byAge.reduce((sum, [, entry]) => sum + entry.count, 0)
  const out: string[] = []
  for (const [id, entry] of byAge) {
    if (count <= limits.conversations && total <= limits.messages) break
    out.push(id)
    count--
    total -= entry.count
  }
  return out
}

/**
 * Recent timelines on disk: read back into the store at start (the conversation renders before the
 * socket opens; the join's gap-fill then reconciles it), and written, throttled, as they change:
 * the newest confirmed messages of each, within the caps, least recently updated evicted first.
 */
export function createTimelineCache(
  context: PersistContext,
  host: PersistHost,
  options: {
    limits: CacheLimits
    writeDelayMs: number
    now: () => number
    migrations: Readonly<Record<number, Migration>>
  },
) {
  const { limits, now } = options
  let meta = fresh(undefined)
  /** What is on disk per conversation, so an unchanged timeline is not written again. */
  const onDisk = new Map<string, number>()
  const dirty = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined

  const slice = (list: readonly Message[]) =>
    list.filter((m) => !isPending(m)).slice(-limits.perConversation)

  async function wipe(userId: string | undefined) {
    await context.storage.clear()
    meta = fresh(userId)
  }

  /** Read the cache into the store; returns the client ids of the sends it shows confirmed. */
  async function hydrate(): Promise<Set<string>> {
    const { storage } = context
    const userId = host.store.getSnapshot().userId
    const raw = await storage.get(META)
    const read = raw === undefined ? fresh(userId) : await migrate(storage, raw, options.migrations)
    if (!read) {
      context.warn({
        code: 'schema-reset',
        message: 'Stored chats of another version were wiped',
        key: META,
      })
      await wipe(userId)
    } else if (read.userId !== undefined && userId !== undefined && read.userId !== userId) {
      await wipe(userId) // another user's chats on a shared computer: never shown
    } else meta = { ...read, conversations: Object.assign(Object.create(null), read.conversations) }
    const messages: Message[] = []
    const ids = Object.keys(meta.conversations).sort(
      (a, b) => meta.conversations[b]!.usedAt - meta.conversations[a]!.usedAt,
    )
    for (const id of ids) {
      const list = readTimeline(await storage.get(timelineKey(id)), id)
      if (list) {
        messages.push(...list.slice(-limits.perConversation))
        const newest = list.at(-1)?.seq
        if (newest !== undefined) host.resumeAfter(id, newest)
        onDisk.set(id, hash(JSON.stringify(list.map(toStored))))
        continue
      }
      context.warn({
        code: 'corrupt-record',
        message: 'An unreadable cached timeline was dropped',
        key: timelineKey(id),
      })
      delete meta.conversations[id]
      await storage.delMany([timelineKey(id)])
    }
    if (messages.length) host.merge(messages)
    return new Set(messages.flatMap((m) => (m.clientId ? [m.clientId] : [])))
  }

  function write() {
    timer = undefined
    const ids = [...dirty]
    dirty.clear()
    void context.run(async () => {
      const { timelines, userId } = host.store.getSnapshot()
      const entries: [string, unknown][] = []
      for (const id of ids) {
        const stored = slice(timelines[id] ?? []).map(toStored)
        const digest = hash(JSON.stringify(stored))
        if (!stored.length || onDisk.get(id) === digest) continue
        onDisk.set(id, digest)
        meta.conversations[id] = { usedAt: now(), count: stored.length }
        entries.push([timelineKey(id), { messages: stored }])
      }
      const evicted = evictions(meta, limits)
      for (const id of evicted) {
        delete meta.conversations[id]
        onDisk.delete(id)
      }
      if (!entries.length && !evicted.length) return
      meta.userId ??= userId
      const kept = entries.filter(([key]) => !evicted.some((id) => timelineKey(id) === key))
      await context.storage.setMany([[META, meta], ...kept])
      if (evicted.length) await context.storage.delMany(evicted.map(timelineKey))
    })
  }

  return {
    hydrate,
    /** The store changed: note which timelines did, and write them a little later. */
    changed(next: ChatState, previous: ChatState) {
      if (next.timelines === previous.timelines || !context.active()) return
      for (const id in next.timelines)
        if (next.timelines[id] !== previous.timelines[id]) dirty.add(id)
      if (dirty.size) timer ??= setTimeout(write, options.writeDelayMs)
    },
    close: () => clearTimeout(timer),
  }
}
