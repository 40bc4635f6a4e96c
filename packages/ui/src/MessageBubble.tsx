import type { Message, Participant } from '@parley/core'
import type { FocusEvent, KeyboardEvent } from 'react'
import { useId, useRef, useState } from 'react'
import { ActionsMenu } from './ActionsMenu'
import { MessageAttachment } from './Attachment'
import { useLongPress } from './longPress'
import { Avatar as DefaultAvatar } from './Avatar'
import { useComponents } from './components'
import type { ParleyStrings } from './i18n'
import { I18nContext, useI18n } from './i18n'
import { MessageText as DefaultMessageText } from './MessageText'

// Lives in ./Attachment; still exported from here, where index.ts and components.tsx take it.
export { MessageAttachment }
export type { MessageAttachmentProps } from './Attachment'

/** Distinct by shape (and, for `read`, by colour too: see styles.css), named by `t.status`. */
const STATUS_GLYPH = {
  sending: '○',
  // Sent, but no ack yet: the server may or may not have it; a late ack confirms it.
  unconfirmed: '◷',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
}

/**
 * Whether the server refused a send as too long. Why a send failed is said in the user's words
 * (`t.tooLong`, else `t.status.failed`): the server's own text is never shown (it is neither
 * translated nor meant for people). A body the server found too long fails again on Retry: no Retry.
 */
const tooLong = (m: Message) => /too.?long|length/i.test(`${m.error?.message}`)

/**
 * One to three emoji and nothing else, shown large as people mean them. An emoji: a flag, or a
 * pictograph with its skin tone, variation selector and joined (ZWJ) parts.
 */
const EMOJI_ONLY =
  /^\s*(?:(?:\p{RI}\p{RI}|\p{ExtPict}\p{EMod}?\uFE0F?(?:\u200D\p{ExtPict}\p{EMod}?\uFE0F?)*)\s*){1,3}$/u

/** What a reply quote or a list preview shows for a message. */
export function messageSnippet(m: Message, t: ParleyStrings): string {
  if (m.deletedAt) return t.deleted
  const kind = m.attachments[0]?.kind
  return m.body || (kind ? t[kind] : '')
}

type MessageHandler = ((message: Message) => void) | undefined

export interface MessageBubbleProps {
  message: Message
  /** Sent by the signed-in user: aligned to the end, with a delivery status. */
  own?: boolean | undefined
  sender?: Participant | undefined
  /** The first of consecutive messages by one sender: shows the avatar (and the name, see below). */
  groupStart?: boolean | undefined
  /** Show the sender's name above the first message of a run (group conversations). */
  showSenderName?: boolean | undefined
  /** The message replied to; `null` when it is not loaded. */
  replyTo?: Message | null | undefined
  replySender?: Participant | undefined
  /** Makes a loaded reply quote a button that shows the quoted message (MessageList scrolls to it). */
  onQuoteClick?: MessageHandler
  /** Shows a Retry button on a failed send. */
  onRetry?: MessageHandler
  onReply?: MessageHandler
  /** Own messages only. */
  onEdit?: MessageHandler
  /** Own messages only. */
  onDelete?: MessageHandler
  /** Delete only discards failed sends (the backend cannot delete a message). */
  discardOnly?: boolean | undefined
  /** Copies the text to the clipboard when not given. */
  onCopy?: MessageHandler
  strings?: Partial<ParleyStrings> | undefined
  locale?: string | undefined
}

