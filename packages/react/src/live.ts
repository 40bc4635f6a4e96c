import type { ChatClient, Conversation, Message } from '@parley/core'
import type { InfiniteData } from '@tanstack/react-query'
import type { ChatContextValue } from './context'

export interface ConversationPage {
  conversations: Conversation[]
  nextCursor?: string
}
type List = InfiniteData<ConversationPage, string | undefined>

/** The unfiltered list's query key (a search adds its text instead of ''). */
export const listKey = (key: readonly unknown[], search = '') => [...key, 'conversations', search]

/** Rewrite every cached conversation list of this provider; the list stays ordered by activity. */
function updateLists(
  { queryClient, key }: ChatContextValue,
  update: (c: Conversation) => Conversation,
) {
  for (const [queryKey, data] of queryClient.getQueriesData<List>({
    queryKey: [...key, 'conversations'],
  })) {
    if (!data) continue
    const all = data.pages.flatMap((p) => p.conversations)
    const next = all.map(update)
    if (next.every((c, i) => c === all[i])) continue
    next.sort((a, b) => b.updatedAt - a.updatedAt)
    const pages = data.pages.map((p) => ({
      ...p,
      conversations: next.splice(0, p.conversations.length),
    }))
    queryClient.setQueryData<List>(queryKey, { ...data, pages })
  }
}

const newer = (a: Message, b: Message) =>
  a.seq !== undefined && b.seq !== undefined ? a.seq > b.seq : a.createdAt > b.createdAt

/**
 * Keep this provider's cached conversation lists live from socket events (the core hands them over
 * a batch at a time): last message, unread count and order are patched with `setQueryData`, never
 * refetched, except that a message in a conversation the unfiltered list lacks (a new conversation)
 * refetches that list, one request at a time.
 */
export function liveConversations(context: ChatContextValue) {
  const { client, queryClient, key } = context
  return client.onEvent((event) => {
    if (event.type !== 'message' && event.type !== 'ack') return
    const m = event.message
    const queryKey = listKey(key)
    const list = queryClient.getQueryData<List>(queryKey)
    if (list?.pages.every((p) => p.conversations.every((c) => c.id !== m.conversationId)))
      void queryClient.invalidateQueries({ queryKey, exact: true }, { cancelRefetch: false })
    updateLists(context, (c) => {
      const last = c.lastMessage
      const isNew = !last || (last.id !== m.id && newer(m, last))
      return c.id !== m.conversationId || !(isNew || last?.id === m.id)
        ? c
        : {
            ...c,
            lastMessage: m,
            updatedAt: Math.max(c.updatedAt, m.createdAt),
            unreadCount: c.unreadCount + +(isNew && m.senderId !== client.getSnapshot().userId),
          }
    })
  })
}

/** After this client marked a conversation read: its cached lists show the core's count. */
export function patchUnread(context: ChatContextValue, conversationId: string) {
  const unreadCount = context.client.getSnapshot().unread[conversationId] ?? 0
  updateLists(context, (c) =>
    c.id === conversationId && c.unreadCount !== unreadCount ? { ...c, unreadCount } : c,
  )
}

/** Watch a changing set of conversations, joining new ones before leaving old ones: none rejoins. */
export function watchMany(client: ChatClient) {
  let unwatch: (() => void)[] = []
  const set = (ids: readonly string[]) => {
    const next = ids.map((id) => client.watch(id))
    unwatch.forEach((off) => off())
    unwatch = next
  }
  return { set, stop: () => set([]) }
}

/** Connect while at least one provider holds the client; close and drop its cache when none does. */
const holds = new WeakMap<ChatClient, number>()
export function hold(context: ChatContextValue) {
  const { client, queryClient, key } = context
  holds.set(client, (holds.get(client) ?? 0) + 1)
  client.connect()
  // What a QueryClientProvider would do: refetch on focus and reconnect while mounted.
  queryClient.mount()
  const stop = liveConversations(context)
  return () => {
    stop()
    queryClient.unmount()
    holds.set(client, holds.get(client)! - 1)
    // Later, not now: StrictMode unmounts and mounts again at once, and that must not cost a socket.
    queueMicrotask(() => {
      if (holds.get(client)) return
      client.close()
      // Cancelled first: a fetch settling after its query was removed would leave a gc timer behind.
      void queryClient
        .cancelQueries({ queryKey: key })
        .then(() => queryClient.removeQueries({ queryKey: key }))
    })
  }
}

/** A conversation just made (or found): first in the cached unfiltered list, once. */
export function putFirst({ queryClient, key }: ChatContextValue, made: Conversation) {
  queryClient.setQueryData<List>(
    listKey(key),
    (list) =>
      list && {
        ...list,
        pages: list.pages.map((page, i) => ({
          ...page,
          conversations: [
            ...(i ? [] : [made]),
            ...page.conversations.filter((c) => c.id !== made.id),
          ],
        })),
      },
  )
}
