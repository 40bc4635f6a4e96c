import type { Message, SendInput, SyncState } from '@parley/core'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo } from 'react'
import { useChatContext } from './context'
import { patchUnread } from './live'
import { conversationSignals } from './signals'
import { NONE, useEntry } from './useChatState'
import { useTyping } from './useTyping'

/**
 * One conversation: its timeline from the core (history pages, live messages and this client's
 * pending sends, in order, deduplicated), the actions on it, and history pages loaded on demand.
 * Watches the conversation while mounted.
 */
export function useChat(conversationId: string, { pageSize = 30 } = {}) {
  const context = useChatContext()
  const { client, queryClient, protocol, token, key } = context
  useEffect(() => client.watch(conversationId), [client, conversationId])

  const messages = useEntry<readonly Message[]>(client, 'timelines', conversationId, NONE)
  const unread = useEntry<number>(client, 'unread', conversationId, 0)

  // Each page is merged into the core's timeline; the cache keeps only where to continue.
  const history = useInfiniteQuery(
    {
      queryKey: [...key, 'history', conversationId, pageSize],
      queryFn: async ({ pageParam }) => {
        const page = await protocol!.fetchHistory!(
          { conversationId, limit: pageSize, ...(pageParam && { before: pageParam }) },
          { token: await token() },
        )
        client.merge(page.messages)
        return { hasMore: page.hasMore, oldest: page.messages[0]?.id }
      },
      initialPageParam: undefined as string | undefined,
      // A page that does not move the cursor ends the walk: a confused server cannot loop us.
      getNextPageParam: (page, _pages, param) =>
        page.hasMore && page.oldest !== param ? page.oldest : undefined,
      enabled: !!protocol?.fetchHistory,
      staleTime: Infinity,
    },
    queryClient,
  )
  const { hasNextPage, isError, isFetching, fetchNextPage } = history

  const signals = useMemo(
    () => conversationSignals(client, conversationId, () => patchUnread(context, conversationId)),
    [client, conversationId, context],
  )
  useEffect(() => signals.stop, [signals])

  return {
    messages,
    unread,
    typingUsers: useTyping(conversationId),
    /** Shown at once as `sending`; throws a ParleyError `outbox-full` when too many wait. */
    send: useCallback(
      (input: SendInput) => client.send(conversationId, input),
      [client, conversationId],
    ),
    retry: client.retry,
    discard: client.discard,
    /** Resolve when the server has the change; reject with a ParleyError (`mutation-failed`). */
    edit: useCallback(
      (id: string, body: string) => client.edit(conversationId, id, body),
      [client, conversationId],
    ),
    remove: useCallback(
      (id: string) => client.remove(conversationId, id),
      [client, conversationId],
    ),
    setTyping: signals.setTyping,
    markRead: signals.markRead,
    /** Whether the timeline holds what the server has; an `error` is retried with `resync`. */
    sync: useEntry<SyncState | undefined>(client, 'sync', conversationId),
    resync: useCallback(() => client.resync(conversationId), [client, conversationId]),
    /** What the backend can do: hide what it cannot (editing, history, uploads…). */
    capabilities: client.capabilities,
    hasOlder: hasNextPage,
    isLoadingOlder: isFetching,
    historyError: history.error,
    /**
     * Load the page before the oldest loaded, or retry the one that failed (the first page too); a
     * no-op while one loads or when none is left.
     */
    loadOlder: useCallback(async () => {
      if ((hasNextPage || isError) && !isFetching) await fetchNextPage({ cancelRefetch: false })
    }, [hasNextPage, isError, isFetching, fetchNextPage]),
  }
}
