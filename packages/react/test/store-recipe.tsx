import { createChatClient, type ChatClientOptions } from '@parley/core'
import { createPersistence } from '@parley/core/persist'
import { useChatClient } from '@parley/react'
import { useStore } from 'zustand'
import { devtools } from 'zustand/middleware'
import { useShallow } from 'zustand/shallow'

/** The app's client: its store in Redux DevTools while developing, its chats kept on the device. */
export function createAppClient(options: ChatClientOptions, userId: string) {
  return createChatClient({
    ...options,
    userId,
    // Every change is named by its event: `connection/open`, `events: message, ack`, `sync/synced`…
    storeMiddleware: (init) =>
      devtools(init, { name: 'Parley', enabled: process.env.NODE_ENV !== 'production' }),
    // Opt-in: the outbox and recent conversations in IndexedDB, one database per user.
    persist: createPersistence({ scope: userId }),
  })
}

/** The unread count of each conversation given: an array built on every call, hence `useShallow`. */
export function useUnreadCounts(conversationIds: readonly string[]): number[] {
  const client = useChatClient()
  return useStore(
    client.store,
    useShallow((state) => conversationIds.map((id) => state.unread[id] ?? 0)),
  )
}
