import type { ConnectionState, Store } from '@parley/core'
import { useSyncExternalStore } from 'react'

/** Stand-in until @parley/react exists: read any core store in React. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot)
}

export const useConnectionState = (connection: Store<ConnectionState>) => useStore(connection)
