import { StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { App, apiUrl, url } from './App'

// Your sign-in's token in production; in development, the mock backend's (not in the build).
let getToken = (): string | undefined => sessionStorage.getItem('chat-token') ?? undefined
if (import.meta.env.DEV) getToken = await (await import('./mock')).startMockBackend(url, apiUrl)

hydrateRoot(
  document.getElementById('root')!,
  <StrictMode>
    <App getToken={() => getToken()} />
  </StrictMode>,
)
