// A full Parley chat screen as an app writes it: provider, conversation list, window, composer.
import { createNativeProtocol } from '@parley/core/native'
import { ChatProvider } from '@parley/react'
import { ChatScreen } from '@parley/ui/connected'
import '@parley/ui/styles.css'
import { createRoot } from 'react-dom/client'

createRoot(document.getElementById('root')!).render(
  <ChatProvider
    options={{
      url: 'wss://chat.example.com/native',
      getToken: () => localStorage.getItem('token') ?? undefined,
      protocol: createNativeProtocol({ apiUrl: '/api' }),
    }}
  >
    <div style={{ height: '100dvh' }}>
      <ChatScreen />
    </div>
  </ChatProvider>,
)
