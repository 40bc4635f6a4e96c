import type { Message } from '@parley/core'
import type { DragEvent, FormEvent, KeyboardEvent, Ref } from 'react'
import { useEffect, useId, useRef, useState } from 'react'
import type { ParleyStrings } from './i18n'
import { useI18n } from './i18n'
import { messageSnippet } from './MessageBubble'
import { safeImageSrc } from './safe'

export interface ComposerAttachment {
  id: string
  name: string
  status: 'uploading' | 'done' | 'failed'
  /** 0…1 while uploading; an indeterminate bar without it. */
  progress?: number | undefined
  /** Why it failed, shown instead of "Upload failed". */
  error?: string | undefined
  /** A thumbnail for images (blob:, data:image or http(s)). */
  previewUrl?: string | undefined
}

export interface ComposerProps {
  /**
   * The trimmed text; attachments are the host's (see `attachments`). Return `false` when the
   * message could not be taken (e.g. too many waiting to be sent): the text stays in the box.
   */
  onSend: (text: string) => unknown
  /** `true` while the user types (repeated every 3 s), `false` after 3 s idle, on send and on blur. */
  onTyping?: ((isTyping: boolean) => void) | undefined
  /** Files chosen with the button, pasted or dropped. Without it there is no attachment button. */
  onAttach?: ((files: File[]) => void) | undefined
  attachments?: readonly ComposerAttachment[] | undefined
  /** Cancels an upload in progress or removes a finished one. */
  onRemoveAttachment?: ((id: string) => void) | undefined
  /** The file picker's filter, e.g. `"image/*"`. */
  accept?: string | undefined
  /** Reply mode: the message answered, shown above the text box. */
  replyTo?: Message | undefined
  replyToName?: string | undefined
  onCancelReply?: (() => void) | undefined
  /** Edit mode: the text box starts with this message's text and Send saves it. */
  editing?: Message | undefined
  onSaveEdit?: ((message: Message, text: string) => void) | undefined
  onCancelEdit?: (() => void) | undefined
  /** Arrow-Up in an empty text box, outside reply and edit mode: e.g. edit one's last message. */
  onEditLast?: (() => void) | undefined
  /** The text to start with: a draft kept from the last time this conversation was open. */
  draft?: string | undefined
  /** The text as the user types it (not while editing a message), to keep as a draft. */
  onDraftChange?: ((text: string) => void) | undefined
  /**
   * The longest message the server takes, in UTF-16 code units (`capabilitiesOf(adapter)
   * .maxMessageLength`): the characters left show near it, and a longer text is not sent.
   */
  maxLength?: number | undefined
  /** Disables the composer and says why ("You can't reply to this conversation"). */
  disabledReason?: string | undefined
  /** Receives the message box, e.g. to focus it. */
  textarea?: Ref<HTMLTextAreaElement> | undefined
  strings?: Partial<ParleyStrings> | undefined
  locale?: string | undefined
}

const TYPING_MS = 3_000

/**
 * The message box: Enter sends, Shift+Enter breaks the line; files by button, paste or drop, with
 * upload progress; reply and edit modes; a disabled state that says why.
 */
