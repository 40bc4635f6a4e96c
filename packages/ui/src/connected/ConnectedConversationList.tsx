import type { Conversation, Participant } from '@parley/core'
import { useChatClient, useConversations, useCreateConversation, usePeople } from '@parley/react'
import { useEffect, useRef, useState } from 'react'
import type { ConversationListProps } from '../ConversationList'
import { ConversationList } from '../ConversationList'
import { useI18n } from '../i18n'
import { NewConversation } from '../NewConversation'
import { useSelfAndPresence } from './store'

export interface ConnectedConversationListProps extends Pick<
  ConversationListProps,
  'selectedId' | 'strings' | 'locale'
> {
  /**
   * The conversation the user picked, whole (its participants title the window). A `selectedId`
   * given before the list has loaded (a deep link) is reported here too, once the list has it.
   */
  onSelect: (conversation: Conversation) => void
  /**
   * Who "New conversation" offers where the backend has no directory to search (Salon): e.g. the
   * salon's customers, with ids as the adapter names them (`customer:7`).
   */
  people?: readonly Participant[] | undefined
}

/** "New conversation" for the nearest `<ChatProvider>`: its directory, its create, its capabilities. */
function ConnectedNewConversation({
  people,
  onCreated,
}: {
  people: readonly Participant[] | undefined
  onCreated: (conversation: Conversation) => void
}) {
  const [search, setSearch] = useState('')
  const directory = usePeople(search)
  const create = useCreateConversation()
  const { capabilities } = useChatClient()
  return (
    <NewConversation
      people={people ?? directory.data ?? []}
      loading={!people && directory.isLoading}
      // The app's own list is filtered here; the directory is searched by the server.
      onSearchChange={people ? undefined : setSearch}
      groups={capabilities.createGroups}
      onCreate={create.mutateAsync}
      onCreated={onCreated}
    />
  )
}

/**
 * A ConversationList wired to the nearest `<ChatProvider>`: pages from the server, searched there,
 * kept live by the socket (last message, unread counts, order, presence).
 */
export function ConnectedConversationList({
  onSelect,
  people,
  ...props
}: ConnectedConversationListProps) {
  const { selectedId } = props
  const [search, setSearch] = useState('')
  const list = useConversations({ search })
  const { conversations, hasMore, loadMore, isFetching, error } = list
  const { userId, presence } = useSelfAndPresence()
  const { capabilities } = useChatClient()
  // Someone to pick is needed too: the backend's directory, or the app's people (Salon has none).
  const canCreate = capabilities.createConversation && (!!people || capabilities.directory)
  const { t } = useI18n(props.strings, props.locale)
  const reported = useRef<string | undefined>(undefined)
  // The server pages the list: the next page loads when the reader reaches the end (also if that
  // happened while a page was loading), and until a deep link's conversation is there. A page that
  // failed is not asked for again in a loop.
  const wantsMore = useRef(false)
  const loadIfWanted = () => {
    const linkedMissing =
      !!selectedId &&
      selectedId !== reported.current &&
      !conversations.some((c) => c.id === selectedId)
    if ((wantsMore.current || linkedMissing) && hasMore && !isFetching && !error) {
      wantsMore.current = false
      loadMore()
    }
  }
  useEffect(loadIfWanted)
  const onEndReached = () => {
    wantsMore.current = true
    loadIfWanted()
  }

  const select = (conversation: Conversation) => {
    reported.current = conversation.id
    onSelect(conversation)
  }
  useEffect(() => {
    const linked = conversations.find((c) => c.id === selectedId)
    if (linked && linked.id !== reported.current) {
      reported.current = linked.id
      onSelect(linked)
    }
  }, [selectedId, conversations, onSelect])

  return (
    <ConversationList
      {...props}
      conversations={conversations}
      currentUserId={userId}
      presence={presence}
      isLoading={list.isLoading}
      // Pages already shown stay when a later one fails.
      // In the user's words: the server's text is neither translated nor meant for people.
      error={error && conversations.length === 0 ? t.conversationsFailed : undefined}
      onRetry={() => void list.refetch()}
      onEndReached={onEndReached}
      onSearchChange={setSearch}
      // Offered only where the backend can create one; the one made (or found) opens at once.
      newConversation={canCreate && <ConnectedNewConversation people={people} onCreated={select} />}
      onSelect={(id) => {
        const conversation = conversations.find((c) => c.id === id)
        if (conversation) select(conversation)
      }}
    />
  )
}
