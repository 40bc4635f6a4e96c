import { StrictMode } from 'react'
import { renderToString } from 'react-dom/server'
import { App } from './App'

/** The page's #root for one request: no socket, no token, no browser APIs on the server. */
export function render(): string {
  return renderToString(
    <StrictMode>
      <App getToken={() => undefined} />
    </StrictMode>,
  )
}