export function Composer({ textarea, ...props }: ComposerProps) {
  const { attachments = [], editing, replyTo, disabledReason, onAttach, onRemoveAttachment } = props
  const { t } = useI18n(props.strings, props.locale)
  // The text outside edit mode: what the box returns to when an edit ends.
  const [draft, setDraft] = useState(props.draft ?? '')
  const [text, setText] = useState(editing?.body ?? draft)
  const [dragging, setDragging] = useState(false)
  const reasonId = useId()
  const countId = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  const latest = useRef(props)
  useEffect(() => {
    latest.current = props
  })

  // Entering edit mode puts the message's text in the box; leaving it brings the draft back.
  const [editingId, setEditingId] = useState(editing?.id)
  if (editing?.id !== editingId) {
    setEditingId(editing?.id)
    setText(editing?.body ?? draft)
  }
  const keep = (value: string) => {
    setText(value)
    if (editing) return
    setDraft(value)
    props.onDraftChange?.(value)
  }

  // `sentAt`: when the last "typing" signal went out; undefined while the user is not typing.
  const typing = useRef<{ sentAt?: number | undefined; timer?: ReturnType<typeof setTimeout> }>({})
  const stopTyping = () => {
    const state = typing.current
    clearTimeout(state.timer)
    if (state.sentAt !== undefined) {
      state.sentAt = undefined
      latest.current.onTyping?.(false)
    }
  }
  useEffect(() => stopTyping, []) // on unmount

  const disabled = disabledReason !== undefined
  const uploading = attachments.some((a) => a.status === 'uploading')
  const ready = attachments.some((a) => a.status === 'done')
  const trimmed = text.trim()
  // What the server counts is the trimmed text. The count shows in the last tenth before the limit.
  const { maxLength } = props
  const left = maxLength === undefined ? Infinity : maxLength - trimmed.length
  const counting = maxLength !== undefined && left <= maxLength / 10
  const canSend = !disabled && !uploading && left >= 0 && (!!trimmed || (ready && !editing))

  const submit = (e?: FormEvent) => {
    e?.preventDefault()
    if (!canSend) return
    if (editing) props.onSaveEdit?.(editing, trimmed)
    else if (props.onSend(trimmed) === false) return
    keep('')
    stopTyping()
  }

  const onChange = (value: string) => {
    keep(value)
    if (!value) return stopTyping()
    const state = typing.current
    const now = Date.now()
    if (state.sentAt === undefined || now - state.sentAt >= TYPING_MS) {
      state.sentAt = now
      props.onTyping?.(true)
    }
    clearTimeout(state.timer)
    state.timer = setTimeout(stopTyping, TYPING_MS)
  }

  const context = editing ?? replyTo
  const cancel = editing ? props.onCancelEdit : props.onCancelReply
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault()
      submit()
    } else if (e.key === 'Escape' && context) {
      e.preventDefault()
      cancel?.()
    } else if (
      e.key === 'ArrowUp' &&
      !text &&
      !context &&
      !attachments.length &&
      props.onEditLast
    ) {
      e.preventDefault()
      props.onEditLast()
    }
  }

  const addFiles = (list: FileList | null) => {
    if (!list?.length || !onAttach || disabled) return false
    onAttach(Array.from(list))
    return true
  }
  const onDrag = (e: DragEvent) => {
    if (!onAttach || disabled || !e.dataTransfer.types.includes('Files')) return
    e.preventDefault()
    setDragging(e.type !== 'dragleave' || e.currentTarget.contains(e.relatedTarget as Node))
  }

  return (
    <form
      className="parley-composer"
      onSubmit={submit}
      onDragOver={onDrag}
      onDragLeave={onDrag}
      onDrop={(e) => {
        if (!dragging) return
        e.preventDefault()
        setDragging(false)
        addFiles(e.dataTransfer.files)
      }}
      data-dragging={dragging || undefined}
      data-disabled={disabled || undefined}
      data-mode={editing ? 'edit' : replyTo ? 'reply' : undefined}
      data-drop-label={t.dropFiles}
    >
      {context && (
        <div className="parley-composer__context">
          <span className="parley-composer__context-title">
            {editing ? t.editing : t.replyingTo(props.replyToName ?? t.unknownSender)}
          </span>
          <span className="parley-composer__context-text">
            <bdi>{messageSnippet(context, t)}</bdi>
          </span>
          <button
            type="button"
            className="parley-composer__icon"
            aria-label={editing ? t.cancelEdit : t.cancelReply}
            onClick={cancel}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
      {attachments.length > 0 && (
        <ul className="parley-composer__attachments">
          {attachments.map((a) => {
            const preview = safeImageSrc(a.previewUrl)
            return (
              <li key={a.id} className="parley-chip" data-status={a.status}>
                {preview && <img src={preview} alt="" />}
                <span className="parley-chip__name">
                  <bdi>{a.name}</bdi>
                </span>
                {a.status === 'uploading' && (
                  <progress max={1} value={a.progress} aria-label={t.uploading(a.name)} />
                )}
                {a.status === 'failed' && (
                  <span className="parley-chip__error">{a.error ?? t.uploadFailed}</span>
                )}
                {onRemoveAttachment && (
                  <button
                    type="button"
                    className="parley-composer__icon"
                    aria-label={
                      a.status === 'uploading' ? t.cancelUpload(a.name) : t.removeAttachment(a.name)
                    }
                    onClick={() => onRemoveAttachment(a.id)}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {/* Present from the start, so that a file refused later is read out. */}
      <div className="parley-visually-hidden" aria-live="polite">
        {attachments
          .filter((a) => a.status === 'failed')
          .map((a) => `${a.name}: ${a.error ?? t.uploadFailed}. `)}
      </div>
      <div className="parley-composer__row">
        {onAttach && (
          <>
            <button
              type="button"
              className="parley-composer__icon"
              aria-label={t.attach}
              disabled={disabled}
              onClick={() => fileInput.current?.click()}
            >
              <span aria-hidden="true">+</span>
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              accept={props.accept}
              onChange={(e) => {
                addFiles(e.target.files)
                e.target.value = ''
              }}
            />
          </>
        )}
        <textarea
          ref={textarea}
          className="parley-composer__input"
          aria-label={t.message}
          aria-describedby={disabled ? reasonId : counting ? countId : undefined}
          aria-invalid={left < 0 || undefined}
          placeholder={t.placeholder}
          rows={1}
          dir="auto"
          value={text}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={stopTyping}
          onPaste={(e) => {
            if (addFiles(e.clipboardData.files)) e.preventDefault()
          }}
        />
        <button type="submit" className="parley-composer__send" disabled={!canSend}>
          {editing ? t.save : t.send}
        </button>
      </div>
      {counting && !disabled && (
        <p id={countId} className="parley-composer__count" data-over={left < 0 || undefined}>
          {t.charactersLeft(left)}
        </p>
      )}
      {disabled && (
        <p id={reasonId} className="parley-composer__reason">
          {disabledReason}
        </p>
      )}
    </form>
  )
}
