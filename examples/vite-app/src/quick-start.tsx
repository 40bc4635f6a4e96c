import { createNativeProtocol } from '@parley/core/native'
import { createMockBackend } from '@parley/mock-backend'
import { ChatProvider } from '@parley/react'
import { ChatScreen } from '@parley/ui/connected'
import '@parley/ui/styles.css'
import { setupWorker } from 'msw/browser'
import { createRoot } from 'react-dom/client'

const url = 'wss://chat.example.com/native'
const apiUrl = '/api'
const backend = createMockBackend({ url, apiUrl, simulate: true })
await setupWorker(...backend.handlers).start({ quiet: true })
const token = backend.model.issueToken('trainer-maya')

createRoot(document.getElementById('root')!).render(
  <ChatProvider
    options={{ url, getToken: () => token, protocol: createNativeProtocol({ apiUrl }) }}
  >
    <div style={{ height: '100dvh' }}>
      <ChatScreen />
    </div>
  </ChatProvider>,
)
