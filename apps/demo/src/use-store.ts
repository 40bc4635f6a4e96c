import type { Store } from '@parley/core'
import { useSyncExternalStore } from 'react'

/** Read one of the core's stores (the connection, the demo's token) in React. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot)
}