/** One message: text, attachments, reply quote, status, time and its actions. */
export function MessageBubble(props: MessageBubbleProps) {
  const { message: m, own, sender, groupStart = true, replyTo, onRetry } = props
  const i18n = useI18n(props.strings, props.locale)
  const { t } = i18n
  const {
    Avatar = DefaultAvatar,
    MessageText = DefaultMessageText,
    MessageAttachment: Attachment = MessageAttachment,
  } = useComponents()
  const [open, setOpen] = useState(false)
  const toggle = useRef<HTMLButtonElement>(null)
  const longPress = useLongPress(() => setOpen(true))
  const menuId = useId()
  const name = own ? t.you : (sender?.name ?? t.unknownSender)
  const deleted = m.deletedAt !== undefined
  const settled = m.status !== 'sending' && m.status !== 'unconfirmed' && m.status !== 'failed'
  const { onQuoteClick } = props
  // Still a quote to assistive technology; inside it, a button when the list can show the original.
  const Quote = replyTo && onQuoteClick ? 'button' : 'span'

  if (m.kind === 'system') {
    return (
      <div className="parley-message" data-kind="system">
        <MessageText text={m.body} />
      </div>
    )
  }

  const actions = [
    [t.reply, settled && props.onReply],
    [t.edit, own && settled && m.kind === 'text' && props.onEdit],
    // A failed send can be deleted too: it never reached anyone, so this discards it. One on its
    // way (sending, or unconfirmed: it may have arrived) cannot.
    [t.delete, own && (m.status === 'failed' || (settled && !props.discardOnly)) && props.onDelete],
    [
      t.copy,
      m.body &&
        (props.onCopy ??
          ((msg: Message) => void navigator.clipboard?.writeText(msg.body).catch(() => {}))),
    ],
  ].filter(([, handler]) => !deleted && handler) as [string, (message: Message) => void][]

  const close = () => {
    setOpen(false)
    toggle.current?.focus()
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.stopPropagation()
      close()
    }
  }
  const onBlur = (e: FocusEvent) => {
    if (!e.currentTarget.contains(e.relatedTarget)) setOpen(false)
  }

  return (
    <I18nContext.Provider value={i18n}>
      {/* Keyboard and screen reader users have the actions toggle; the long press is for touch. */}
      <div
        {...(actions.length > 0 && longPress)}
        className="parley-message"
        data-own={own || undefined}
        data-status={m.status}
        data-kind={m.kind}
        data-group-start={groupStart || undefined}
        data-emoji-only={
          (!m.attachments.length && !replyTo && EMOJI_ONLY.test(m.body)) || undefined
        }
        data-deleted={deleted || undefined}
      >
        {!own && (
          <span className="parley-message__avatar">
            {groupStart && <Avatar name={name} src={sender?.avatarUrl} size="sm" />}
          </span>
        )}
        <div className="parley-message__body">
          {props.showSenderName && groupStart && !own ? (
            <div className="parley-message__sender">
              <bdi>{name}</bdi>
            </div>
          ) : (
            <span className="parley-visually-hidden">{name}: </span>
          )}
          <div className="parley-message__bubble">
            {replyTo !== undefined && !deleted && (
              <blockquote className="parley-message__quote">
                <Quote
                  className="parley-message__quote-body"
                  {...(Quote === 'button' && {
                    type: 'button',
                    onClick: () => onQuoteClick!(replyTo!),
                  })}
                >
                  {replyTo ? (
                    <>
                      <span className="parley-message__quote-sender">
                        <bdi>{props.replySender?.name ?? t.unknownSender}</bdi>
                      </span>
                      <span className="parley-message__quote-text">
                        <bdi>{messageSnippet(replyTo, t)}</bdi>
                      </span>
                    </>
                  ) : (
                    t.replyUnavailable
                  )}
                </Quote>
              </blockquote>
            )}
            {deleted ? (
              <span className="parley-message__deleted">{t.deleted}</span>
            ) : (
              <>
                {m.attachments.map((a, i) => (
                  <Attachment key={i} attachment={a} />
                ))}
                {m.body && <MessageText text={m.body} />}
              </>
            )}
            <span className="parley-message__meta">
              {m.editedAt && !deleted ? (
                <span className="parley-message__edited">{t.edited}</span>
              ) : null}
              {/* Isolated, in its own direction: "6:46 AM" stays so in a right-to-left layout. */}
              <time dir="auto" dateTime={new Date(m.createdAt).toISOString()}>
                {i18n.time(m.createdAt)}
              </time>
              {own && (
                <span
                  className="parley-message__status"
                  data-status={m.status}
                  // What a tick means, for the sighted too.
                  title={t.status[m.status]}
                >
                  <span aria-hidden="true">{STATUS_GLYPH[m.status]}</span>
                  <span className="parley-visually-hidden">{t.status[m.status]}</span>
                </span>
              )}
            </span>
          </div>
          {m.status === 'failed' && own && (
            <div className="parley-message__failed">
              <span>{tooLong(m) ? t.tooLong : t.status.failed}</span>
              {onRetry && !tooLong(m) && (
                <button type="button" onClick={() => onRetry(m)}>
                  {t.retry}
                </button>
              )}
            </div>
          )}
        </div>
        {actions.length > 0 && (
          // eslint-disable-next-line jsx-a11y/no-static-element-interactions -- Escape for the buttons inside
          <div className="parley-message__actions" onKeyDown={onKeyDown} onBlur={onBlur}>
            <button
              ref={toggle}
              type="button"
              className="parley-message__toggle"
              aria-label={t.actions}
              aria-expanded={open}
              aria-controls={open ? menuId : undefined}
              data-open={open || undefined}
              onClick={() => setOpen(!open)}
            >
              <span aria-hidden="true">⋯</span>
            </button>
            {open && (
              <ActionsMenu
                id={menuId}
                actions={actions.map(([label, handler]) => [label, () => handler(m)])}
                asksFirst={t.delete}
                close={close}
              />
            )}
          </div>
        )}
      </div>
    </I18nContext.Provider>
  )
}
