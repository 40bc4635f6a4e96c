import type { Conversation, Participant } from '@parley/core'
import type { KeyboardEvent, ReactNode } from 'react'
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react'
import type { ListRange, VirtuosoHandle } from 'react-virtuoso'
import { Virtuoso } from 'react-virtuoso'
import { Avatar as DefaultAvatar } from './Avatar'
import { useComponents } from './components'
import type { ParleyStrings } from './i18n'
import { I18nContext, useI18n } from './i18n'
import { messageSnippet } from './MessageBubble'
import { PresenceDot as DefaultPresenceDot } from './PresenceDot'
import { UnreadBadge as DefaultUnreadBadge } from './UnreadBadge'

/** The other participants of a conversation (all of them in a conversation with oneself). */
export function otherParticipants(c: Conversation, userId: string | undefined): Participant[] {
  const others = c.participants.filter((p) => p.id !== userId)
  return others.length ? others : c.participants
}

/** A group's title, or the other person's name in a direct conversation. */
export const conversationTitle = (c: Conversation, userId: string | undefined) =>
  c.title ??
  otherParticipants(c, userId)
    .map((p) => p.name)
    .join(', ')

export interface ConversationItemProps {
  conversation: Conversation
  currentUserId: string | undefined
  /** Whether the other person of a direct conversation is online; `undefined` when unknown. */
  online: boolean | undefined
  unread: number
}

/** One row: avatar with presence, name, time, last-message preview and unread count. */
export function ConversationItem({
  conversation: c,
  currentUserId,
  online,
  unread,
}: ConversationItemProps) {
  const {
    Avatar = DefaultAvatar,
    PresenceDot = DefaultPresenceDot,
    UnreadBadge = DefaultUnreadBadge,
  } = useComponents()
  const i18n = useI18n()
  const { t } = i18n
  const title = conversationTitle(c, currentUserId)
  const other = c.kind === 'direct' ? otherParticipants(c, currentUserId)[0] : undefined
  const last = c.lastMessage
  return (
    <>
      <span className="parley-conversation__avatar">
        <Avatar name={title} src={other?.avatarUrl} />
        {online !== undefined && <PresenceDot online={online} />}
      </span>
      <span className="parley-conversation__name">
        <bdi>{title}</bdi>
      </span>
      {last && (
        <time
          className="parley-conversation__time"
          dateTime={new Date(last.createdAt).toISOString()}
        >
          <bdi>{i18n.short(last.createdAt)}</bdi>
        </time>
      )}
      <span className="parley-conversation__preview">
        {last && (last.senderId === currentUserId ? `${t.you}: ` : '')}
        {last && <bdi>{messageSnippet(last, t)}</bdi>}
      </span>
      <UnreadBadge count={unread} />
    </>
  )
}

export interface ConversationListProps {
  conversations: readonly Conversation[]
  currentUserId: string | undefined
  /** The open conversation; a deep link can set it before the list renders, which scrolls to it. */
  selectedId?: string | undefined
  onSelect: (conversationId: string) => void
  /** Online state by participant id, for direct conversations. */
  presence?: Readonly<Record<string, boolean>> | undefined
  /** Live unread counts by conversation id; `conversation.unreadCount` where absent. */
  unread?: Readonly<Record<string, number>> | undefined
  isLoading?: boolean | undefined
  /** A message saying why the list could not load; shows a Retry button with `onRetry`. */
  error?: string | undefined
  onRetry?: (() => void) | undefined
  /** Called when the reader reaches the end of the list (scrolling, End, Page Down): load more. */
  onEndReached?: (() => void) | undefined
  /** Called as the user types in the search box. Without it the list filters itself by name. */
  onSearchChange?: ((query: string) => void) | undefined
  /** A "New conversation" control (`<NewConversation>`) shown above the search box. */
  newConversation?: ReactNode
  strings?: Partial<ParleyStrings> | undefined
  locale?: string | undefined
}

interface OptionProps extends ConversationItemProps {
  id: string
  selected: boolean
  active: boolean
  index: number
  onPick: (index: number, conversationId: string) => void
}

const Option = memo(function Option({ id, selected, active, index, onPick, ...item }: OptionProps) {
  const { ConversationItem: Item = ConversationItem } = useComponents()
  return (
    // The listbox handles the keyboard (aria-activedescendant); a click selects like Enter.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events
    <div
      id={id}
      role="option"
      aria-selected={selected}
      tabIndex={-1}
      className="parley-conversation"
      data-active={active || undefined}
      data-unread={item.unread > 0 || undefined}
      onClick={() => onPick(index, item.conversation.id)}
    >
      <Item {...item} />
    </div>
  )
})

/**
 * Conversations as a virtualised listbox with a search box: ↑/↓, Home/End and Page Up/Down move,
 * Enter selects; loading skeletons, empty and error states.
 */
