import { createNativeProtocol } from '@parley/core/native'
import { ChatProvider } from '@parley/react'
import { ChatScreen } from '@parley/ui/connected'

const protocol = createNativeProtocol({ apiUrl: '/api' })

export interface SupportChatProps {
  url: string
  getToken: () => string | undefined
  /** The conversation in the page's URL, if any. */
  openId?: string
  onOpen: (conversationId: string) => void
  onError: (error: unknown) => void
}

export function SupportChat({ url, getToken, openId, onOpen, onError }: SupportChatProps) {
  return (
    <ChatProvider options={{ url, protocol, getToken }}>
      <div style={{ height: '32rem' }}>
        <ChatScreen
          defaultSelectedId={openId}
          onSelect={(conversation) => onOpen(conversation.id)}
          uploads={{ accept: ['image/*', '.pdf'], maxBytes: 5_000_000 }}
          onError={onError} // a ParleyError: outbox-full, invalid-upload, send-failed…
        />
      </div>
    </ChatProvider>
  )
}
