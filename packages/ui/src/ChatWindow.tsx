import type { ConnectionState, Conversation, Message } from '@parley/core'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { Avatar as DefaultAvatar } from './Avatar'
import { useComponents } from './components'
import type { ComposerProps } from './Composer'
import { Composer as DefaultComposer } from './Composer'
import { ConnectionBadge } from './ConnectionBadge'
import { conversationTitle, otherParticipants } from './ConversationList'
import { I18nContext, useI18n } from './i18n'
import type { MessageListProps } from './MessageList'
import { MessageList } from './MessageList'
import { PresenceDot as DefaultPresenceDot } from './PresenceDot'
import { TypingIndicator as DefaultTypingIndicator } from './TypingIndicator'

export interface ChatWindowProps
  extends
    Omit<MessageListProps, 'participants' | 'showSenderNames' | 'onReply' | 'onEdit'>,
    Pick<
      ComposerProps,
      | 'onTyping'
      | 'onAttach'
      | 'attachments'
      | 'onRemoveAttachment'
      | 'accept'
      | 'draft'
      | 'onDraftChange'
      | 'maxLength'
    > {
  conversation: Conversation
  /** Shows a Back button before the title, e.g. to return to the conversation list on a phone. */
  onBack?: (() => void) | undefined
  /** Shows a ConnectionBadge in the header. */
  connection?: ConnectionState | undefined
  onReconnect?: (() => void) | undefined
  /** Online state by participant id. */
  presence?: Readonly<Record<string, boolean>> | undefined
  /** Ids of the participants typing now. */
  typing?: readonly string[] | undefined
  /**
   * The text, and the message it answers when the user chose Reply on one. Return `false` when it
   * could not be taken: the text (and the reply) stay in the composer.
   */
  onSend: (text: string, replyTo: Message | undefined) => unknown
  /** Offers Edit on one's own messages. */
  onEditMessage?: ((message: Message, text: string) => void) | undefined
  /**
   * `false` where edits and deletes do not reach the other participants live (Salon): editing and
   * the delete question then say that others see the change only when they reload.
   */
  mutationsReachOthers?: boolean | undefined
  /**
   * Why the timeline may be missing messages (e.g. "Some messages could not be loaded"): a polite
   * notice below the messages, with Retry when `onResync` is given. It never blocks the chat.
   */
  syncError?: string | undefined
  onResync?: (() => void) | undefined
  /** Shows a subtle "Catching up…" while missed messages are fetched (after a reconnect). */
  syncing?: boolean | undefined
  /** Disables the composer and says why. */
  composerDisabledReason?: string | undefined
  /**
   * Opening another conversation in a mounted window moves focus to its message box (or, when that is
   * disabled, to its messages). Set this to do so on the first render too, when the window mounts
   * because the user opened a conversation (not on page load: that would steal focus).
   */
  focusOnMount?: boolean | undefined
}

/** The composer's mode: replying to a message, editing one, or neither (`{}`). */
type Mode = Pick<ComposerProps, 'replyTo' | 'editing'>

/**
 * One conversation: a header (name, presence or participants, connection), the message list, who is
 * typing and the composer. Everything comes in through props; wire it to `@parley/react` hooks.
 */
export function ChatWindow(props: ChatWindowProps) {
  const { id } = props.conversation
  // The conversation the window mounted with, until the user switches to another (then null).
  const [firstId, setFirstId] = useState<string | null>(id)
  if (firstId !== null && firstId !== id) setFirstId(null)
  return (
    <ConversationView key={id} {...props} focusOnOpen={!!props.focusOnMount || firstId === null} />
  )
}

