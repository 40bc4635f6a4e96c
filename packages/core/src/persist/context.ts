import type { PersistStorage } from './storage'
import type { PersistWarning } from './records'

/** The slice of `navigator.locks` (Web Locks) persistence uses. */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>
}

/**
 * Storage work in order, one job at a time, and what happens when storage fails: every later job
 * is skipped (memory only from then on) and one typed warning says why. Nothing here throws.
 */
export function createPersistContext(
  storage: PersistStorage,
  warn: (warning: PersistWarning) => void,
  ready: Promise<unknown> = Promise.resolve(),
) {
  let queue: Promise<unknown> = ready
  let state: 'on' | 'memory' | 'cleared' = 'on'
  const context = {
    storage,
    warn,
    active: () => state === 'on',
    /** Switch to memory only, once, with a warning naming the cause. */
    fail(cause: unknown) {
      if (state !== 'on') return
      state = 'memory'
      const quota = (cause as { name?: string } | null)?.name === 'QuotaExceededError'
      warn({
        code: quota ? 'quota-exceeded' : 'storage-unavailable',
        message: quota
          ? 'The browser refused to store more: this session keeps its chats in memory only'
          : 'Local storage cannot be used (private mode or blocked): memory only',
        cause,
      })
    },
    /** Run after every job queued before it; undefined when storage is off or the job failed. */
    run<T>(job: () => Promise<T>): Promise<T | undefined> {
      const next = queue.then(
        () => (state === 'on' ? job() : undefined),
        () => undefined,
      )
      queue = next.catch((cause: unknown) => context.fail(cause))
      return next.catch(() => undefined)
    },
    /** Stop writing, let the jobs in flight finish, then delete everything. */
    async clear() {
      const wasOn = state === 'on'
      state = 'cleared'
      await queue
      // Even a store that failed to write may hold old records: try, and say nothing if it cannot.
      await storage.clear().catch((cause: unknown) => wasOn && context.fail(cause))
    },
  }
  return context
}

export type PersistContext = ReturnType<typeof createPersistContext>
