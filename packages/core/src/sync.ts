import { ParleyError } from './errors'
import { isPending, type Message } from './model'
import type { Outbox } from './outbox'
import type { ProtocolAdapter } from './protocol'
import { findMessage } from './timeline'
import { withTimeout } from './timeout'

/** Whether a conversation's timeline is known to hold everything the server has. */
export type SyncState =
  { status: 'synced' } | { status: 'syncing' } | { status: 'error'; error: ParleyError }

type Authed = <T>(call: (ctx: { token: string | undefined }) => Promise<T>) => Promise<T>

export interface SyncDeps {
  adapter: ProtocolAdapter
  authed: Authed
  outbox: Outbox
  timeline(conversationId: string): readonly Message[]
  has(conversationId: string, messageId: string): boolean
  selfId(): string | undefined
  /** Hand fetched messages to the timeline (applied with the next batch). */
  merge(messages: readonly Message[]): void
  setSync(conversationId: string, state: SyncState): void
  warn(message: string, error: unknown): void
  /** How long one history page may take before the fill is reported failed (and retried). */
  timeoutMs: number
}

const PAGE = 50
/** How far this client's clock may be ahead of the server's, when a send's own time bounds a fill. */
const CLOCK_SKEW_MS = 5 * 60_000
/** Pages read back when the line dropped before a conversation held anything. */
const EMPTY_DROP_PAGES = 4
/** Messages at or before the newest held that a gap-fill reads again (see `pagesBackTo`). */
const OVERLAP = 20
/** Pages a gap-fill reads back at most (2,500 messages); beyond it the gap is reported, not hidden. */
const MAX_PAGES = 50
/** History requests in flight at once: 1,000 conversations rejoined must not fire 1,000 requests. */
const CONCURRENCY = 4

/** Own sends an echo or a history entry may confirm, oldest first. */
export const ownPending = (list: readonly Message[]): Message[] =>
  list.filter(
    (m) =>
      m.clientId !== undefined &&
      isPending(m) &&
      (m.status !== 'failed' || m.error?.code === 'ack-timeout'),
  )

/** The newest message the server confirmed, walking back from the end (pending ones sit near it). */
export const newestConfirmed = (list: readonly Message[]): Message | undefined =>
  list.findLast((m) => !isPending(m))

/**
 * Gap-fill for dialects that cannot resume: after a reconnect (or when a send's fate is unknown),
 * page back through history until reaching what was already held, merge it, and reconcile this
 * client's unconfirmed sends against it before anything is sent again.
 */
