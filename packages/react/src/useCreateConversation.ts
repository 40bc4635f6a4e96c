import type { Conversation, ProtocolAdapter } from '@parley/core'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useChatContext } from './context'
import { putFirst } from './live'

export type CreateConversationRequest = Parameters<
  NonNullable<ProtocolAdapter['createConversation']>
>[0]

/**
 * Start a conversation (`capabilities.createConversation` says whether the backend can). The one
 * made, or the direct one that already existed, is put first in the cached list at once, so the
 * list shows it before any refetch; a refusal is the mutation's `error` (a ParleyError).
 */
export function useCreateConversation() {
  const context = useChatContext()
  const { queryClient, protocol, token } = context
  return useMutation(
    {
      mutationFn: async (request: CreateConversationRequest) =>
        protocol!.createConversation!(request, { token: await token() }),
      onSuccess: (made: Conversation) => putFirst(context, made),
    },
    queryClient,
  )
}

/**
 * The people the user can start a conversation with, from the backend's directory
 * (`protocol.searchPeople`), filtered by `search`, as a TanStack query: the people are its `data`.
 * Never fetched on backends without one (Salon): `data` stays undefined and the app supplies them.
 */
export function usePeople(search = '') {
  const { queryClient, protocol, token, key } = useChatContext()
  return useQuery(
    {
      queryKey: [...key, 'people', search],
      queryFn: async () =>
        protocol!.searchPeople!({ ...(search && { search }) }, { token: await token() }),
      enabled: !!protocol?.searchPeople,
    },
    queryClient,
  )
}
