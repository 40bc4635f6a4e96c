import type { LockManagerLike } from '../src/persist'

/**
 * Web Locks as a browser grants them, for Node (which has no `navigator.locks`): exclusive, granted
 * in request order, held until the callback's promise settles; `ifAvailable` gets `null` at once
 * when the lock is held. One instance stands for one browser profile shared by its tabs.
 */
export function fakeLocks(): LockManagerLike & { held(name: string): boolean } {
  const held = new Set<string>()
  const waiting = new Map<string, (() => void)[]>()
  return {
    held: (name) => held.has(name),
    async request(name, options, callback) {
      if (held.has(name)) {
        if (options.ifAvailable) return callback(null)
        await new Promise<void>((granted) => {
          const queue = waiting.get(name) ?? []
          waiting.set(name, queue)
          queue.push(granted)
        })
      }
      held.add(name)
      try {
        return await callback({ name })
      } finally {
        const next = waiting.get(name)?.shift()
        if (next) next()
        else held.delete(name)
      }
    },
  }
}