function ConversationView(props: ChatWindowProps & { focusOnOpen: boolean }) {
  const { conversation: c, currentUserId, presence, connection } = props
  const own = useI18n(props.strings, props.locale)
  // Edit and Delete stay where the change does not reach the others live: the author's view and
  // every reload show it (the server has it), so the author can still fix a typo; what changes is
  // that the composer and the delete question say honestly who does not see it yet.
  const unshared = props.mutationsReachOthers === false
  const i18n = useMemo(
    () =>
      unshared
        ? {
            ...own,
            t: {
              ...own.t,
              editing: own.t.editingUnshared,
              confirmDelete: own.t.confirmDeleteUnshared,
            },
          }
        : own,
    [own, unshared],
  )
  const { t } = i18n
  const {
    Avatar = DefaultAvatar,
    PresenceDot = DefaultPresenceDot,
    TypingIndicator = DefaultTypingIndicator,
    Composer = DefaultComposer,
  } = useComponents()
  const titleId = useId()
  const root = useRef<HTMLElement>(null)
  const input = useRef<HTMLTextAreaElement>(null)
  const [mode, setMode] = useState<Mode>({})

  const focus = () => {
    const box = input.current
    ;(box && !box.disabled
      ? box
      : root.current?.querySelector<HTMLElement>('[role="log"]')
    )?.focus()
  }
  useEffect(() => {
    if (props.focusOnOpen) focus()
    // Once, when the conversation opens (this component is keyed by its id).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  const enter = (next: Mode) => {
    setMode(next)
    // After the composer re-renders in its new mode.
    requestAnimationFrame(focus)
  }

  const title = conversationTitle(c, currentUserId)
  const others = otherParticipants(c, currentUserId)
  const other = c.kind === 'direct' ? others[0] : undefined
  // Presence and typing are what the server last said: once the connection is lost (or the
  // sign-in expired) they are stale, and showing "Online" or "is typing…" would be a guess.
  const live = !connection || connection.status === 'open'
  const online = live && other && presence ? (presence[other.id] ?? false) : undefined
  const name = (id: string) => c.participants.find((p) => p.id === id)?.name ?? t.unknownSender
  const typing = live ? (props.typing ?? []).filter((id) => id !== currentUserId).map(name) : []
  const { replyTo } = mode

  return (
    <I18nContext.Provider value={i18n}>
      <section ref={root} className="parley-chat" aria-labelledby={titleId} data-kind={c.kind}>
        <header className="parley-chat__header">
          {props.onBack && (
            <button
              type="button"
              className="parley-chat__back"
              aria-label={t.back}
              onClick={props.onBack}
            >
              <span aria-hidden="true">‹</span>
            </button>
          )}
          <Avatar name={title} src={other?.avatarUrl} />
          <div className="parley-chat__heading">
            <h2 id={titleId} className="parley-chat__title">
              <bdi>{title}</bdi>
            </h2>
            <p className="parley-chat__subtitle">
              {other
                ? online !== undefined && (
                    <>
                      <span aria-hidden="true">
                        <PresenceDot online={online} />
                      </span>
                      {online ? t.online : t.offline}
                    </>
                  )
                : t.participants(others.map((p) => p.name))}
            </p>
          </div>
          {connection && <ConnectionBadge state={connection} onReconnect={props.onReconnect} />}
        </header>
        <MessageList
          {...props}
          participants={c.participants}
          showSenderNames={c.kind === 'group'}
          onReply={(message) => enter({ replyTo: message })}
          onEdit={props.onEditMessage && ((message) => enter({ editing: message }))}
          strings={undefined}
          locale={undefined}
        />
        <div
          className="parley-chat__sync"
          data-state={props.syncError ? 'error' : props.syncing ? 'syncing' : undefined}
        >
          {/* Always in the page, so that what it says is announced when it appears. */}
          <span aria-live="polite">{props.syncError ?? (props.syncing ? t.syncing : '')}</span>
          {props.syncError && props.onResync && (
            <button type="button" className="parley-button" onClick={props.onResync}>
              {t.retry}
            </button>
          )}
        </div>
        <TypingIndicator names={typing} />
        <Composer
          // What it shares with ChatWindow (typing, attachments, accept, maxLength, the draft)
          // passes as is; the strings and locale are the window's, already in the context.
          {...props}
          strings={undefined}
          locale={undefined}
          textarea={input}
          onSend={(text) => {
            if (props.onSend(text, replyTo) === false) return false
            setMode({})
          }}
          {...mode}
          replyToName={
            replyTo && (replyTo.senderId === currentUserId ? t.you : name(replyTo.senderId))
          }
          onCancelReply={() => {
            setMode({})
            focus()
          }}
          onSaveEdit={(message, text) => {
            props.onEditMessage?.(message, text)
            setMode({})
          }}
          // The last message one could edit from its menu (MessageBubble's rule): own, settled text.
          onEditLast={
            props.onEditMessage &&
            (() => {
              const last = props.messages.findLast(
                (m) =>
                  m.senderId === currentUserId &&
                  m.kind === 'text' &&
                  !m.deletedAt &&
                  /^(sent|delivered|read)$/.test(m.status),
              )
              if (last) enter({ editing: last })
            })
          }
          onCancelEdit={() => {
            setMode({})
            focus()
          }}
          disabledReason={props.composerDisabledReason}
        />
      </section>
    </I18nContext.Provider>
  )
}
