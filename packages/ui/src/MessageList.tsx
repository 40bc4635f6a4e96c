import type { Message, Participant } from '@parley/core'
import type { UIEvent } from 'react'
import {
  Component,
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import type { VirtuosoHandle } from 'react-virtuoso'
import { Virtuoso } from 'react-virtuoso'
import type { Anchor } from './anchor'
import { findAnchor, holdAnchor } from './anchor'
import { useComponents } from './components'
import { DateSeparator, UnreadDivider } from './DateSeparator'
import type { ParleyStrings } from './i18n'
import { I18nContext, midnight, useI18n } from './i18n'
import type { MessageBubbleProps } from './MessageBubble'
import { MessageBubble, messageSnippet } from './MessageBubble'

type Handler = ((message: Message) => void) | undefined

export interface MessageListProps {
  /** The conversation's timeline, oldest first. Keep unchanged messages the same objects. */
  messages: readonly Message[]
  currentUserId: string | undefined
  /** Names and avatars of senders. */
  participants?: readonly Participant[] | undefined
  /** Show sender names above runs of messages (group conversations). */
  showSenderNames?: boolean | undefined
  /** Shows a skeleton instead of the list while the first page loads. */
  isLoading?: boolean | undefined
  hasOlder?: boolean | undefined
  isLoadingOlder?: boolean | undefined
  /**
   * Called when the reader reaches the top and `hasOlder` is set; never again until the page it asked
   * for has rendered (the first message changed) or `isLoadingOlder` went back to false. A rejected
   * promise lets it ask again.
   */
  onLoadOlder?: (() => unknown) | undefined
  /**
   * Why messages could not be loaded: shown, as an alert, where the list begins, with a Retry
   * button that calls `onLoadOlder` (also when `hasOlder` is not set: the first page failed).
   */
  loadError?: string | undefined
  /**
   * The backend has no history to page through: the top of the list says that earlier messages
   * are not available here, rather than claiming the conversation begins there.
   */
  historyUnavailable?: boolean | undefined
  /** Puts the "Unread messages" divider above this message. */
  firstUnreadId?: string | undefined
  onRetry?: Handler
  onReply?: Handler
  onEdit?: Handler
  onDelete?: Handler
  /** Delete is offered on failed sends only, to discard them: the backend cannot delete. */
  discardOnly?: boolean | undefined
  onCopy?: Handler
  /** The reader reached the bottom (true) or scrolled away from it (false): e.g. to mark read. */
  onAtBottomChange?: ((atBottom: boolean) => void) | undefined
  strings?: Partial<ParleyStrings> | undefined
  locale?: string | undefined
}

/** Consecutive messages of one sender closer than this form a group. */
const GROUP_MS = 5 * 60_000
/** Virtuoso's index of the first loaded message; it decreases by the size of each prepended page. */
const START = 1_000_000_000
/** How many screens above the reader the next older page starts loading. */
const PREFETCH_SCREENS = 2
/** How close to the bottom (px) still counts as "at the bottom". */
const BOTTOM = 48

const ACTIONS = ['onRetry', 'onReply', 'onEdit', 'onDelete', 'onCopy'] as const
type Action = (typeof ACTIONS)[number]

export const messageKey = (m: Message) => m.clientId ?? m.id
const keyOf = (m: Message | undefined) => (m ? messageKey(m) : '')
const measure = (el: HTMLElement) => el.getBoundingClientRect().height
const sameDay = (a: number, b: number) => midnight(a) === midnight(b)

/** The messages after the one with this key; all of them when it is not there. */
const after = (messages: readonly Message[], key: string) =>
  messages.slice(messages.findLastIndex((m) => messageKey(m) === key) + 1)

/**
 * Messages that came since the reader left the bottom, when `seen` were there: wherever the
 * timeline put them (after a failed send that stays last, say), except above all that was seen (an
 * older page).
 */
const since = (messages: readonly Message[], seen: ReadonlySet<string>) => {
  const first = messages.findIndex((m) => seen.has(messageKey(m)))
  return messages.filter((m, i) => i > first && !seen.has(messageKey(m)))
}

/**
 * The new `firstItemIndex` after `prev` became `next`: prepending N messages lowers it by N.
 * Undefined when `next` is another timeline altogether (nothing in common at its start).
 */
function shiftFirst(prev: readonly Message[], next: readonly Message[], first: number) {
  if (!prev[0] || !next[0]) return first
  const indexOf = (list: readonly Message[], key: string) =>
    list.findIndex((m) => messageKey(m) === key)
  const prepended = indexOf(next, messageKey(prev[0]))
  if (prepended >= 0) return first - prepended
  const dropped = indexOf(prev, messageKey(next[0]))
  return dropped >= 0 ? first + dropped : undefined
}

interface RowProps extends Omit<MessageBubbleProps, 'strings' | 'locale'> {
  lead?: Decoration | undefined
  trail?: Decoration | undefined
  /** The message a reply quote was clicked for: it is highlighted and takes the focus. */
  shown?: boolean
}

/**
 * What separates a message from the one before it: a date, the unread line, a sender's name; as
 * JSON of `[date | '', unread, name]`, so that the memoised row compares it cheaply.
 */
type Decoration = string

/**
 * Each row draws the separators *after* its message, for the next one (only the very first message
 * of a conversation draws its own). So loading older messages never changes a row already on
 * screen, and the first visible message stays exactly where it was.
 */
function Decorations({ value }: { value: Decoration | undefined }) {
  const { DateSeparator: Separator = DateSeparator, UnreadDivider: Divider = UnreadDivider } =
    useComponents()
  if (!value) return null
  const [date, unread, name] = JSON.parse(value) as [number | '', boolean, string]
  return (
    <>
      {date !== '' && <Separator date={date} />}
      {unread && <Divider />}
      {name && (
        <div className="parley-row__name" aria-hidden="true">
          <bdi>{name}</bdi>
        </div>
      )}
    </>
  )
}

/** Memoised on its (primitive or stable) props: a new message renders one row, not all of them. */
const Row = memo(function Row({ lead, trail, shown, ...bubble }: RowProps) {
  const { MessageBubble: Bubble = MessageBubble } = useComponents()
  const row = useRef<HTMLDivElement>(null)
  // Without moving the scroll position: the list is already scrolling it into view.
  useEffect(() => void (shown && row.current?.focus({ preventScroll: true })), [shown])
  return (
    <div
      ref={row}
      // Focusable from code only, for the focus a reply quote sends here.
      tabIndex={-1}
      className="parley-row"
      data-gap-after={trail ? '' : undefined}
      data-flash={shown || undefined}
    >
      <Decorations value={lead} />
      <Bubble {...bubble} />
      <Decorations value={trail} />
    </div>
  )
})

interface ListContext {
  t: ParleyStrings
  loadingOlder: boolean
  hasOlder: boolean
  noHistory: boolean | undefined
  error: string | undefined
  retry: (() => void) | undefined
}

const listComponents = {
  // One line's height whatever it says, so showing "Loading…" never moves the messages below it
  // (an error with its Retry may wrap in a narrow list).
  Header: ({ context }: { context?: ListContext }) => (
    <div className="parley-list__header">
      {context?.loadingOlder ? (
        <span>{context.t.loadingOlder}</span>
      ) : context?.error ? (
        <>
          <span role="alert">{context.error}</span>
          {context.retry && (
            <button type="button" className="parley-button" onClick={context.retry}>
              {context.t.retry}
            </button>
          )}
        </>
      ) : context?.hasOlder ? (
        ''
      ) : (
        <span>{context?.noHistory ? context.t.noHistory : context?.t.beginning}</span>
      )}
    </div>
  ),
  EmptyPlaceholder: ({ context }: { context?: ListContext }) =>
    // Without history, an empty list says nothing about what came before: the header says it.
    !context?.error &&
    !context?.noHistory && <div className="parley-list__empty">{context?.t.noMessages}</div>,
}

interface AboveProps {
  /** What is above the reader's rows and may change their place: see `MessageList`. */
  above: string
  /** Whether their place is to be held across a change of `above`. */
  hold: boolean
  scroller: { current: HTMLElement | null }
  onChange: (anchor: Anchor | undefined) => void
}

/**
 * Notes where the reader's rows are just before React changes what is above them.
 * getSnapshotBeforeUpdate is React's one hook that runs after a render and before its DOM
 * changes (React's own example of it keeps a chat's scroll position); function components have no
 * equivalent.
 */
class AboveChange extends Component<AboveProps> {
  override getSnapshotBeforeUpdate(prev: AboveProps) {
    const scroller = this.props.scroller.current
    const changed = prev.above !== this.props.above && this.props.hold
    return changed && scroller ? (findAnchor(scroller) ?? null) : null
  }
  override componentDidUpdate(prev: AboveProps, _: unknown, anchor: Anchor | null) {
    if (prev.above !== this.props.above) this.props.onChange(anchor ?? undefined)
  }
  override render() {
    return null
  }
}

/**
 * The timeline of one conversation, virtualised with react-virtuoso: opens at the latest message,
 * loads older ones when scrolled to the top without moving what is on screen, follows new messages
 * while the reader is at the bottom (however fast they come) and otherwise offers a "N new messages"
 * button. New messages from others are announced through a polite live region.
 */
export function MessageList(props: MessageListProps) {
  const { messages, currentUserId, hasOlder = false, isLoadingOlder = false } = props
  const i18n = useI18n(props.strings, props.locale)
  const { t } = i18n
  const latest = useRef(props)
  useEffect(() => {
    latest.current = props
  })
  const virtuoso = useRef<VirtuosoHandle>(null)

  // Prepending N older messages lowers Virtuoso's firstItemIndex by N, which keeps the scroll position
  // as far as react-virtuoso can (see anchor.ts for where it cannot).
  // What lies above the reader's rows and changes their place when it changes: the first message (a
  // page prepended) and the header's loading row, error or "beginning" line; and the unread line.
  const above = [
    keyOf(messages[0]),
    hasOlder,
    isLoadingOlder,
    props.loadError,
    props.historyUnavailable,
    props.firstUnreadId,
  ].join('\n')
  const [position, setPosition] = useState({ messages, first: START, above, holding: false })
  let first = position.first
  if (position.messages !== messages || position.above !== above) {
    const shifted = shiftFirst(position.messages, messages, first)
    first = shifted ?? START
    // The reader's place is held from this render on; not in another timeline, nor in the skeleton.
    const holding =
      shifted !== undefined && !props.isLoading && (position.holding || position.above !== above)
    setPosition({ messages, first, above, holding })
  }
  const scroller = useRef<HTMLElement | null>(null)
  const scrollerRef = useCallback((el: HTMLElement | Window | null) => {
    scroller.current = el instanceof HTMLElement ? el : null
  }, [])
  // While the reader's place is held, react-virtuoso measures in the ResizeObserver callback itself
  // rather than a frame later, so that its corrections too land before the frame is painted.
  // Measuring that way makes Chromium report "ResizeObserver loop completed with undelivered
  // notifications", benign by react-virtuoso's own account (its issue #1049: the rest is measured
  // next frame), which is kept out of the page's error handlers for that time only.
  useLayoutEffect(() => {
    if (!position.holding) return
    const quiet = (e: ErrorEvent) => {
      if (!e.message?.startsWith('ResizeObserver loop')) return
      e.stopImmediatePropagation()
      e.preventDefault()
    }
    addEventListener('error', quiet, true)
    return () => removeEventListener('error', quiet, true)
  }, [position.holding])

  const lastKey = keyOf(messages.at(-1))
  const firstKey = keyOf(messages[0])

  // --- Following new messages -------------------------------------------------------------------
  // react-virtuoso's followOutput decides from its own "at bottom" state, which turns false whenever
  // a new message makes the list taller before the follow scroll lands: at 100 messages/s it gives
  // up after a few dozen, and its catch-up scroll can also pull back a reader who just started
  // scrolling up. So it is off, and the list follows by itself: the reader leaves the bottom by
  // any scroll up that ends away from it — a wheel, touch, key or scrollbar gesture, but also an
  // app's scrollTo, find-in-page or assistive technology — growth of the list never counts, and
  // while attached every change of the list's height scrolls to the end.
  const stick = useRef(true)
  const lastKeyRef = useRef(lastKey)
  // The messages there when the reader left the bottom; null while at the bottom.
  const [awayFrom, setAwayFrom] = useState<ReadonlySet<string> | null>(null)
  const gestureAt = useRef(-Infinity)
  const lastTop = useRef(0)
  const lastHeight = useRef(0)

  // Plain functions: react-virtuoso re-subscribes its callbacks on every render anyway.
  const setAtBottom = (atBottom: boolean) => {
    if (stick.current === atBottom) return
    stick.current = atBottom
    setAwayFrom(atBottom ? null : new Set(latest.current.messages.map(messageKey)))
    props.onAtBottomChange?.(atBottom)
  }
  // --- Holding the reader's place while what is above them changes --------------------------------
  // From just before the change until the rows above have rested (anchor.ts). Not at the bottom:
  // following the latest message keeps the bottom in place instead. Nor while a fling still carries
  // the list after the finger left (no touch events come then): holding the place would stop it.
  const release = useRef<(() => void) | undefined>(undefined)
  const scrolledAt = useRef(-Infinity)
  const onAboveChange = (anchor: Anchor | undefined) => {
    release.current?.()
    const el = scroller.current
    const now = performance.now()
    const flung = now - scrolledAt.current < 100 && now - gestureAt.current < 3000
    const hold = !!anchor && !!el && !stick.current && !flung
    release.current = hold
      ? holdAnchor(el, anchor, () => {
          release.current = undefined
          setPosition((p) => ({ ...p, holding: false }))
        })
      : undefined
    setPosition((p) => (p.holding === hold ? p : { ...p, holding: hold }))
  }
  useEffect(() => () => release.current?.(), [])

  const gesture = () => {
    gestureAt.current = performance.now()
    release.current?.() // the reader's own scroll wins
  }
  const onPointerDown = () => {
    gestureAt.current = Infinity // dragging the scrollbar: a gesture until the button is released
    release.current?.()
    addEventListener('pointerup', gesture, { once: true })
  }
  const onScroll = (e: UIEvent<HTMLElement>) => {
    const el = e.currentTarget
    const top = el.scrollTop
    const height = el.scrollHeight
    if (height - top - el.clientHeight <= BOTTOM) setAtBottom(true)
    // Up, and either during a gesture or over content that kept its height. react-virtuoso's own
    // corrections for rows measured above come with a change of height and no gesture; a scroll
    // without a gesture (scrollTo, find-in-page) moves first, and the rows it reveals change the
    // height only after it.
    else if (
      top < lastTop.current &&
      (height === lastHeight.current || e.timeStamp - gestureAt.current < 1000)
    )
      setAtBottom(false)
    lastTop.current = top
    lastHeight.current = height
    scrolledAt.current = e.timeStamp
    // The next older page is asked for while the reader is still screens away from the top, so
    // that a fast scroll on a slow network rarely meets "Loading…" (react-virtuoso's startReached
    // comes only at the first row).
    if (top < el.clientHeight * PREFETCH_SCREENS) startReached()
  }
  const onHeightChange = (height: number) => {
    if (stick.current) virtuoso.current?.scrollTo({ top: height })
  }
  const jumpToLatest = () => {
    release.current?.() // the list is going elsewhere on purpose
    setAtBottom(true)
    virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' })
  }
  // A reply quote shows the message it quotes: scrolled to the middle, highlighted, focused.
  const [shown, setShown] = useState<string>()
  const showQuoted = useRef<(m: Message) => void>(undefined)
  useEffect(() => {
    // Scrolling up after a click or a key counts as the reader's own: the list stops following.
    showQuoted.current = (m) => {
      const index = messages.indexOf(m)
      if (index < 0) return
      const key = messageKey(m)
      release.current?.()
      virtuoso.current?.scrollToIndex({ index, align: 'center' })
      setShown(key)
      // Over with the highlight: a row scrolled back into view later must not take the focus.
      setTimeout(() => setShown((k) => (k === key ? undefined : k)), 1500)
    }
  })
  const onQuoteClick = useCallback((m: Message) => showQuoted.current?.(m), [])

  const newCount =
    awayFrom !== null &&
    since(messages, awayFrom).filter((m) => m.senderId !== currentUserId).length

  // Senders by id, for the rows and the announcements.
  const people = useMemo(
    () => new Map(props.participants?.map((p) => [p.id, p])),
    [props.participants],
  )

  // --- Announcing new messages and jumping down for one's own ------------------------------------
  const [announcement, setAnnouncement] = useState('')
  const pending = useRef<Message[]>([])
  const flushAt = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  // After every render: it returns at once unless the last message changed.
  useEffect(() => {
    const previous = lastKeyRef.current
    lastKeyRef.current = lastKey
    if (!previous || previous === lastKey) return
    const fresh = after(messages, previous)
    if (fresh.length === messages.length) return // not an append: a different timeline
    const last = fresh.at(-1)! // not empty: the last key changed
    if (last.senderId === currentUserId && last.status === 'sending' && !stick.current) {
      jumpToLatest() // the reader just sent something: show it
    }
    pending.current.push(
      ...fresh.filter((m) => m.senderId !== currentUserId && !m.deletedAt && m.kind !== 'system'),
    )
    // At most one announcement a second: a burst is summarised, not read out message by message.
    const flush = () => {
      const batch = pending.current
      const first = batch[0]! // a flush is only scheduled for waiting messages
      pending.current = []
      timer.current = undefined
      flushAt.current = performance.now()
      const text =
        batch.length > 1
          ? t.announceMessages(batch.length)
          : t.announceMessage(
              people.get(first.senderId)?.name ?? t.unknownSender,
              messageSnippet(first, t).slice(0, 200),
            )
      // A repeated text would not be announced again: alternate a trailing no-break space.
      setAnnouncement((previousText) => (previousText === text ? `${text}\u00a0` : text))
    }
    if (pending.current.length && !timer.current) {
      // (A negative delay is no delay.)
      timer.current = setTimeout(flush, flushAt.current + 1000 - performance.now())
    }
  })
  useEffect(() => () => clearTimeout(timer.current), [])

  // --- Loading older messages, one page at a time --------------------------------------------------
  const requested = useRef<string | null>(null)
  useEffect(() => {
    // A request is over once its page has rendered (the first message changed) or loading ended:
    // of the changes that run this, only loading starting on the same first message is neither.
    if (requested.current !== firstKey || !isLoadingOlder) requested.current = null
  }, [firstKey, isLoadingOlder])
  const startReached = () => {
    const { onLoadOlder } = props
    if (!hasOlder || isLoadingOlder || !onLoadOlder || requested.current !== null) return
    requested.current = firstKey
    Promise.resolve(onLoadOlder()).catch(() => {
      if (requested.current === firstKey) requested.current = null
    })
  }

  // --- Rows ----------------------------------------------------------------------------------------
  // Messages by id, for reply quotes: built when a row first needs it, not on every new message.
  const byId = useMemo(() => {
    let map: Map<string, Message> | undefined
    return (id: string) => (map ??= new Map(messages.map((m) => [m.id, m]))).get(id)
  }, [messages])
  // Stable while the same handlers are present, whatever their identity: rows never re-render
  // because a parent passed a new arrow function.
  const present = ACTIONS.filter((k) => props[k]).join()
  const handlers = useMemo(
    () =>
      Object.fromEntries(
        ACTIONS.filter((k) => present.includes(k)).map((k) => [
          k,
          (m: Message) => latest.current[k]?.(m),
        ]),
      ) as Partial<Record<Action, (m: Message) => void>>,
    [present],
  )

  const { firstUnreadId, showSenderNames, discardOnly } = props
  const itemContent = useCallback(
    (index: number, m: Message) => {
      const i = index - first
      const startsGroup = (prev: Message | undefined, msg: Message) =>
        !prev ||
        prev.senderId !== msg.senderId ||
        prev.kind === 'system' ||
        msg.kind === 'system' ||
        msg.createdAt - prev.createdAt > GROUP_MS ||
        !sameDay(prev.createdAt, msg.createdAt) ||
        msg.id === firstUnreadId
      // The separators before `msg`.
      const decorate = (prev: Message | undefined, msg: Message | undefined) =>
        msg && startsGroup(prev, msg)
          ? JSON.stringify([
              prev && sameDay(prev.createdAt, msg.createdAt) ? '' : msg.createdAt,
              msg.id === firstUnreadId,
              showSenderNames && msg.senderId !== currentUserId && msg.kind !== 'system'
                ? (people.get(msg.senderId)?.name ?? t.unknownSender)
                : '',
            ])
          : undefined
      const prev = messages[i - 1]
      const next = messages[i + 1]
      const reply = m.replyTo ? (byId(m.replyTo) ?? null) : undefined
      return (
        <Row
          message={m}
          own={m.senderId === currentUserId}
          sender={people.get(m.senderId)}
          groupStart={startsGroup(prev, m)}
          replyTo={reply}
          replySender={reply ? people.get(reply.senderId) : undefined}
          onQuoteClick={reply ? onQuoteClick : undefined}
          shown={shown === messageKey(m)}
          lead={i === 0 && !hasOlder ? decorate(undefined, m) : undefined}
          trail={decorate(m, next)}
          discardOnly={discardOnly}
          {...handlers}
        />
      )
    },
    [
      messages,
      first,
      hasOlder,
      firstUnreadId,
      showSenderNames,
      discardOnly,
      currentUserId,
      people,
      t,
      byId,
      handlers,
      onQuoteClick,
      shown,
    ],
  )

  const canLoad = !!props.onLoadOlder
  const context = useMemo(
    () => ({
      t,
      loadingOlder: isLoadingOlder,
      hasOlder,
      noHistory: props.historyUnavailable,
      error: props.loadError,
      // The app reports a failure through its own error path; a rejection here is not news.
      retry: canLoad
        ? () => void Promise.resolve(latest.current.onLoadOlder?.()).catch(() => {})
        : undefined,
    }),
    [t, isLoadingOlder, hasOlder, props.historyUnavailable, props.loadError, canLoad],
  )

  const skeleton = [0, 1, 2, 3, 4].map((i) => (
    <div key={i} className="parley-skeleton" data-own={i % 2 ? '' : undefined} />
  ))
  if (props.isLoading) {
    return (
      <div className="parley-list" data-loading="">
        <div className="parley-list__scroller" role="log" aria-label={t.messages} aria-busy="true">
          <span className="parley-visually-hidden">{t.loadingMessages}</span>
          {skeleton}
        </div>
      </div>
    )
  }

  return (
    <I18nContext.Provider value={i18n}>
      <div className="parley-list" data-at-bottom={awayFrom === null || undefined}>
        <Virtuoso<Message, ListContext>
          ref={virtuoso}
          className="parley-list__scroller"
          role="log"
          aria-label={t.messages}
          // New messages are announced by the region below; a virtualised list adds and removes rows
          // while scrolling, which a live log would read out as if they were new.
          aria-live="off"
          // Virtuoso turns the focus outline off; the stylesheet draws it.
          style={{ outline: undefined, height: undefined }}
          data={messages}
          context={context}
          firstItemIndex={first}
          initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
          alignToBottom
          totalListHeightChanged={onHeightChange}
          startReached={startReached}
          computeItemKey={(_, m) => messageKey(m)}
          itemContent={itemContent}
          components={listComponents}
          increaseViewportBy={{ top: 400, bottom: 200 }}
          // Measure synchronously and to the fraction of a pixel: react-virtuoso rounds each row's
          // height by default, and the rounding of a prepended page adds up to a visible nudge.
          skipAnimationFrameInResizeObserver={position.holding}
          scrollerRef={scrollerRef}
          itemSize={measure}
          onScroll={onScroll}
          onWheel={gesture}
          onTouchMove={gesture}
          onKeyDown={gesture}
          onPointerDown={onPointerDown}
        />
        <AboveChange
          above={above}
          hold={position.holding}
          scroller={scroller}
          onChange={onAboveChange}
        />
        {awayFrom !== null && (
          <button
            type="button"
            className="parley-jump"
            onClick={(e) => {
              jumpToLatest()
              // To the list (the element before), so that focus does not fall to <body>.
              ;(e.currentTarget.previousElementSibling as HTMLElement).focus()
            }}
          >
            {newCount ? t.newMessages(newCount) : t.jumpToLatest}
          </button>
        )}
        {/* Shown by the stylesheet while react-virtuoso hides its rows to place them at the end. */}
        <div className="parley-list__placing" aria-hidden="true">
          {skeleton}
        </div>
        <div className="parley-visually-hidden" aria-live="polite">
          {announcement}
        </div>
      </div>
    </I18nContext.Provider>
  )
}
