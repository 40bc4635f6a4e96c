import { createSalonProtocol } from '@parley/core/adapters/salon'
import { ChatProvider } from '@parley/react'
import { ChatScreen } from '@parley/ui/connected'
import '@parley/ui/styles.css'

// Your Salon backend's chat prefix (seed 004's `/api/v1/chat`): REST and sockets live under it.
const apiUrl = 'https://salon.example.com/api/v1/chat'

/** The chat screen of a salon: `side` 'user' for staff, 'customer' for customers. */
export function SalonChat({ side, token }: { side: 'user' | 'customer'; token: string }) {
  const protocol = createSalonProtocol({ apiUrl, role: side })
  return (
    <ChatProvider options={{ url: apiUrl, getToken: () => token, protocol }}>
      <div style={{ height: '100dvh' }}>
        <ChatScreen />
      </div>
    </ChatProvider>
  )
}
