import { createNativeProtocol } from '@parley/core/native'
import { ChatProvider } from '@parley/react'
import { ChatScreen } from '@parley/ui/connected'
import '@parley/ui/styles.css'
import { createRoot } from 'react-dom/client'

const url = 'wss://chat.example.com/native'
const apiUrl = '/api'
// Your sign-in's token in production; in development, the mock backend's (not in the build).
let getToken = (): string | undefined => sessionStorage.getItem('chat-token') ?? undefined
if (import.meta.env.DEV) getToken = await (await import('./mock')).startMockBackend(url, apiUrl)

createRoot(document.getElementById('root')!).render(
  <ChatProvider options={{ url, getToken, protocol: createNativeProtocol({ apiUrl }) }}>
    <div style={{ height: '100dvh' }}>
      <ChatScreen />
    </div>
  </ChatProvider>,
)
