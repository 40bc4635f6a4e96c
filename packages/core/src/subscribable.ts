/**
 * A minimal external store: the one shape every Parley layer reads.
 * React binds to it with `useSyncExternalStore(subscribe, getSnapshot)`; anything else just subscribes.
 */
export interface Store<T> {
  getSnapshot(): T
  subscribe(listener: () => void): () => void
}

export interface WritableStore<T> extends Store<T> {
  setState(next: T): void
}

export function createStore<T>(initial: T): WritableStore<T> {
  let state = initial
  const listeners = new Set<() => void>()
  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setState(next) {
      if (Object.is(next, state)) return
      state = next
      // Copy first: a listener that unsubscribes another must not skip it mid-loop.
      for (const listener of [...listeners]) listener()
    },
  }
}
