import type { ChatClient, ChatState } from '@parley/core'
import { useCallback, useRef, useSyncExternalStore } from 'react'
import { useChatContext } from './context'

export const NONE: readonly never[] = []

/** Equal when both serialize alike: for small plain values (who is typing, who is online). */
export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * The selector, made stable under `equal`: a result equal to the previous one is returned as the
 * previous reference (what zustand's `useShallow` does for `shallow`), so `useSyncExternalStore`
 * neither loops on a fresh object nor re-renders for an unchanged slice.
 */
function useStable<T>(
  selector: (state: ChatState) => T,
  equal: (a: T, b: T) => boolean,
): (state: ChatState) => T {
  const previous = useRef<{ value: T }>(undefined)
  return (state) => {
    const next = selector(state)
    const last = previous.current
    return last && equal(last.value, next) ? last.value : (previous.current = { value: next }).value
  }
}

/**
 * A slice of the client's zustand store. Components re-render only when their slice changes; a
 * result `equal` to the previous one keeps the previous reference.
 */
export function useStoreSelector<T>(
  client: ChatClient,
  selector: (state: ChatState) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const { store } = client
  const select = useStable(selector, equal)
  // What zustand v5's `useStore(store, select)` does, written out (its binding would be bundled for
  // these three lines): the slice now, and during server rendering the store's initial state.
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.getState()),
    () => select(store.getInitialState()),
  )
}

/**
 * Read any slice of the realtime state. A selector that builds an object or array needs `equal`
 * (zustand's `shallow` from `zustand/shallow` for a flat one), or it renders on every change.
 */
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
