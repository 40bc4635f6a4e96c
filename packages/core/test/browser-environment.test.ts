// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createConnection } from '../src'
import { nativeProtocol } from '../src/native'
import { FakeSocket } from './fakes'

afterEach(() => vi.useRealTimers())

describe('the default browser environment (jsdom window and document)', () => {
  it('goes offline on the window event, back on online, and wakes on a bubbling visibilitychange', async () => {
    vi.useFakeTimers()
    FakeSocket.instances = []
    // No `environment` option: the connection finds window and document by itself.
    const connection = createConnection({
      url: 'ws://x',
      protocol: nativeProtocol,
      WebSocket: FakeSocket,
      random: () => 0.99,
      backoff: { baseMs: 60_000 },
    })
    connection.connect()
    await vi.advanceTimersByTimeAsync(0)
    FakeSocket.last().open()
    FakeSocket.last().welcome()
    window.dispatchEvent(new Event('offline'))
    expect(connection.getSnapshot().status).toBe('offline')
    window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(0)
    expect(connection.getSnapshot().status).toBe('connecting')
    FakeSocket.last().serverClose(1006)
    expect(connection.getSnapshot().status).toBe('reconnecting') // a minute of backoff ahead…
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
    await vi.advanceTimersByTimeAsync(0)
    expect(connection.getSnapshot().status).toBe('connecting') // …skipped: the tab came back
    connection.close()
    window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(0)
    expect(connection.getSnapshot().status).toBe('closed') // listeners are gone
  })
})
