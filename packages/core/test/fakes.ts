import type { ConnectionEnvironment, SocketLike } from '../src'

/** A socket whose server side the test drives by hand, for fake-timer tests of every transition. */
export class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = []
  static last(): FakeSocket {
    const socket = FakeSocket.instances.at(-1)
    if (!socket) throw new Error('no socket was created')
    return socket
  }

  readyState = 0
  readonly sent: string[] = []
  closedWith: { code?: number; reason?: string } | undefined
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null

  constructor(readonly url: string) {
    FakeSocket.instances.push(this)
  }
  send(data: string) {
    this.sent.push(data)
  }
  close(code?: number, reason?: string) {
    this.closedWith = {
      ...(code !== undefined && { code }),
      ...(reason !== undefined && { reason }),
    }
    this.readyState = 3
  }
  // The server side.
  open() {
    this.readyState = 1
    this.onopen?.({})
  }
  receive(data: unknown) {
    this.onmessage?.({ data })
  }
  welcome(extra: Record<string, unknown> = {}) {
    this.receive(JSON.stringify({ type: 'welcome', userId: 'u1', ...extra }))
  }
  serverClose(code: number, reason = '') {
    this.readyState = 3
    this.onerror?.({})
    this.onclose?.({ code, reason })
  }
}

/** Browser signals the test fires itself; it also counts listeners so leaks show. */
export function fakeEnvironment() {
  const listeners = new Map<string, Set<() => void>>()
  let online = true
  let visible = true
  const env: ConnectionEnvironment & {
    fire(type: string): void
    setOnline(value: boolean): void
    setVisible(value: boolean): void
    listenerCount(): number
  } = {
    addEventListener(type, listener) {
      if (!listeners.has(type)) listeners.set(type, new Set())
      listeners.get(type)?.add(listener)
    },
    removeEventListener(type, listener) {
      listeners.get(type)?.delete(listener)
    },
    isOnline: () => online,
    isVisible: () => visible,
    fire(type) {
      for (const listener of [...(listeners.get(type) ?? [])]) listener()
    },
    setOnline(value) {
      online = value
      this.fire(value ? 'online' : 'offline')
    },
    setVisible(value) {
      visible = value
      this.fire('visibilitychange')
    },
    listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
  }
  return env
}