export function ConversationList(props: ConversationListProps) {
  const { conversations, currentUserId, selectedId, onSelect, presence, unread } = props
  const i18n = useI18n(props.strings, props.locale)
  const { t } = i18n
  const [query, setQuery] = useState('')
  const trimmed = query.trim()
  const idBase = useId()
  const virtuoso = useRef<VirtuosoHandle>(null)
  // The rows Virtuoso has rendered: the listbox names its active option only while it exists, or
  // assistive technology is pointed at nothing (before the first render, or after a wheel scroll).
  const [rendered, setRendered] = useState<ListRange>()

  const shown = useMemo(() => {
    const q = trimmed.toLocaleLowerCase()
    if (!q || props.onSearchChange) return conversations
    return conversations.filter((c) =>
      [conversationTitle(c, currentUserId), ...c.participants.map((p) => p.name)].some((name) =>
        name.toLocaleLowerCase().includes(q),
      ),
    )
  }, [conversations, trimmed, currentUserId, props.onSearchChange])

  const selectedIndex = shown.findIndex((c) => c.id === selectedId)
  const [active, setActive] = useState(Math.max(0, selectedIndex))
  const activeIndex = Math.min(active, shown.length - 1)

  // A selection made elsewhere (a deep link, the app's router) becomes the active row, in view.
  const [seen, setSeen] = useState(selectedIndex)
  if (seen !== selectedIndex) {
    setSeen(selectedIndex)
    if (selectedIndex >= 0) setActive(selectedIndex)
  }
  useEffect(() => {
    if (selectedIndex >= 0) virtuoso.current?.scrollIntoView({ index: selectedIndex })
  }, [selectedIndex])

  const latest = useRef(onSelect)
  useEffect(() => {
    latest.current = onSelect
  })
  const pick = useCallback((index: number, id: string) => {
    setActive(index)
    latest.current(id)
  }, [])

  const move = (index: number) => {
    const next = Math.max(0, Math.min(shown.length - 1, index))
    setActive(next)
    virtuoso.current?.scrollIntoView({ index: next })
  }
  // On the listbox, which only renders with rows: activeIndex is one of them.
  const onKeyDown = (e: KeyboardEvent) => {
    const steps: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + 10,
      PageUp: activeIndex - 10,
      Home: 0,
      End: shown.length - 1,
    }
    if (e.key in steps) move(steps[e.key]!)
    else if (e.key === 'Enter' || e.key === ' ') pick(activeIndex, shown[activeIndex]!.id)
    else return
    e.preventDefault()
  }

  const body =
    props.error !== undefined ? (
      <div className="parley-conversations__state" role="alert" data-error="">
        <p>{props.error}</p>
        {props.onRetry && (
          <button type="button" className="parley-button" onClick={props.onRetry}>
            {t.retry}
          </button>
        )}
      </div>
    ) : props.isLoading ? (
      <div className="parley-conversations__state" aria-busy="true" data-loading="">
        <span className="parley-visually-hidden" role="status">
          {t.loadingConversations}
        </span>
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <div key={i} className="parley-skeleton" data-shape="row" />
        ))}
      </div>
    ) : !shown.length ? (
      <p className="parley-conversations__state" role="status">
        {trimmed ? t.noMatches(trimmed) : t.noConversations}
      </p>
    ) : (
      <Virtuoso
        ref={virtuoso}
        className="parley-conversations__list"
        role="listbox"
        aria-label={t.conversations}
        aria-activedescendant={
          rendered && activeIndex >= rendered.startIndex && activeIndex <= rendered.endIndex
            ? `${idBase}-${activeIndex}`
            : undefined
        }
        rangeChanged={setRendered}
        style={{ outline: undefined, height: undefined }}
        data={shown}
        initialTopMostItemIndex={{ index: Math.max(0, selectedIndex), align: 'center' }}
        computeItemKey={(_, c) => c.id}
        endReached={() => props.onEndReached?.()}
        onKeyDown={onKeyDown}
        itemContent={(index, c) => {
          const other = c.kind === 'direct' ? otherParticipants(c, currentUserId)[0] : undefined
          return (
            <Option
              id={`${idBase}-${index}`}
              index={index}
              conversation={c}
              currentUserId={currentUserId}
              online={other && presence ? (presence[other.id] ?? false) : undefined}
              unread={unread?.[c.id] ?? c.unreadCount}
              selected={c.id === selectedId}
              active={index === activeIndex}
              onPick={pick}
            />
          )
        }}
      />
    )

  return (
    <I18nContext.Provider value={i18n}>
      <div className="parley-conversations">
        {props.newConversation}
        <input
          type="search"
          className="parley-conversations__search"
          aria-label={t.search}
          placeholder={t.search}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            setActive(0)
            props.onSearchChange?.(e.target.value)
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && shown.length) {
              e.preventDefault()
              // The listbox follows the search box.
              ;(e.currentTarget.nextElementSibling as HTMLElement).focus()
            }
          }}
        />
        {body}
      </div>
    </I18nContext.Provider>
  )
}
