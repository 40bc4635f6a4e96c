import { afterEach } from 'vitest'
import { WebSocket } from 'ws'
import { createMockBackend, type MockBackend, type MockBackendOptions } from '../src'
import { serveMockBackend, type ServedMockBackend } from '../src/node'
import { waitFor } from './helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

/** A mock backend served on a real port of 127.0.0.1, closed (and disposed) after the test. */
export async function serveBackend(
  options: Partial<MockBackendOptions> & Pick<MockBackendOptions, 'url'>,
): Promise<{ backend: MockBackend; served: ServedMockBackend }> {
  const backend = createMockBackend(options)
  const served = await serveMockBackend(backend)
  cleanups.push(() => backend.dispose())
  cleanups.push(() => served.close())
  return { backend, served }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = Record<string, any>

/** A raw `ws` client over TCP: every frame it gets, parsed, and how it ended. */
export function rawSocket(url: string) {
  const socket = new WebSocket(url)
  const received: Frame[] = []
  const outcome = { opened: false, closeCode: undefined as number | undefined, error: '' }
  socket.on('open', () => (outcome.opened = true))
  socket.on('message', (data) => received.push(JSON.parse(String(data)) as Frame))
  socket.on('close', (code) => (outcome.closeCode = code))
  socket.on('error', (error) => (outcome.error = error.message))
  cleanups.push(() => socket.terminate())
  return {
    socket,
    received,
    outcome,
    json: (frame: Frame) => socket.send(JSON.stringify(frame)),
    /** The first `count` frames, once they have arrived. */
    frames: async (count: number) => {
      await waitFor(() => received.length >= count, `${count} frames (got ${received.length})`)
      return received.slice(0, count)
    },
    closed: () => waitFor(() => outcome.closeCode !== undefined, 'closed'),
  }
}
