import type { Capabilities, Message } from '@parley/core'
import type { UploadRules } from '@parley/react'
import { useChat, useChatClient, useConnection } from '@parley/react'
import { useEffect, useRef, useState } from 'react'
import type { ChatWindowProps } from '../ChatWindow'
import { ChatWindow } from '../ChatWindow'
import { useI18n } from '../i18n'
import { uploadProblem, useAttachments } from './attachments'
import { useDrafts, useSelfAndPresence } from './store'

/** How many pages beyond the first are loaded to find the first unread message. */
const UNREAD_PAGES = 3

export interface ConnectedChatWindowProps extends Pick<
  ChatWindowProps,
  'conversation' | 'focusOnMount' | 'composerDisabledReason' | 'onBack' | 'strings' | 'locale'
> {
  /** Files the composer accepts (types, families like `image/*`, extensions) and their size limit. */
  uploads?: UploadRules | false
  /**
   * A send, edit, delete, upload or history page that did not happen, as a ParleyError
   * (`outbox-full`, `send-failed`, `invalid-upload`, `aborted`, `http-error`…). Failed sends also
   * show Retry on the message.
   */
  onError?: (error: unknown) => void
  /**
   * The longest message the backend takes, by default the one its adapter declares
   * (`capabilitiesOf(adapter).maxMessageLength`): the composer counts down near it and does not
   * send a longer text.
   */
  maxLength?: number | undefined
  /** Messages per history page (default 30). */
  pageSize?: number
}

/**
 * A ChatWindow wired to the nearest `<ChatProvider>`: the conversation's timeline with history
 * pages, sends with Retry, edits, deletes, uploads, typing, receipts while the reader is at the
 * bottom, presence and the connection.
 */
export function ConnectedChatWindow(props: ConnectedChatWindowProps) {
  // Everything held here (unread line, attachments, whether the reader is at the bottom) belongs to
  // one conversation: another one starts afresh, and takes the focus as ChatWindow's switch would.
  const [first] = useState(props.conversation.id)
  return (
    <ConversationWindow
      key={props.conversation.id}
      {...props}
      focusOnMount={props.focusOnMount || props.conversation.id !== first}
    />
  )
}

/**
 * The app's upload rules narrowed to what the backend can store: none without an upload endpoint,
 * and without the `file` kind only images and audio (what becomes an `image` or a `voice`).
 */
function uploadRulesFor(
  uploads: UploadRules | false,
  { upload, kinds }: Capabilities,
): UploadRules | false {
  if (!uploads || !upload) return false
  if (kinds.includes('file')) return uploads
  const families = (['image', 'voice'] as const)
    .filter((kind) => kinds.includes(kind))
    .map((kind) => (kind === 'image' ? 'image/' : 'audio/'))
  const accept = (uploads.accept ?? families.map((family) => `${family}*`)).filter((type) =>
    families.some((family) => type.startsWith(family)),
  )
  return accept.length > 0 && { ...uploads, accept }
}

