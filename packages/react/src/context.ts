import type { ChatClient, ProtocolAdapter } from '@parley/core'
import type { QueryClient } from '@tanstack/react-query'
import { createContext, useContext } from 'react'

/** What one `<ChatProvider>` shares with its hooks. */
export interface ChatContextValue {
  client: ChatClient
  queryClient: QueryClient
  /** The dialect's REST side (history pages, the conversation list, uploads), when it has one. */
  protocol: ProtocolAdapter | undefined
  token: () => Promise<string | undefined>
  /** Prefix of this provider's query keys, so two providers sharing a QueryClient share no data. */
  key: readonly unknown[]
}

export const ChatContext = createContext<ChatContextValue | null>(null)

export function useChatContext(): ChatContextValue {
  const value = useContext(ChatContext)
  // The stack names the hook; a name per hook would cost bytes in every one of them.
  if (!value) throw new Error('Parley hooks must be used inside <ChatProvider>')
  return value
}

/** The provider's `ChatClient`, for what no hook covers. */
export const useChatClient = (): ChatClient => useChatContext().client
