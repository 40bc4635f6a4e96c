import { createMockBackend } from '@parley/mock-backend'
import { setupServer } from 'msw/node'

export function startMockServer() {
  const backend = createMockBackend({
    url: 'wss://parley.test/native',
    apiUrl: 'https://parley.test/api', // or '/api' next to a page; without it, no REST handlers
    simulate: true, // the other participants read, type and reply (off by default: tests)
  })
  const server = setupServer(...backend.handlers)
  server.listen()
  const token = backend.model.issueToken('client-sam') // hand this to the client's getToken
  backend.controls.play('latency:50') // or ?scenario=… (below)
  const stop = () => {
    server.close()
    backend.dispose() // closes sessions, cancels timers
  }
  return { backend, token, stop }
}