export function createSync(deps: SyncDeps) {
  const { adapter, outbox } = deps
  const running = new Map<string, Promise<void>>()
  const queued = new Map<string, Promise<void>>()
  const failures = new Map<string, number>()
  /** Per conversation, the newest message held when the line last dropped, until a fill covers it. */
  const lineDroppedAt = new Map<string, Message | undefined>()
  /** Drops seen so far: a fill clears the mark only if no drop happened while it ran. */
  let drops = 0
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  const waiting: (() => void)[] = []
  let active = 0

  const slot = () =>
    active < CONCURRENCY
      ? (active++, Promise.resolve())
      : new Promise<void>((resolve) => waiting.push(() => (active++, resolve())))
  const release = () => {
    active--
    waiting.shift()?.()
  }

  /** Newest-first pages until one reaches `stopAt` (or the start): the messages, and whether it got there. */
  async function pagesBackTo(
    conversationId: string,
    stopAt: number | undefined,
    whole: boolean,
    maxPages = MAX_PAGES,
  ) {
    const messages: Message[] = []
    let before: string | undefined
    let overlap = 0
    for (let n = 0; n < maxPages; n++) {
      // A history request that never answers must not hold sends back forever.
      const page = await withTimeout(
        deps.authed((ctx) =>
          adapter.fetchHistory!({ conversationId, limit: PAGE, ...(before && { before }) }, ctx),
        ),
        deps.timeoutMs,
        () => new ParleyError('sync-failed', 'History did not answer'),
      )
      messages.unshift(...page.messages)
      const oldest = page.messages[0]
      if (stopAt !== undefined) overlap += page.messages.filter((m) => m.createdAt <= stopAt).length
      // Frames overtake each other before a line drops: what was held may have a hole just below its
      // newest message, so the fill reaches OVERLAP messages past it, not just to it.
      const reached = !whole && (stopAt === undefined || overlap >= OVERLAP)
      if (reached || !page.hasMore || !oldest || oldest.id === before)
        return { messages, covered: true }
      before = oldest.id
    }
    return { messages, covered: false }
  }

  /** Tag fetched copies of this client's sends with their client ids, so they replace the pending ones. */
  function reconcile(conversationId: string, fetched: Message[]) {
    const self = deps.selfId()
    let pending = ownPending(deps.timeline(conversationId))
    return fetched.map((m) => {
      if (m.clientId) {
        outbox.settle(m.clientId)
        return m
      }
      if (m.senderId !== self || deps.has(conversationId, m.id) || !adapter.matchPending) return m
      const clientId = adapter.matchPending(m, pending)
      if (!clientId) return m
      pending = pending.filter((p) => p.clientId !== clientId)
      outbox.settle(clientId)
      return { ...m, clientId }
    })
  }

  async function run(conversationId: string, firstJoin: boolean) {
    const unconfirmed = outbox.unconfirmed(conversationId)
    if (!adapter.fetchHistory) {
      for (const { clientId } of unconfirmed) outbox.cannotConfirm(clientId)
      // Later sends were held behind those: the fill runs after the rejoin's flush, so flush again.
      if (unconfirmed.length) outbox.flush()
      if (!firstJoin) {
        const error = new ParleyError('sync-failed', 'Messages sent while away cannot be loaded')
        deps.setSync(conversationId, { status: 'error', error })
      } else deps.setSync(conversationId, { status: 'synced' })
      return
    }
    // What was held when the line dropped, not now: live messages since the rejoin sit above the gap.
    const dropped = lineDroppedAt.has(conversationId)
    const dropsBefore = drops
    const held = dropped
      ? lineDroppedAt.get(conversationId)
      : newestConfirmed(deps.timeline(conversationId))
    // Reach back past what was held and past the newest message each unconfirmed send was sent
    // after (or, for a send made before anything was held, its own time less a clock skew). A line
    // that dropped before anything was held reads a few pages back, no more: older pages are
    // history, loaded on demand, and nothing above them is missing.
    const list = deps.timeline(conversationId)
    const sentAt = (clientId: string) =>
      (findMessage(list, `c:${clientId}`)?.createdAt ?? 0) - CLOCK_SKEW_MS
    const times = [
      ...(held ? [held.createdAt] : []),
      ...unconfirmed.map((u) => u.anchor?.createdAt ?? sentAt(u.clientId)),
    ]
    const whole = dropped && !held && !unconfirmed.length
    const maxPages = whole ? EMPTY_DROP_PAGES : MAX_PAGES
    const stopAt = times.length ? Math.min(...times) : undefined
    deps.setSync(conversationId, { status: 'syncing' })
    await slot()
    try {
      const { messages, covered } = await pagesBackTo(conversationId, stopAt, whole, maxPages)
      deps.merge(reconcile(conversationId, messages))
      // Only sends whose fate was unknown before the history was asked for can be judged by it: one
      // that timed out meanwhile may be stored after the page was read (the next run judges it).
      const judged = new Set(unconfirmed.map((u) => u.clientId))
      for (const { clientId } of outbox.unconfirmed(conversationId)) {
        if (!judged.has(clientId)) continue
        if (covered) outbox.notStored(clientId)
        else outbox.cannotConfirm(clientId)
      }
      outbox.flush()
      failures.delete(conversationId)
      // A drop during this run opened a gap this run's pages may predate: the next run covers it.
      if (drops === dropsBefore) lineDroppedAt.delete(conversationId)
      deps.setSync(conversationId, { status: 'synced' })
    } catch (cause) {
      deps.warn(`history refetch for ${conversationId} failed`, cause)
      const error = new ParleyError('sync-failed', 'Could not load what was missed', { cause })
      deps.setSync(conversationId, { status: 'error', error })
      retryLater(conversationId)
    } finally {
      release()
    }
  }

  /**
   * Sends whose fate is unknown hold their conversation back: a failed fill is tried again by
   * itself (2 s, 4 s … 30 s) while they wait, rather than leaving the user stuck.
   */
  function retryLater(conversationId: string) {
    if (!outbox.unconfirmed(conversationId).length || timers.has(conversationId)) return
    const attempt = (failures.get(conversationId) ?? 0) + 1
    failures.set(conversationId, attempt)
    const delay = Math.min(30_000, 1_000 * 2 ** attempt)
    timers.set(
      conversationId,
      setTimeout(() => {
        timers.delete(conversationId)
        void api.fill(conversationId)
      }, delay),
    )
  }

  const api = {
    /** Fill this conversation's gap and reconcile its sends; one run at a time per conversation. */
    fill(conversationId: string, firstJoin = false): Promise<void> {
      const current = running.get(conversationId)
      if (current) {
        // Whatever arrived meanwhile is fetched by one more run after this one, shared by all callers.
        let next = queued.get(conversationId)
        if (!next) {
          next = current.then(() => {
            queued.delete(conversationId)
            return api.fill(conversationId)
          })
          queued.set(conversationId, next)
        }
        return next
      }
      const started = run(conversationId, firstJoin).finally(() => running.delete(conversationId))
      running.set(conversationId, started)
      return started
    },
    /** The line dropped: remember what each conversation held, where its gap begins. */
    dropped(conversationIds: Iterable<string>) {
      for (const id of conversationIds)
        if (!lineDroppedAt.has(id)) lineDroppedAt.set(id, newestConfirmed(deps.timeline(id)))
      drops += 1
    },
    close() {
      timers.forEach((timer) => clearTimeout(timer))
      timers.clear()
    },
  }
  return api
}
