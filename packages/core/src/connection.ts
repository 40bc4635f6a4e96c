import { backoffDelay, defaultBackoff, pollDelay, type BackoffOptions } from './backoff'
import type { ConnectionState, DisconnectReason } from './connection-state'
import { browserEnvironment, type ConnectionEnvironment } from './environment'
import { ParleyError } from './errors'
import { redactingLogger, silentLogger, type Logger } from './logger'
import type { ConnectContext, ProtocolAdapter, ProtocolEvent } from './protocol'
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
  /**
   * For `refusesAuthBeforeOpen` dialects: after this many failures in a row before `open` with the
   * same token (default 3), ask the adapter's `checkAuth`; without one, keep retrying and flag the
   * state `authSuspected`. Failures alone never mean `unauthorized`: an outage looks the same.
   */
  preOpenFailuresBeforeAuth?: number
  /** While `unauthorized`, ask `getToken()` for a new token after this long (default 1 s)… */
  tokenPollMs?: number
  /** …doubling up to this (default 30 s). */
  tokenPollMaxMs?: number
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
  const now = options.now ?? (() => Date.now()) // late-bound, so fake clocks installed later count
  const backoff = { ...defaultBackoff, ...options.backoff }
  const graceMs = options.heartbeatGraceMs ?? 10_000
  const env =
    options.environment === undefined ? browserEnvironment() : (options.environment ?? undefined)

  const store = createStore<ConnectionState>({ status: 'idle' })
  const status = () => store.getSnapshot().status
  const is = (...statuses: ConnectionState['status'][]) => statuses.includes(status())
  const eventListeners = new Set<(events: ProtocolEvent[]) => void>()
  let currentToken: string | undefined
  const log = redactingLogger(options.logger ?? silentLogger, () => [currentToken ?? ''])

  let socket: SocketLike | undefined
  let socketOpened = false
  /** Bumped whenever pending async work (a token fetch) must be ignored. */
  let generation = 0
  let attempt = 0
  let openedAt = 0
  /** Failures before open, in a row, with the token last presented (`currentToken`). */
  let preOpenFailures = 0
  const preOpenFailuresBeforeAuth = Math.max(1, options.preOpenFailuresBeforeAuth ?? 3)
  /** Those failures reached the threshold and no `checkAuth` could tell a 403 from an outage. */
  let authSuspected = false
  /** How many times `unauthorized` asked `getToken()` for a new token so far. */
  let tokenPolls = 0
  /** What the last attempt presented: the question `checkAuth` is asked about. */
  let lastContext: ConnectContext | undefined
  /** The token the server refused; we will not present it again. `null`: none refused. */
  let refusedToken: string | undefined | null = null
  let heartbeatMs = options.heartbeatIntervalMs ?? 25_000
  let lastReceivedAt = 0
  let lastPingAt = 0
  /** One timer for "retry at" or "give up connecting at" (never both), one for the heartbeat. */
  let attemptTimer: ReturnType<typeof setTimeout> | undefined
  let heartbeatTimer: ReturnType<typeof setTimeout> | undefined
  let listening = false

  const setState = (next: ConnectionState) => {
    log.debug(
      `connection: ${status()} → ${next.status} ${JSON.stringify('reason' in next ? next.reason : '')}`,
    )
    store.setState(next)
  }
  const clearTimers = () => {
    clearTimeout(attemptTimer)
    clearTimeout(heartbeatTimer)
  }

  /** Forget the current socket without waiting for a close handshake a dead peer will never finish. */
  const dropSocket = () => {
    const ws = socket
    socket = undefined
    socketOpened = false
    if (!ws) return
    // The no-op onerror stays: `ws` throws when a socket closed while connecting has no error listener.
    ws.onopen = ws.onmessage = ws.onclose = null
    try {
      ws.close()
    } catch {
      // Some implementations throw when closing a socket that never opened; it is gone either way.
    }
  }
  const offline = () => setState({ status: 'offline', reason: { kind: 'offline' } })
  const suspicion = () => (authSuspected ? { authSuspected: true as const } : {})

  /**
   * Back off, then try again. With `verify`, the retry waits for it instead of a timer: `verify`
   * receives the time the retry is due and schedules it (or ends `unauthorized`).
   */
  const scheduleRetry = (reason: DisconnectReason, verify?: (retryAt: number) => void) => {
    clearTimers()
    // Only a connection that stayed up a while earns a fresh start; a flapping one keeps backing off.
    if (openedAt && now() - openedAt >= (options.stableAfterMs ?? 5_000)) attempt = 0
    openedAt = 0
    if (env?.isOnline() === false) return offline()
    const delay = backoffDelay(attempt++, backoff, options.random)
    const retryAt = now() + delay
    setState({ status: 'reconnecting', attempt, retryAt, reason, ...suspicion() })
    if (verify) return verify(retryAt)
    attemptTimer = setTimeout(attemptConnect, delay)
  }

  const becomeUnauthorized = (code: number | undefined, message: string) => {
    clearTimers()
    dropSocket()
    refusedToken = currentToken
    preOpenFailures = tokenPolls = 0
    authSuspected = false
    setState({
      status: 'unauthorized',
      reason: { kind: 'auth', ...(code !== undefined && { code }), message },
    })
    pollForToken()
  }

  /** `unauthorized` looks for a refreshed token itself: PROTOCOL.md promises the app need not help. */
  const pollForToken = () => {
    clearTimeout(attemptTimer)
    if (!options.getToken) return // the token is always undefined: nothing can change
    const delay = pollDelay(
      tokenPolls++,
      { baseMs: options.tokenPollMs ?? 1_000, capMs: options.tokenPollMaxMs ?? 30_000 },
      options.random,
    )
    attemptTimer = setTimeout(attemptConnect, delay)
  }

  /**
   * A `verify` for `scheduleRetry`: ask `checkAuth` about the token the server keeps refusing.
   * Refused → `unauthorized`; valid, unknown or no answer within the connect timeout → the retry.
   */
  const verifyWithCheckAuth =
    (check: NonNullable<ProtocolAdapter['checkAuth']>, ctx: ConnectContext, code: number) =>
    (retryAt: number) => {
      const gen = generation
      let settled = false
      const settle = (valid: boolean | undefined) => {
        if (settled || gen !== generation) return // closed, offline or retried meanwhile
        settled = true
        clearTimeout(attemptTimer)
        log.debug(`connection: checkAuth answered ${valid ?? 'nothing (outage)'}`)
        if (valid === false) return becomeUnauthorized(code, 'The server refused the token')
        const wait = retryAt - now()
        if (wait <= 0) return void attemptConnect()
        attemptTimer = setTimeout(attemptConnect, wait)
      }
      attemptTimer = setTimeout(() => settle(undefined), options.connectTimeoutMs ?? 5_000)
      void askCheckAuth(check, ctx).then(settle)
    }

  const markOpen = (userId?: string) => {
    clearTimeout(attemptTimer)
    preOpenFailures = 0
    authSuspected = false
    refusedToken = null
    openedAt = now()
    setState({ status: 'open', since: openedAt, ...(userId !== undefined && { userId }) })
  }

  const heartbeatTick = () => {
    clearTimeout(heartbeatTimer)
    if (!socket || !socketOpened || !adapter.ping) return
    // Wall clock, not timer counts: a throttled background tab may fire this minutes late.
    const t = now()
    const silentForMs = t - lastReceivedAt
    if (silentForMs >= heartbeatMs + graceMs) {
      dropSocket()
      return scheduleRetry({ kind: 'heartbeat-timeout', silentForMs })
    }
    if (t - Math.max(lastPingAt, lastReceivedAt) >= heartbeatMs) {
      lastPingAt = t
      socket.send(adapter.ping(t))
    }
    const nextPing = Math.max(lastPingAt, lastReceivedAt) + heartbeatMs
    heartbeatTimer = setTimeout(
      heartbeatTick,
      Math.min(nextPing, lastReceivedAt + heartbeatMs + graceMs) - t,
    )
  }

  const handleEvents = (events: ProtocolEvent[]) => {
    for (const event of events) {
      if (event.type === 'ready' && status() === 'connecting') {
        markOpen(event.userId)
        heartbeatMs = event.heartbeatMs ?? heartbeatMs
        heartbeatTick() // rescheduled against the server's interval
      }
    }
    for (const listener of [...eventListeners]) listener(events)
  }

  const handleClose = (code: number, reason: string, opened: boolean) => {
    dropSocket()
    if (adapter.classifyClose(code, reason) === 'auth') {
      return becomeUnauthorized(code, reason || 'Credentials refused')
    }
    const closed: DisconnectReason = { kind: 'close', code, reason }
    if (
      opened ||
      !adapter.refusesAuthBeforeOpen ||
      ++preOpenFailures % preOpenFailuresBeforeAuth !== 0
    ) {
      return scheduleRetry(closed)
    }
    // N handshakes in a row with this token failed before open: a 403, or simply an outage?
    const check = adapter.checkAuth?.bind(adapter)
    if (!check || !lastContext) {
      authSuspected = true // nobody can tell: keep trying, and let the UI say why it may fail
      return scheduleRetry(closed)
    }
    scheduleRetry(closed, verifyWithCheckAuth(check, lastContext, code))
  }

  async function attemptConnect(): Promise<void> {
    clearTimers()
    dropSocket()
    const gen = ++generation
    // From unauthorized (a token poll or a wake-up), stay there until a token not refused turns up.
    const resuming = status() === 'unauthorized'
    if (!resuming) setState({ status: 'connecting', attempt, ...suspicion() })
    let url: string
    let token: string | undefined
    try {
      url = typeof options.url === 'function' ? await options.url() : options.url
      token = await options.getToken?.()
    } catch (cause) {
      if (gen !== generation) return
      if (resuming) return pollForToken()
      return scheduleRetry({
        kind: 'error',
        error: new ParleyError('token-error', 'Could not get a URL or token', { cause }),
      })
    }
    if (gen !== generation) return
    // A refused token is not presented again: wait for the app to hand us a new one.
    if (refusedToken !== null && token === refusedToken) {
      return resuming ? pollForToken() : becomeUnauthorized(undefined, 'Refused token unchanged')
    }
    // The network went while we waited for the url or token: `online` will start a fresh attempt.
    if (env?.isOnline() === false) return offline()
    if (token !== currentToken) {
      // The suspicion was about the previous token; this one starts with a clean slate.
      preOpenFailures = 0
      if (authSuspected && !resuming) setState({ status: 'connecting', attempt })
      authSuspected = false
    }
    if (resuming) setState({ status: 'connecting', attempt })
    currentToken = token
    const ctx = { url, token }
    lastContext = ctx
    let ws: SocketLike
    try {
      // Looked up now, not at import: MSW and polyfills install theirs later.
      const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: SocketConstructor }).WebSocket
      ws = new Ctor!(adapter.socketUrl(ctx))
    } catch (cause) {
      const error = new ParleyError('socket-error', 'Could not create a WebSocket', { cause })
      return scheduleRetry({ kind: 'error', error })
    }
    socket = ws
    attemptTimer = setTimeout(() => {
      dropSocket()
      scheduleRetry({ kind: 'connect-timeout' })
    }, options.connectTimeoutMs ?? 5_000)

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
    // The close event that follows carries what matters; a listener keeps EventEmitter-based sockets (ws) from throwing.
    ws.onerror = () => {}
  }

  // Browser signals: come back at once when the network or the tab does, stop trying while offline.
  const onOffline = () => {
    if (is('idle', 'closed', 'unauthorized')) return
    generation += 1 // a url or token still being fetched must not open a socket now
    clearTimers()
    dropSocket()
    offline()
  }
  const onWake = () => {
    if (status() === 'open') return heartbeatTick()
    if (is('offline', 'reconnecting')) attempt = 0
    // From unauthorized this only proceeds if getToken now returns a different token.
    if (is('offline', 'reconnecting', 'unauthorized')) void attemptConnect()
  }
  const envListeners: Record<string, () => void> = {
    offline: onOffline,
    online: onWake,
    pageshow: onWake,
    visibilitychange: () => env?.isVisible() !== false && onWake(),
  }
  const listen = (on: boolean) => {
    if (!env || listening === on) return
    listening = on
    for (const [type, listener] of Object.entries(envListeners)) {
      if (on) env.addEventListener(type, listener)
      else env.removeEventListener(type, listener)
    }
  }

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    connect() {
      if (is('connecting', 'open', 'reconnecting')) return
      listen(true)
      if (env?.isOnline() === false) return offline()
      void attemptConnect()
    },
    reconnect() {
      listen(true)
      attempt = preOpenFailures = 0
      authSuspected = false
      refusedToken = null
      void attemptConnect()
    },
    close() {
      generation += 1
      clearTimers()
      dropSocket()
      listen(false)
      if (status() !== 'closed') setState({ status: 'closed', reason: { kind: 'app' } })
    },
    send(frame) {
      if (status() !== 'open' || socket?.readyState !== OPEN) return false
      socket.send(frame)
      return true
    },
    onEvents(listener) {
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    },
  }
}

/** `checkAuth`'s answer: true valid, false refused, undefined unknown (rejected, threw, or odd). */
function askCheckAuth(
  check: NonNullable<ProtocolAdapter['checkAuth']>,
  ctx: ConnectContext,
): Promise<boolean | undefined> {
  return new Promise<boolean>((resolve) => resolve(check(ctx))).then(
    (valid) => (typeof valid === 'boolean' ? valid : undefined),
    () => undefined,
  )
}
