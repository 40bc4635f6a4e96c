import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff'
import type { ConnectionState, DisconnectReason } from './connection-state'
import { browserEnvironment, type ConnectionEnvironment } from './environment'
import { ParleyError } from './errors'
import { redactingLogger, silentLogger, type Logger } from './logger'
import type { ProtocolAdapter, ProtocolEvent } from './protocol'
import { createStore, type Store } from './subscribable'

/** The slice of the WHATWG WebSocket the connection uses; browsers, `ws` and MSW all fit. */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onerror: ((event: unknown) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
}
export type SocketConstructor = new (url: string) => SocketLike

export interface ConnectionOptions {
  /** Base URL, or a function re-evaluated before every attempt (to pick a region, say). */
  url: string | (() => string | Promise<string>)
  /** Called before every attempt, so an expired token is replaced on the next try. */
  getToken?: () => string | undefined | Promise<string | undefined>
  protocol: ProtocolAdapter
  /** Defaults to `globalThis.WebSocket`, looked up at connect time so MSW and polyfills can intercept. */
  WebSocket?: SocketConstructor
  backoff?: Partial<BackoffOptions>
  /** Give up on an attempt that has not become `open` in this time. */
  connectTimeoutMs?: number
  /** Ping this often when the dialect has ping/pong (the server's `welcome` may override it). */
  heartbeatIntervalMs?: number
  /** The peer is dead after `heartbeatIntervalMs + heartbeatGraceMs` of silence. */
  heartbeatGraceMs?: number
  /** The retry counter resets only once a connection has stayed open this long. */
  stableAfterMs?: number
  /** For `refusesAuthBeforeOpen` dialects: this many failures in a row before `open` mean "unauthorized". */
  preOpenFailuresBeforeAuth?: number
  /** Browser signals; `null` disables them. Defaults to window/document when present. */
  environment?: ConnectionEnvironment | null
  logger?: Logger
  now?: () => number
  random?: () => number
}

export interface Connection extends Store<ConnectionState> {
  /** Start connecting. A no-op while connecting or open. */
  connect(): void
  /** Drop whatever is happening and try now, forgetting backoff and a refused token. */
  reconnect(): void
  /** Close for good: no timer, listener or socket is left behind. `connect()` may start again. */
  close(): void
  /** Send a frame if the session is open; false otherwise (the caller queues). */
  send(frame: string): boolean
  /** Decoded events from the server, in arrival order, one call per frame. */
  onEvents(listener: (events: ProtocolEvent[]) => void): () => void
}

const OPEN = 1

