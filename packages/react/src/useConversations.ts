import type { ChatState, Conversation } from '@parley/core'
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo } from 'react'
import { useChatContext } from './context'
import { listKey, watchMany, type ConversationPage } from './live'
import { NONE, sameJson, useStoreSelector } from './useChatState'

export interface ConversationItem extends Conversation {
  /** Someone in the conversation other than this user is online. */
  online: boolean
}

/**
 * The conversation list (filtered by `search`), fetched page by page through TanStack Query and kept
 * live by socket events patching the cache: last message, unread count, order; presence from the
 * store. The listed conversations are watched (joined) while the list is mounted.
 */
export function useConversations({ search = '' }: { search?: string } = {}) {
  const { client, queryClient, protocol, token, key } = useChatContext()
  // A persisted list (`persist` option) shows at once, stale, until the fetch replaces it.
  const cached = search ? undefined : client.persistence?.conversations?.()
  const query = useInfiniteQuery(
    {
      queryKey: listKey(key, search),
      queryFn: async ({ pageParam }): Promise<ConversationPage> =>
        protocol!.fetchConversations!(
          { ...(search && { search }), ...(pageParam && { cursor: pageParam }) },
          { token: await token() },
        ),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.nextCursor,
      enabled: !!protocol?.fetchConversations,
      placeholderData: keepPreviousData,
      ...(cached && {
        initialData: { pages: [{ conversations: [...cached] }], pageParams: [undefined] },
        initialDataUpdatedAt: 0,
      }),
    },
    queryClient,
  )
  const { data } = query
  useEffect(() => {
    if (!search && data) void client.persistence?.saveConversations?.(data.pages[0]!.conversations)
  }, [client, data, search])
  // With presence from the store; the same list (reference) while nothing in it changes.
  const conversations = useStoreSelector(
    client,
    useCallback(
      (s: ChatState): readonly ConversationItem[] =>
        data?.pages.flatMap((page) =>
          page.conversations.map((c) => ({
            ...c,
            online: c.participants.some((p) => p.id !== s.userId && s.presence[p.id]),
          })),
        ) ?? NONE,
      [data],
    ),
    sameJson,
  )
  // Join the listed conversations: their messages then reach this client and keep the list live.
  const watcher = useMemo(() => watchMany(client), [client])
  // `conversations` keeps its reference while its content is the same: no churn on every event.
  useEffect(() => watcher.set(conversations.map((c) => c.id)), [watcher, conversations])
  useEffect(() => watcher.stop, [watcher])

  const { hasNextPage, isFetching, fetchNextPage } = query
  return {
    conversations,
    isLoading: query.isLoading,
    isFetching,
    error: query.error,
    hasMore: hasNextPage,
    loadMore: () => {
      if (hasNextPage && !isFetching) void fetchNextPage({ cancelRefetch: false })
    },
    refetch: query.refetch,
  }
}
