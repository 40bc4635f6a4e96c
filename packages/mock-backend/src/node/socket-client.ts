import type { WebSocket } from 'ws'
import type { MockSocketClient } from '../native-server'

type Listener = (event: Event) => void
type EventName = 'message' | 'close'

/** Close codes a server may put on the wire (RFC 6455 §7.4); the others mean "no close frame". */
const sendable = (code: number | undefined) =>
  code !== undefined &&
  ((code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) ||
    (code >= 3000 && code <= 4999))

/** A close event as MSW's handlers see one: `code`, `reason`, `wasClean` on a plain Event. */
function closeEvent(code: number, reason: string): Event {
  return Object.assign(new Event('close'), { code, reason, wasClean: sendable(code) })
}

/**
 * The server end of one real socket, in the shape MSW's `ws` handler hands to the backend
 * (`id`, `url`, `send`, `close`, `addEventListener`). It exists before the HTTP upgrade is
 * answered: the backend is handed the connection first, and if it closes it at once (a refused
 * token, an outage) the upgrade is answered 403 and no socket ever opens — which is what the
 * real Salon server and a browser do. Otherwise the socket is attached and whatever the backend
 * said in the meantime (a greeting) is flushed, in order.
 */
export interface PendingSocketClient {
  readonly client: MockSocketClient & { url: URL }
  /** True once the backend closed the connection before a socket was attached. */
  refused(): boolean
  /** The upgrade is being answered: a close from now on waits for the socket, then applies. */
  accept(): void
  /** The client went away before the upgrade completed: the backend hears the close (1006). */
  abandon(): void
  /** Give it the accepted socket: flush what was said, then relay both ways. */
  attach(socket: WebSocket): void
}

export function createSocketClient(id: string, url: URL): PendingSocketClient {
  const listeners: Record<EventName, Set<Listener>> = { message: new Set(), close: new Set() }
  const early: (string | ArrayBufferLike | Blob | ArrayBufferView)[] = []
  let socket: WebSocket | undefined
  let closedEarly = false
  let accepting = false
  let closeOnAttach: { code: number | undefined; reason: string } | undefined
  let closeEmitted = false

  const emit = (name: EventName, event: Event) => {
    for (const listener of [...listeners[name]]) listener(event)
  }
  const emitClose = (code: number, reason: string) => {
    if (closeEmitted) return
    closeEmitted = true
    emit('close', closeEvent(code, reason))
  }

  const client = {
    id,
    url,
    send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      if (closedEarly) return
      if (!socket) return void early.push(data)
      // A frame said to a socket that is already going is lost, as on any server.
      if (socket.readyState !== socket.OPEN) return
      if (data instanceof Blob) void data.arrayBuffer().then((bytes) => socket?.send(bytes))
      else socket.send(data)
    },
    close(code?: number, reason = '') {
      if (!socket && accepting) return void (closeOnAttach ??= { code, reason })
      if (!socket) {
        closedEarly = true
        return emitClose(code ?? 1006, reason)
      }
      // 1005/1006 (and no code) never travel: the connection just ends, as a crashed peer's does.
      if (sendable(code)) socket.close(code, reason)
      else socket.terminate()
    },
    addEventListener(name: EventName, listener: Listener) {
      listeners[name]?.add(listener)
    },
  } as unknown as MockSocketClient & { url: URL }

  return {
    client,
    refused: () => closedEarly,
    accept: () => void (accepting = true),
    abandon: () => void (!socket && emitClose(1006, '')),
    attach(accepted) {
      socket = accepted
      accepted.on('message', (data, isBinary) => {
        const payload = isBinary ? toArrayBuffer(data) : data.toString()
        emit('message', new MessageEvent('message', { data: payload }))
      })
      accepted.on('close', (code, reason) => emitClose(code, reason.toString()))
      // A reset connection reports an error and then closes; the close is what the backend needs.
      accepted.on('error', () => {})
      for (const data of early.splice(0)) client.send(data as string)
      if (closeOnAttach) client.close(closeOnAttach.code, closeOnAttach.reason)
    },
  }
}

function toArrayBuffer(data: Buffer | ArrayBuffer | Buffer[]): ArrayBuffer {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
  return buffer.buffer.slice(
    buffer.byteOffset,
    buffer.byteOffset + buffer.byteLength,
  ) as ArrayBuffer
}
