// A browser tab for cross-tab.chromium.test.ts: a chat client on a shared socket, real Web Locks.
import { createChatClient } from '../src'
import type { SocketConstructor } from '../src/connection'
import { createSharedSocket } from '../src/cross-tab'
import { nativeProtocol } from '../src/native'

const page = window as unknown as { realSockets: number; usesLocks: boolean; client: unknown }
page.realSockets = 0
page.usesLocks = Boolean(navigator.locks)
const CountingSocket = function (url: string) {
  page.realSockets += 1
  return new WebSocket(url)
} as unknown as SocketConstructor
const client = createChatClient({
  url: new URLSearchParams(location.search).get('ws')!,
  getToken: () => 'alice',
  protocol: nativeProtocol,
  backoff: { baseMs: 50, capMs: 200 },
  batchMs: 5,
  WebSocket: createSharedSocket({ key: 'chromium:user-alice', WebSocket: CountingSocket }),
})
client.connect()
client.watch('room')
page.client = client
