import { isPending, type Message } from './model'

/**
 * A timeline cut to its newest `keep` messages, plus any of this client's pending sends older than
 * that (they belong to the outbox, not to the cache). The same array when it is short enough.
 */
export function latestPage(list: readonly Message[], keep: number): readonly Message[] {
  if (list.length <= keep) return list
  const cut = list.length - keep
  const olderPending = list.slice(0, cut).filter(isPending)
  return olderPending.length ? [...olderPending, ...list.slice(cut)] : list.slice(cut)
}

/**
 * Trims the timelines of conversations no longer watched after `afterMs`, so a long session that
 * opened hundreds of conversations holds one page of each, not every message ever loaded. Watching
 * again before then cancels it.
 */
export function createTrimmer(afterMs: number, trim: (conversationId: string) => void) {
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  const cancel = (conversationId: string) => {
    clearTimeout(timers.get(conversationId))
    timers.delete(conversationId)
  }
  return {
    watched: cancel,
    unwatched(conversationId: string) {
      cancel(conversationId)
      if (!Number.isFinite(afterMs)) return
      const timer = setTimeout(() => {
        timers.delete(conversationId)
        trim(conversationId)
      }, afterMs)
      // In Node, a pending trim must not keep the process alive.
      ;(timer as { unref?: () => void }).unref?.()
      timers.set(conversationId, timer)
    },
    close() {
      timers.forEach((timer) => clearTimeout(timer))
      timers.clear()
    },
  }
}
