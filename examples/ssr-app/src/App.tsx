import { createNativeProtocol } from '@parley/core/native'
import { ChatProvider } from '@parley/react'
import { ChatScreen } from '@parley/ui/connected'
import '@parley/ui/styles.css'

export const url = 'wss://chat.example.com/native'
export const apiUrl = '/api'
const protocol = createNativeProtocol({ apiUrl })

/**
 * The same tree on the server and in the browser. The server renders the screen's frame (the
 * conversation list loading); the provider connects only once mounted, so only the browser does.
 */
export function App({ getToken }: { getToken: () => string | undefined }) {
  return (
    <ChatProvider options={{ url, getToken, protocol }}>
      <div style={{ height: '100dvh' }}>
        <ChatScreen />
      </div>
    </ChatProvider>
  )
}
