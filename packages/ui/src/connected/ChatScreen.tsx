import type { Conversation } from '@parley/core'
import { useState, type ReactNode } from 'react'
import type { ConnectedChatWindowProps } from './ConnectedChatWindow'
import { ConnectedChatWindow } from './ConnectedChatWindow'
import { ConnectedConversationList } from './ConnectedConversationList'

export interface ChatScreenProps extends Omit<ConnectedChatWindowProps, 'conversation'> {
  /** The conversation to open first, e.g. from a deep link; it opens once the list has it. */
  defaultSelectedId?: string | undefined
  /** Called when the user opens a conversation, e.g. to put its id in the URL. */
  onSelect?: ((conversation: Conversation) => void) | undefined
  /** Shown where the window goes until a conversation is chosen. */
  placeholder?: ReactNode
}

/**
 * The whole chat screen for the nearest `<ChatProvider>`: the conversation list beside the open
 * conversation.
 */
export function ChatScreen({ defaultSelectedId, onSelect, placeholder, ...rest }: ChatScreenProps) {
  const [open, setOpen] = useState<{ id: string | undefined; conversation?: Conversation }>({
    id: defaultSelectedId,
  })
  return (
    <div className="parley-screen" data-open={open.conversation ? true : undefined}>
      <ConnectedConversationList
        selectedId={open.id}
        strings={rest.strings}
        locale={rest.locale}
        onSelect={(conversation) => {
          setOpen({ id: conversation.id, conversation })
          onSelect?.(conversation)
        }}
      />
      {open.conversation ? (
        <ConnectedChatWindow
          {...rest}
          conversation={open.conversation}
          focusOnMount={open.id !== defaultSelectedId}
        />
      ) : (
        <div className="parley-screen__placeholder">{placeholder}</div>
      )}
    </div>
  )
}
