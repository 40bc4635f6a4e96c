import type { Conversation } from '@parley/core'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { checkScreen } from '../dev-warnings'
import { useI18n } from '../i18n'
import type { ConnectedChatWindowProps } from './ConnectedChatWindow'
import { ConnectedChatWindow } from './ConnectedChatWindow'
import type { ConnectedConversationListProps } from './ConnectedConversationList'
import { ConnectedConversationList } from './ConnectedConversationList'

export interface ChatScreenProps
  extends
    Omit<ConnectedChatWindowProps, 'conversation'>,
    Pick<ConnectedConversationListProps, 'people'> {
  /** The conversation to open first, e.g. from a deep link; it opens once the list has it. */
  defaultSelectedId?: string | undefined
  /** Called when the user opens a conversation, e.g. to put its id in the URL. */
  onSelect?: ((conversation: Conversation) => void) | undefined
  /** Shown where the window goes until a conversation is chosen; "Choose a conversation" by default. */
  placeholder?: ReactNode
}

// Bundlers replace `process.env.NODE_ENV`; declared here so the package needs no Node types.
declare const process: { env: { NODE_ENV?: string } }

/**
 * The whole chat screen for the nearest `<ChatProvider>`: the conversation list beside the open
 * conversation.
 */
export function ChatScreen({
  defaultSelectedId,
  onSelect,
  placeholder,
  people,
  ...rest
}: ChatScreenProps) {
  const root = useRef<HTMLDivElement>(null)
  // `picked`: the user opened it (it takes the focus), rather than a deep link on page load.
  const [open, setOpen] = useState<{
    id: string | undefined
    conversation?: Conversation
    picked?: boolean
  }>({ id: defaultSelectedId })
  const { t } = useI18n(rest.strings, rest.locale)
  useEffect(() => {
    // Development only: name the fix for a screen that would otherwise fail silently.
    // (One condition, so that a production build drops the call and the module with it.)
    if (process.env.NODE_ENV !== 'production' && root.current) return checkScreen(root.current)
  }, [])
  return (
    <div ref={root} className="parley-screen" data-open={open.conversation ? true : undefined}>
      <ConnectedConversationList
        selectedId={open.id}
        strings={rest.strings}
        locale={rest.locale}
        people={people}
        onSelect={(conversation) => {
          setOpen({ id: conversation.id, conversation, picked: open.id !== conversation.id })
          onSelect?.(conversation)
        }}
      />
      {open.conversation ? (
        <ConnectedChatWindow
          {...rest}
          conversation={open.conversation}
          focusOnMount={open.picked}
          // Shown by styles.css only where one pane fits: back to the list, focus with it.
          onBack={() => {
            setOpen({ id: undefined })
            requestAnimationFrame(() =>
              root.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus(),
            )
          }}
        />
      ) : (
        <div className="parley-screen__placeholder">{placeholder ?? t.chooseConversation}</div>
      )}
    </div>
  )
}
