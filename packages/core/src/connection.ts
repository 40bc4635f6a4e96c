import { backoffDelay, defaultBackoff, pollDelay, type BackoffOptions } from './backoff'
import type { ConnectionState, DisconnectReason } from './connection-state'
import { browserEnvironment, environmentSignals, type ConnectionEnvironment } from './environment'
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
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000
  const env =
    options.environment === undefined ? browserEnvironment() : (options.environment ?? undefined)

  const store = createStore<ConnectionState>({ status: 'idle' })
  const status = () => store.getSnapshot().status
  const is = (...statuses: ConnectionState['status'][]) => statuses.includes(status())
  const eventListeners = new Set<(events: ProtocolEvent[]) => void>()
  const tokens = createTokenWatch(options)
  const log = redactingLogger(options.logger ?? silentLogger, () => [tokens.context?.token ?? ''])

  let socket: SocketLike | undefined
  let socketOpened = false
  /** Bumped whenever pending async work (a token fetch, a `checkAuth`) must be ignored. */
  let generation = 0
  let attempt = 0
  let openedAt = 0
  /** One timer for "retry at", "give up connecting at", "give up on checkAuth" or "poll getToken". */
  let attemptTimer: ReturnType<typeof setTimeout> | undefined
  const heartbeat = createHeartbeat({
    now,
    intervalMs: options.heartbeatIntervalMs ?? 25_000,
    graceMs: options.heartbeatGraceMs ?? 10_000,
    ping: adapter.ping?.bind(adapter),
    send: (frame) => socket?.send(frame),
    onSilence: (silentForMs) => {
      dropSocket()
      scheduleRetry({ kind: 'heartbeat-timeout', silentForMs })
    },
  })

  const setState = (next: ConnectionState) => {
    log.debug(
      `connection: ${status()} → ${next.status} ${JSON.stringify('reason' in next ? next.reason : '')}`,
    )
    store.setState(next)
  }
  const clearTimers = () => {
    clearTimeout(attemptTimer)
    heartbeat.stop()
  }

  /** Forget the current socket without waiting for a close handshake a dead peer will never finish. */
  const dropSocket = () => {
    const ws = socket
    socket = undefined
    socketOpened = false
    heartbeat.stop()
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
  const suspicion = () => (tokens.suspected ? { authSuspected: true as const } : {})

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
    tokens.refuse()
    setState({
      status: 'unauthorized',
      reason: { kind: 'auth', ...(code !== undefined && { code }), message },
    })
    pollForToken()
  }

  /** `unauthorized` looks for a refreshed token itself: PROTOCOL.md promises the app need not help. */
  const pollForToken = () => {
    clearTimeout(attemptTimer)
    const delay = tokens.nextPollDelay()
    if (delay !== undefined) attemptTimer = setTimeout(attemptConnect, delay)
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
      attemptTimer = setTimeout(() => settle(undefined), connectTimeoutMs)
      void askCheckAuth(check, ctx).then(settle)
    }

  const markOpen = (userId?: string) => {
    clearTimeout(attemptTimer)
    tokens.opened()
    openedAt = now()
    setState({ status: 'open', since: openedAt, ...(userId !== undefined && { userId }) })
  }

  const handleEvents = (events: ProtocolEvent[]) => {
    for (const event of events) {
      if (event.type === 'ready' && status() === 'connecting') {
        markOpen(event.userId)
        heartbeat.setInterval(event.heartbeatMs) // rescheduled against the server's interval
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
    if (opened || !adapter.refusesAuthBeforeOpen || !tokens.failedBeforeOpen()) {
      return scheduleRetry(closed)
    }
    // N handshakes in a row with this token failed before open: a 403, or simply an outage?
    const check = adapter.checkAuth?.bind(adapter)
    if (!check || !tokens.context) {
      tokens.suspect() // nobody can tell: keep trying, and let the UI say why it may fail
      return scheduleRetry(closed)
    }
    scheduleRetry(closed, verifyWithCheckAuth(check, tokens.context, code))
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
    if (tokens.isRefused(token)) {
      return resuming ? pollForToken() : becomeUnauthorized(undefined, 'Refused token unchanged')
    }
    // The network went while we waited for the url or token: `online` will start a fresh attempt.
    if (env?.isOnline() === false) return offline()
    const wasSuspected = tokens.suspected
    const ctx = tokens.present({ url, token })
    // A new token clears a suspicion that was about the previous one.
    if (resuming || (wasSuspected && !tokens.suspected)) setState({ status: 'connecting', attempt })
    openSocket(ctx)
  }

  function openSocket(ctx: ConnectContext) {
    let ws: SocketLike
    try {
      // Looked up now, not at import: MSW and polyfills install theirs later.
      const Ctor =
        options.WebSocket ??
        adapter.WebSocket ??
        (globalThis as { WebSocket?: SocketConstructor }).WebSocket
      ws = new Ctor!(adapter.socketUrl(ctx))
    } catch (cause) {
      const error = new ParleyError('socket-error', 'Could not create a WebSocket', { cause })
      return scheduleRetry({ kind: 'error', error })
    }
    socket = ws
    attemptTimer = setTimeout(() => {
      dropSocket()
      scheduleRetry({ kind: 'connect-timeout' })
    }, connectTimeoutMs)

    ws.onopen = () => {
      socketOpened = true
      for (const frame of adapter.openingFrames?.(ctx) ?? []) ws.send(frame)
      if (!adapter.awaitsReady) markOpen()
      heartbeat.start()
    }
    ws.onmessage = (event) => {
      heartbeat.received()
      handleEvents(adapter.decode(event.data))
    }
    ws.onclose = (event) => handleClose(event.code, event.reason, socketOpened)
    // The close event that follows carries what matters; a listener keeps EventEmitter-based sockets (ws) from throwing.
    ws.onerror = () => {}
  }

  // Browser signals: come back at once when the network or the tab does, stop trying while offline.
  const listen = environmentSignals(env, {
    offline() {
      if (is('idle', 'closed', 'unauthorized')) return
      generation += 1 // a url or token still being fetched must not open a socket now
      clearTimers()
      dropSocket()
      offline()
    },
    wake() {
      if (status() === 'open') return heartbeat.check()
      if (is('offline', 'reconnecting')) attempt = 0
      // From unauthorized this only proceeds if getToken now returns a different token.
      if (is('offline', 'reconnecting', 'unauthorized')) void attemptConnect()
    },
  })

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
      attempt = 0
      tokens.forgive()
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

/**
 * What the connection knows about its token: the one last presented, the one the server refused
 * (never presented again), and how many handshakes in a row with it failed before open. A browser
 * cannot tell a 403 from an outage, so those failures only ever raise a question (`checkAuth`) or a
 * flag for the UI (`suspected`); they never mean `unauthorized` by themselves.
 */
function createTokenWatch(options: ConnectionOptions) {
  const threshold = Math.max(1, options.preOpenFailuresBeforeAuth ?? 3)
  const poll = { baseMs: options.tokenPollMs ?? 1_000, capMs: options.tokenPollMaxMs ?? 30_000 }
  let context: ConnectContext | undefined
  /** `null`: none refused (a refused token may itself be `undefined`). */
  let refused: string | undefined | null = null
  let failures = 0
  let suspected = false
  let polls = 0
  return {
    /** What the last attempt presented: what `checkAuth` is asked about. */
    get context() {
      return context
    },
    /** N failures in a row and nobody could say whether the token is the reason. */
    get suspected() {
      return suspected
    },
    isRefused: (token: string | undefined) => refused !== null && token === refused,
    /** An attempt presents this url and token; a token other than the last starts a clean count. */
    present(next: ConnectContext): ConnectContext {
      if (next.token !== context?.token) {
        failures = 0
        suspected = false
      }
      context = next
      return next
    },
    /** A handshake failed before open; true every `threshold` failures in a row with one token. */
    failedBeforeOpen: () => ++failures % threshold === 0,
    suspect: () => void (suspected = true),
    opened() {
      failures = 0
      suspected = false
      refused = null
    },
    /** The server refused the presented token: never present it again, and start polling. */
    refuse() {
      refused = context?.token
      failures = polls = 0
      suspected = false
    },
    /** The app asked to retry (`reconnect()`): even a refused token gets another chance. */
    forgive() {
      failures = 0
      suspected = false
      refused = null
    },
    /** How long until `getToken()` is asked again while `unauthorized`; undefined: never. */
    nextPollDelay: () => (options.getToken ? pollDelay(polls++, poll, options.random) : undefined),
  }
}

/**
 * Pings after `intervalMs` of quiet, and reports the peer dead after `intervalMs + graceMs` of
 * silence. Deadlines use the wall clock, not timer counts: a throttled background tab may fire a
 * timer minutes late. Without a `ping` (a dialect without ping/pong) it does nothing.
 */
function createHeartbeat(o: {
  now: () => number
  intervalMs: number
  graceMs: number
  ping: ((now: number) => string) | undefined
  send: (frame: string) => void
  onSilence: (silentForMs: number) => void
}) {
  let intervalMs = o.intervalMs
  let running = false
  let lastReceivedAt = 0
  let lastPingAt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const check = () => {
    clearTimeout(timer)
    if (!running || !o.ping) return
    const t = o.now()
    const silentForMs = t - lastReceivedAt
    if (silentForMs >= intervalMs + o.graceMs) {
      running = false
      return o.onSilence(silentForMs)
    }
    if (t - Math.max(lastPingAt, lastReceivedAt) >= intervalMs) {
      lastPingAt = t
      o.send(o.ping(t))
    }
    const nextPing = Math.max(lastPingAt, lastReceivedAt) + intervalMs
    timer = setTimeout(check, Math.min(nextPing, lastReceivedAt + intervalMs + o.graceMs) - t)
  }
  return {
    /** The socket opened: silence is measured from now. */
    start() {
      running = true
      lastReceivedAt = lastPingAt = o.now()
      check()
    },
    stop() {
      running = false
      clearTimeout(timer)
    },
    received: () => void (lastReceivedAt = o.now()),
    /** The server announced its interval (kept for later connections too). */
    setInterval(ms: number | undefined) {
      intervalMs = ms ?? intervalMs
      check()
    },
    /** Look again at once (the tab woke up: timers may have slept). */
    check,
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
