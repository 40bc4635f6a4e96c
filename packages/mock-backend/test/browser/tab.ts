// One "tab" of the cross-tab test: a backend shared across tabs, and a signed-in chat client.
import { createChatClient, type ChatClient } from '@parley/core'
import { createNativeProtocol } from '@parley/core/native'
import { setupWorker } from 'msw/browser'
import { createMockBackend, type MockBackend } from '../../src'
import { shareAcrossTabs, type SharedBackend } from '../../src/shared'

export interface Tab {
  backend: MockBackend
  shared: SharedBackend
  client: ChatClient
  token: string
  protocol: ReturnType<typeof createNativeProtocol>
}
declare global {
  interface Window {
    tab?: Tab
  }
}

const url = 'wss://parley.test/native'
const apiUrl = '/api'
const userId = new URLSearchParams(location.search).get('user') ?? 'client-sam'
const backend = createMockBackend({ url, apiUrl })
const shared = shareAcrossTabs(backend, { name: 'cross-tab-test' })
await shared.ready
await setupWorker(...shared.handlers).start({ onUnhandledRequest: 'bypass', quiet: true })
const token = backend.model.issueToken(userId)
const protocol = createNativeProtocol({ apiUrl })
const client = createChatClient({ url, getToken: () => token, protocol, batchMs: 5 })
client.watch('dm-maya-sam')
client.connect()
window.tab = { backend, shared, client, token, protocol }
