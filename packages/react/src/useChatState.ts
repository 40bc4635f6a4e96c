import type { ChatClient, ChatState } from '@parley/core'
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import { useChatContext } from './context'

export const NONE: readonly never[] = []

/** Equal when both serialize alike: for small plain values (who is typing, who is online). */
export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** A getter for a slice of the store that keeps the previous reference while the slice is `equal`. */
function slice<T>(
  client: ChatClient,
  selector: (state: ChatState) => T,
  equal: (a: T, b: T) => boolean,
) {
  let last: { state: ChatState; value: T } | undefined
  return () => {
    const state = client.getSnapshot()
    if (last?.state !== state) {
      const value = selector(state)
      last = { state, value: last && equal(last.value, value) ? last.value : value }
    }
    return last.value
  }
}

/**
 * A slice of the client's store. Recomputed only when the store changes; a result `equal` to the
 * previous one keeps the previous reference, so components re-render only when their slice does.
 */
export function useStoreSelector<T>(
  client: ChatClient,
  selector: (state: ChatState) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const get = useMemo(() => slice(client, selector, equal), [client, selector, equal])
  return useSyncExternalStore(client.subscribe, get, get)
}

/** Read any slice of the realtime state; pass a stable `selector` (and `equal` for derived values). */
export const useChatState = <T>(
  selector: (state: ChatState) => T,
  equal?: (a: T, b: T) => boolean,
): T => useStoreSelector(useChatContext().client, selector, equal)

/** One conversation's (or user's) entry of a record in the store, e.g. `typing[conversationId]`. */
export function useEntry<T>(
  client: ChatClient,
  record: 'timelines' | 'typing' | 'presence' | 'unread' | 'sync',
  id: string,
  fallback?: T,
  equal?: (a: T, b: T) => boolean,
): T {
  const select = useCallback(
    (s: ChatState) => ((s[record] as Record<string, T>)[id] ?? fallback) as T,
    [record, id, fallback],
  )
  return useStoreSelector(client, select, equal)
}
