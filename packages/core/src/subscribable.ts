// The one import of zustand in the core: `zustand/vanilla` has no React in it (the lint rule bans
// zustand's React entry points; the framework-free test checks at runtime).
import {
  createStore as createZustandStore,
  type StateCreator,
  type StoreApi,
} from 'zustand/vanilla'

export type { StoreApi }

/**
 * A minimal external store: the one shape every Parley layer reads.
 * React binds to it with `useSyncExternalStore(subscribe, getSnapshot)`; anything else just subscribes.
 */
export interface Store<T> {
  getSnapshot(): T
  subscribe(listener: () => void): () => void
}

export interface WritableStore<T> extends Store<T> {
  /** Replace the state; `action` names the change for middleware such as zustand's `devtools`. */
  setState(next: T, action?: string): void
  /**
   * The zustand store underneath: subscribe to slices (`api.subscribe((state, previous) => …)`), read
   * it in React with zustand's `useStore(api, selector)`. Write through `setState`, not through it.
   */
  readonly api: StoreApi<T>
}

/**
 * Wraps the store's initializer, e.g. `(init) => devtools(init, { name: 'Parley' })` from
 * `zustand/middleware`. Each change reaches it as `setState(state, true, action)`.
 */
// `any`: a middleware adds its own mutator types (devtools' `zustand/devtools`), unknown here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StoreMiddleware<T> = (initializer: StateCreator<T>) => StateCreator<T, [], any>

/** A zustand vanilla store, seen through the `Store` contract. */
export function createStore<T>(initial: T, middleware?: StoreMiddleware<T>): WritableStore<T> {
  const init: StateCreator<T> = () => initial
  const api = createZustandStore<T>()(middleware ? middleware(init) : init)
  // The third argument is devtools' action name; plain zustand ignores it.
  const replace = api.setState as (next: T, replace: true, action?: string) => void
  const listeners = new Set<() => void>()
  api.subscribe(() => {
    // Copy first: a listener that unsubscribes another must not skip it mid-loop.
    for (const listener of [...listeners]) listener()
  })
  return {
    api,
    getSnapshot: api.getState,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setState: (next, action) => replace(next, true, action),
  }
}
