import { NativeCloseCode } from '@parley/core/native'
import { ws, type WebSocketHandler, type WebSocketLink } from 'msw'
import { acceptNativeConnection, type FaultState, type LiveSession } from './native-server'
import { parseScenario, type LatencySettings, type Scenario, type ScenarioEvent } from './scenario'
import { createSessionModel, seededUsers, type MockUser, type SessionModel } from './session-model'

export interface MockBackendOptions {
  /** The socket URL to intercept, e.g. `wss://parley.test/native` (any `ws.link` pattern). */
  url: string
  users?: readonly MockUser[]
  /** Announced in `welcome`; the client pings this often. */
  heartbeatMs?: number
  /** A socket that has not sent its auth frame after this long is closed with 4408. */
  authTimeoutMs?: number
  /** Played as soon as the backend exists (a parse error throws `ScenarioError`). */
  scenario?: Scenario | string
  /** Source of jitter; inject a fixed one for reproducible runs. */
  random?: () => number
}

/** Faults a test, a story or a QA button can cause. Every call takes effect at once. */
export interface MockControls {
  /** Close every live socket, as a server restart would. Returns how many were closed. */
  disconnectAll(code?: number, reason?: string): number
  /** Drop every live socket and refuse new ones for `ms`; afterwards connections succeed again. */
  outage(ms: number): void
  /** Replace the per-frame delays; `latency()` removes them. */
  latency(settings?: Partial<LatencySettings>): void
  /** While on, every auth frame is answered with close 4401, whatever the token. */
  refuseAuth(on: boolean): void
  /** Invalidate a token and close its live sessions with 4401. False if it was not valid. */
  expireToken(token: string): boolean
  /** While on, the server hears nothing and says nothing, pongs included: a half-open peer. */
  silence(on: boolean): void
  /** Apply a scenario's latency now and schedule its events. Returns a function that cancels them. */
  play(scenario: Scenario | string): () => void
  /** Turn every fault off and cancel scheduled events; live sessions stay connected. */
  reset(): void
  /** The switches as they are now (a copy), for a QA panel to show. */
  faults(): Readonly<FaultState>
  /** Who is connected right now (authenticated or still handshaking). */
  sessions(): readonly Pick<LiveSession, 'id' | 'userId' | 'token'>[]
}

export interface MockBackend {
  /** Pass to `setupServer(...)` / `setupWorker(...)`. */
  handlers: WebSocketHandler[]
  controls: MockControls
  model: SessionModel
  /** Cancel every timer, close live sessions with 1001 and refuse new ones; for teardown. */
  dispose(): void
}

const noLatency = (): LatencySettings => ({ toClientMs: 0, toServerMs: 0, jitterMs: 0 })

/**
 * Every `ws.link()` adds a listener to a BroadcastChannel MSW shares across the page and never
 * removes it, so a link per backend would leak one per test or story. Links hold no state of
 * ours (each backend still gets its own handler), so instances may share one per URL.
 */
const links = new Map<string, WebSocketLink>()
const linkFor = (url: string) => links.get(url) ?? links.set(url, ws.link(url)).get(url)!

/** A fresh, independent server: tests, stories and the demo each create their own. */
export function createMockBackend(options: MockBackendOptions): MockBackend {
  const model = createSessionModel(options.users ?? seededUsers)
  const faults: FaultState = {
    outageUntil: 0,
    latency: noLatency(),
    refuseAuth: false,
    silent: false,
  }
  const sessions = new Set<LiveSession>()
  const scheduled = new Set<ReturnType<typeof setTimeout>>()
  const context = {
    model,
    faults,
    sessions,
    heartbeatMs: options.heartbeatMs ?? 25_000,
    authTimeoutMs: options.authTimeoutMs ?? 10_000,
    random: options.random ?? Math.random,
  }

  const closeWhere = (match: (session: LiveSession) => boolean, code: number, reason: string) => {
    const doomed = [...sessions].filter(match)
    for (const session of doomed) session.close(code, reason)
    return doomed.length
  }
  const stopListening = model.onTokenInvalidated((token, rejection) =>
    closeWhere(
      (session) => session.token === token,
      NativeCloseCode.Unauthorized,
      `token ${rejection}`,
    ),
  )
  const schedule = (atMs: number, run: () => void) => {
    const timer = setTimeout(() => (scheduled.delete(timer), run()), atMs)
    scheduled.add(timer)
    return timer
  }
  /** A switch that turns itself off again after `forMs`, when given. */
  const toggleFor = (set: (on: boolean) => void, forMs: number | undefined) => {
    set(true)
    if (forMs !== undefined) schedule(forMs, () => set(false))
  }

  const controls: MockControls = {
    disconnectAll: (code = 1012, reason = 'service restart') =>
      closeWhere(() => true, code, reason),
    outage(ms) {
      faults.outageUntil = Date.now() + ms
      closeWhere(() => true, 1006, '')
    },
    latency(settings = {}) {
      faults.latency = { ...noLatency(), ...settings }
    },
    refuseAuth: (on) => void (faults.refuseAuth = on),
    expireToken: (token) => model.expireToken(token),
    silence: (on) => void (faults.silent = on),
    play(input) {
      const scenario = typeof input === 'string' ? parseScenario(input) : input
      controls.latency(scenario.latency)
      // Events "at start" run now, not on the next tick: a connection opened right after `play`
      // must already meet the outage. Cancelling stops later events; faults already on stay on.
      const timers = scenario.events.flatMap((event) =>
        event.atMs > 0 ? [schedule(event.atMs, () => runEvent(event))] : (runEvent(event), []),
      )
      return () => timers.forEach((timer) => (clearTimeout(timer), scheduled.delete(timer)))
    },
    reset() {
      scheduled.forEach(clearTimeout)
      scheduled.clear()
      Object.assign(faults, {
        outageUntil: 0,
        latency: noLatency(),
        refuseAuth: false,
        silent: false,
      })
    },
    faults: () => ({ ...faults, latency: { ...faults.latency } }),
    sessions: () => [...sessions].map(({ id, userId, token }) => ({ id, userId, token })),
  }

  function runEvent(event: ScenarioEvent): void {
    switch (event.action) {
      case 'outage':
        return controls.outage(event.forMs)
      case 'silence':
        return toggleFor(controls.silence, event.forMs)
      case 'refuse-auth':
        return toggleFor(controls.refuseAuth, event.forMs)
      case 'disconnect':
        return void controls.disconnectAll(event.code)
      case 'expire-tokens':
        for (const { token } of [...sessions]) if (token !== undefined) model.expireToken(token)
    }
  }

  const handler = linkFor(options.url).addEventListener('connection', ({ client }) =>
    acceptNativeConnection(client, context),
  )
  if (options.scenario !== undefined) controls.play(options.scenario)

  return {
    handlers: [handler],
    controls,
    model,
    dispose() {
      controls.reset()
      stopListening()
      // A stopped server refuses whoever still reaches its handler (if it was not unregistered).
      faults.outageUntil = Infinity
      closeWhere(() => true, 1001, 'server shutting down')
    },
  }
}