export function createConnection(options: ConnectionOptions): Connection {
  const adapter = options.protocol
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const backoff = { ...defaultBackoff, ...options.backoff }
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000
  const graceMs = options.heartbeatGraceMs ?? 10_000
  const stableAfterMs = options.stableAfterMs ?? 5_000
  const preOpenLimit = options.preOpenFailuresBeforeAuth ?? 3
  const env =
    options.environment === undefined ? browserEnvironment() : (options.environment ?? undefined)

  const store = createStore<ConnectionState>({ status: 'idle' })
  const eventListeners = new Set<(events: ProtocolEvent[]) => void>()
  let currentToken: string | undefined
  const log = redactingLogger(options.logger ?? silentLogger, () =>
    currentToken ? [currentToken] : [],
  )

  let socket: SocketLike | undefined
  let socketOpened = false
  /** Bumped whenever pending async work (token fetch, old socket) must be ignored. */
  let generation = 0
  let attempt = 0
  let preOpenFailures = 0
  /** The token the server refused; we will not present it again. */
  let refusedToken: string | undefined | null = null
  let heartbeatMs = options.heartbeatIntervalMs ?? 25_000
  let lastReceivedAt = 0
  let lastPingAt = 0
  const timers = { retry: 0, connect: 0, heartbeat: 0, stable: 0 } as Record<
    'retry' | 'connect' | 'heartbeat' | 'stable',
    ReturnType<typeof setTimeout> | 0
  >
  let listening = false

  const setState = (next: ConnectionState) => {
    log.debug(
      `connection: ${store.getSnapshot().status} → ${next.status}`,
      'reason' in next ? { reason: next.reason } : undefined,
    )
    store.setState(next)
  }
  const clearTimer = (name: keyof typeof timers) => {
    if (timers[name]) clearTimeout(timers[name])
    timers[name] = 0
  }
  const clearAllTimers = () => (Object.keys(timers) as (keyof typeof timers)[]).forEach(clearTimer)

  /** Forget the current socket without waiting for a close handshake a dead peer will never finish. */
  const dropSocket = (code = 1000, reason = '') => {
    const ws = socket
    socket = undefined
    socketOpened = false
    if (!ws) return
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null
    try {
      ws.close(code, reason)
    } catch {
      // Closing a socket that never opened can throw in some implementations; it is gone either way.
    }
  }

  const scheduleRetry = (reason: DisconnectReason) => {
    clearAllTimers()
    if (env?.isOnline() === false)
      return setState({ status: 'offline', reason: { kind: 'offline' } })
    const delay = backoffDelay(attempt, backoff, random)
    attempt += 1
    setState({ status: 'reconnecting', attempt, retryAt: now() + delay, reason })
    timers.retry = setTimeout(() => void attemptConnect(), delay)
  }

  const becomeUnauthorized = (reason: DisconnectReason) => {
    clearAllTimers()
    dropSocket()
    refusedToken = currentToken
    setState({ status: 'unauthorized', reason })
  }

  const markOpen = (userId?: string) => {
    clearTimer('connect')
    preOpenFailures = 0
    refusedToken = null
    setState({ status: 'open', since: now(), ...(userId !== undefined && { userId }) })
    timers.stable = setTimeout(() => (attempt = 0), stableAfterMs)
  }

  const heartbeatTick = () => {
    clearTimer('heartbeat')
    if (!socket || !socketOpened || !adapter.ping) return
    // Wall clock, not timer counts: a throttled background tab may fire this minutes late.
    const t = now()
    const silentForMs = t - lastReceivedAt
    if (silentForMs >= heartbeatMs + graceMs) {
      log.warn('connection: heartbeat timeout', { silentForMs })
      dropSocket(4000, 'heartbeat timeout')
      return scheduleRetry({ kind: 'heartbeat-timeout', silentForMs })
    }
    if (t - Math.max(lastPingAt, lastReceivedAt) >= heartbeatMs) {
      lastPingAt = t
      socket.send(adapter.ping(t))
    }
    const nextPing = Math.max(lastPingAt, lastReceivedAt) + heartbeatMs
    const deadline = lastReceivedAt + heartbeatMs + graceMs
    timers.heartbeat = setTimeout(heartbeatTick, Math.max(0, Math.min(nextPing, deadline) - t))
  }

  const handleEvents = (events: ProtocolEvent[]) => {
    for (const event of events) {
      if (event.type === 'ready' && store.getSnapshot().status === 'connecting') {
        markOpen(event.userId)
        if (event.heartbeatMs) {
          heartbeatMs = event.heartbeatMs
          heartbeatTick() // reschedule against the server's interval
        }
      } else if (event.type === 'protocol-error') {
        log.warn(`connection: ${event.error.message}`)
      }
    }
    for (const listener of [...eventListeners]) listener(events)
  }

  const handleClose = (code: number, reason: string, opened: boolean) => {
    dropSocket()
    if (adapter.classifyClose(code, reason) === 'auth') {
      return becomeUnauthorized({
        kind: 'auth',
        code,
        message: reason || 'The server refused the credentials',
      })
    }
    if (!opened && adapter.refusesAuthBeforeOpen && ++preOpenFailures >= preOpenLimit) {
      return becomeUnauthorized({
        kind: 'auth',
        code,
        message: `The handshake was refused ${preOpenFailures} times in a row`,
      })
    }
    scheduleRetry({ kind: 'close', code, reason })
  }

  async function attemptConnect(): Promise<void> {
    clearAllTimers()
    dropSocket()
    const gen = ++generation
    const resuming = store.getSnapshot().status === 'unauthorized'
    if (!resuming) setState({ status: 'connecting', attempt })
    let url: string
    let token: string | undefined
    try {
      url = typeof options.url === 'function' ? await options.url() : options.url
      token = await options.getToken?.()
    } catch (cause) {
      if (gen !== generation) return
      const error = new ParleyError('token-error', 'Could not get a URL or token to connect with', {
        cause,
      })
      return scheduleRetry({ kind: 'error', error })
    }
    if (gen !== generation) return
    // A refused token is not presented again: wait for the app to hand us a new one.
    if (refusedToken !== null && token === refusedToken) {
      if (resuming) return
      return becomeUnauthorized({
        kind: 'auth',
        message: 'The token was refused before and has not changed',
      })
    }
    if (resuming) setState({ status: 'connecting', attempt })
    currentToken = token
    const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: SocketConstructor }).WebSocket
    if (!Ctor) {
      const error = new ParleyError(
        'no-websocket',
        'No WebSocket implementation: pass `WebSocket` in the options',
      )
      return setState({ status: 'closed', reason: { kind: 'error', error } })
    }
    const ctx = { url, token }
    let ws: SocketLike
    try {
      ws = new Ctor(adapter.socketUrl(ctx))
    } catch (cause) {
      return scheduleRetry({
        kind: 'error',
        error: new ParleyError('socket-error', 'Could not create the socket', { cause }),
      })
    }
    socket = ws
    socketOpened = false
    log.debug(`connection: opening ${adapter.socketUrl(ctx)}`)
    timers.connect = setTimeout(() => {
      dropSocket()
      scheduleRetry({ kind: 'connect-timeout' })
    }, connectTimeoutMs)

    ws.onopen = () => {
      socketOpened = true
      lastReceivedAt = lastPingAt = now()
      for (const frame of adapter.openingFrames?.(ctx) ?? []) ws.send(frame)
      if (!adapter.awaitsReady) markOpen()
      heartbeatTick()
    }
    ws.onmessage = (event) => {
      lastReceivedAt = now()
      handleEvents(adapter.decode(event.data))
    }
    ws.onclose = (event) => handleClose(event.code, event.reason, socketOpened)
    ws.onerror = () => log.debug('connection: socket error')
  }

  // Browser signals: come back at once when the network or the tab does, stop trying while offline.
  const onOffline = () => {
    const { status } = store.getSnapshot()
    if (status === 'idle' || status === 'closed' || status === 'unauthorized') return
    clearAllTimers()
    dropSocket()
    setState({ status: 'offline', reason: { kind: 'offline' } })
  }
  const onWake = () => {
    const { status } = store.getSnapshot()
    if (status === 'offline' || status === 'reconnecting') {
      attempt = 0
      void attemptConnect()
    } else if (status === 'unauthorized') {
      void attemptConnect() // only proceeds if getToken now returns a different token
    } else if (status === 'open') {
      heartbeatTick()
    }
  }
  const onVisibility = () => {
    if (env?.isVisible() !== false) onWake()
  }
  const envListeners: [string, () => void][] = [
    ['offline', onOffline],
    ['online', onWake],
    ['pageshow', onWake],
    ['visibilitychange', onVisibility],
  ]
  const listen = (on: boolean) => {
    if (!env || listening === on) return
    listening = on
    for (const [type, listener] of envListeners) {
      if (on) env.addEventListener(type, listener)
      else env.removeEventListener(type, listener)
    }
  }

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    connect() {
      const { status } = store.getSnapshot()
      if (status === 'connecting' || status === 'open' || status === 'reconnecting') return
      listen(true)
      if (env?.isOnline() === false)
        return setState({ status: 'offline', reason: { kind: 'offline' } })
      void attemptConnect()
    },
    reconnect() {
      listen(true)
      attempt = 0
      preOpenFailures = 0
      refusedToken = null
      void attemptConnect()
    },
    close() {
      generation += 1
      clearAllTimers()
      dropSocket(1000, 'closed by app')
      listen(false)
      if (store.getSnapshot().status !== 'closed')
        setState({ status: 'closed', reason: { kind: 'app' } })
    },
    send(frame) {
      if (store.getSnapshot().status !== 'open' || socket?.readyState !== OPEN) return false
      socket.send(frame)
      return true
    },
    onEvents(listener) {
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    },
  }
}