function ConversationWindow({
  uploads: wanted = {},
  onError = reportError,
  pageSize = 30,
  ...props
}: ConnectedChatWindowProps) {
  const { conversation } = props
  const chat = useChat(conversation.id, { pageSize })
  const { messages, markRead } = chat
  const connection = useConnection()
  const { capabilities } = useChatClient()
  const uploads = uploadRulesFor(wanted, capabilities)
  const maxLength = props.maxLength ?? capabilities.maxMessageLength
  const { userId, presence } = useSelfAndPresence()
  const drafts = useDrafts()
  const i18n = useI18n(props.strings, props.locale)
  const { t } = i18n
  const files = useAttachments(uploads || {}, onError, (error, file) =>
    uploadProblem(error, file, uploads || {}, i18n),
  )
  const [atBottom, setAtBottom] = useState(true)
  // The unread line stays where it was when the conversation opened, until it is opened again. It
  // is placed once the first page is in (live messages may be there before it), counting back
  // over messages from others, as the server's count does. When the count reaches past the loaded
  // pages, older ones are loaded first: up to UNREAD_PAGES more, then it goes above the oldest.
  const [unreadLine, setUnreadLine] = useState<{ first: string | undefined }>()
  // The timeline when a page was asked for the line: the core merges a page a moment after its
  // request has ended, so until the timeline changes, the count would run short.
  const [asked, setAsked] = useState<{ pages: number; messages?: readonly Message[] }>({ pages: 0 })
  if (!unreadLine && messages.length > 0 && !chat.isLoadingOlder && messages !== asked.messages) {
    let left = conversation.unreadCount
    let first: string | undefined
    for (let i = messages.length - 1; i >= 0 && left > 0; i--)
      if (messages[i]!.senderId !== userId) {
        first = messages[i]!.id
        left--
      }
    if (left > 0 && chat.hasOlder && asked.pages < UNREAD_PAGES)
      setAsked({ pages: asked.pages + 1, messages })
    else setUnreadLine({ first })
  }
  const loadOlder = useRef(chat.loadOlder)
  useEffect(() => {
    loadOlder.current = chat.loadOlder
  })
  useEffect(() => {
    if (asked.pages) void loadOlder.current()
  }, [asked.pages])

  // A history page that failed (after its retries) would otherwise pass for an empty conversation.
  const { historyError } = chat
  const reported = useRef<unknown>(null)
  useEffect(() => {
    if (historyError && historyError !== reported.current)
      onError((reported.current = historyError))
  }, [historyError, onError])

  // What the reader sees at the bottom of a visible page is read (one receipt per burst).
  useEffect(() => {
    if (atBottom && document.visibilityState === 'visible') markRead()
  }, [messages, atBottom, markRead])
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && atBottom && markRead()
    document.addEventListener('visibilitychange', onVisible)
    return () => document.removeEventListener('visibilitychange', onVisible)
  }, [atBottom, markRead])

  const guard =
    <A extends unknown[]>(action: (...args: A) => unknown) =>
    (...args: A) => {
      try {
        void Promise.resolve(action(...args)).catch(onError)
      } catch (error) {
        onError(error)
      }
    }

  return (
    <ChatWindow
      {...props}
      currentUserId={userId}
      maxLength={maxLength}
      messages={messages}
      // Until the first page is in the timeline: the core merges it a moment after the request
      // ends, and "No messages yet" in between would be a lie about a conversation that has some.
      isLoading={
        messages.length === 0 &&
        (chat.isLoadingOlder ||
          (!!conversation.lastMessage && capabilities.history && !historyError))
      }
      hasOlder={chat.hasOlder}
      isLoadingOlder={chat.isLoadingOlder}
      onLoadOlder={chat.loadOlder}
      firstUnreadId={unreadLine?.first}
      onAtBottomChange={setAtBottom}
      connection={connection.state}
      onReconnect={connection.reconnect}
      presence={presence}
      typing={chat.typingUsers}
      onTyping={chat.setTyping}
      onSend={(text, replyTo) => {
        const { attachments, sent } = files.uploaded()
        const [first] = attachments
        try {
          chat.send({
            text,
            ...(first && { kind: first.kind, attachments }),
            ...(replyTo && { replyTo: replyTo.id }),
          })
        } catch (error) {
          // Too many waiting to be sent (`outbox-full`): the text and files stay in the composer.
          onError(error)
          return false
        }
        sent()
      }}
      loadError={historyError ? t.historyFailed : undefined}
      historyUnavailable={!capabilities.history}
      syncError={chat.sync?.status === 'error' ? t.syncFailed : undefined}
      syncing={chat.sync?.status === 'syncing'}
      onResync={chat.resync}
      mutationsReachOthers={capabilities.mutationsReachOthers}
      draft={drafts.get(conversation.id)}
      onDraftChange={(text) => drafts.set(conversation.id, text)}
      onRetry={(message) => message.clientId && chat.retry(message.clientId)}
      onEditMessage={
        capabilities.edit
          ? guard((message: Message, text: string) => chat.edit(message.id, text))
          : undefined
      }
      // A failed send never reached anyone: it can be discarded even where nothing can be deleted.
      discardOnly={!capabilities.delete}
      onDelete={guard((message: Message) =>
        message.status === 'failed' && message.clientId
          ? chat.discard(message.clientId)
          : chat.remove(message.id),
      )}
      {...(uploads && {
        onAttach: files.attach,
        attachments: files.attachments,
        onRemoveAttachment: files.remove,
        accept: uploads.accept?.join(','),
      })}
    />
  )
}

function reportError(error: unknown) {
  console.error('[parley]', error)
}
