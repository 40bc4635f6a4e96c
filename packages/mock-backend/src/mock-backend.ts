import { NativeCloseCode } from '@parley/core/native'
import { ws, type HttpHandler, type WebSocketHandler, type WebSocketLink } from 'msw'
import {
  createChatModel,
  type ChatEvent,
  type ChatModel,
  type ConversationSeed,
} from './chat-model'
import {
  acceptNativeConnection,
  type FaultState,
  type LiveSession,
  type MockSocketClient,
} from './native-server'
import { seededRandom } from './prng'
import { restHandlers } from './rest'
import { createSalonBackend } from './salon/backend'
import type { SalonQuirks } from './salon/context'
import type { SalonIds } from './salon/ids'
import type { SalonSocketClient } from './salon/server'
import {
  parseScenario,
  type FrameFaultRates,
  type LatencySettings,
  type RestFault,
  type Scenario,
  type ScenarioEvent,
} from './scenario'
import { seedConversations, seededUsers, type SeedOptions } from './seed'
import type { MockUser } from './session-model'
import { startSimulation, type Simulation, type SimulationOptions } from './simulation'
import { defaultUploadTypes } from './uploads'

export interface MockBackendOptions extends SeedOptions {
  /**
   * The wire the server speaks: Parley's native protocol (default), or Salon's (seed 004), whose
   * `url` and `apiUrl` are the server's origins (`wss://salon.test`, `https://salon.test`).
   */
  dialect?: 'native' | 'salon'
  /** The socket URL to intercept, e.g. `wss://parley.test/native` (any `ws.link` pattern). */
  url: string
  /** Salon only: the real server's misbehaviours to turn on or off (see `SalonQuirks`). */
  salonQuirks?: Partial<SalonQuirks>
  /** Base of the REST API to serve, e.g. `https://parley.test/api` or `/api`; none without it. */
  apiUrl?: string
  /** Replace the seeded people (conversations then default to none). */
  users?: readonly MockUser[]
  /** Replace the seeded conversations. */
  conversations?: readonly ConversationSeed[]
  /** Play the other participants (replies, typing, receipts, presence). Off by default, for tests. */
  simulate?: boolean | SimulationOptions
  /** Longest message body accepted (default 4,000 characters). */
  maxMessageLength?: number
  /** Largest upload accepted (default 5 MB); larger ones get 413. */
  maxUploadBytes?: number
  /** MIME types uploads may have; others get 415. */
  uploadTypes?: readonly string[]
  /** Conversations per page of `GET /conversations` (default 20). */
  conversationPageSize?: number
  /** Announced in `welcome`; the client pings this often. */
  heartbeatMs?: number
  /** A socket that has not sent its auth frame after this long is closed with 4408. */
  authTimeoutMs?: number
  /** Played as soon as the backend exists (a parse error throws `ScenarioError`). */
  scenario?: Scenario | string
  /** Source of jitter, frame faults and simulated replies; seeded from `seed` by default. */
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
  /** Drop, duplicate or reorder a fraction of frames per direction; `frames()` stops it. */
  frames(settings?: {
    toClient?: Partial<FrameFaultRates>
    toServer?: Partial<FrameFaultRates>
  }): void
  /** Slow (`delayMs`) or failing (`failRate`, answered 503) uploads; `uploads()` heals them. */
  uploads(fault?: Partial<RestFault>): void
  /** Slow or failing history pages; `history()` heals them. */
  history(fault?: Partial<RestFault>): void
  /** Salon only: switch the real server's misbehaviours on or off (the native dialect has none). */
  quirks(change: Partial<SalonQuirks>): void
  /** Start or stop playing the other participants. */
  simulate(on: boolean | SimulationOptions): void
  /** Apply a scenario's latency now and schedule its events. Returns a function that cancels them. */
  play(scenario: Scenario | string): () => void
  /** Turn every fault off and cancel scheduled events; live sessions stay connected. */
  reset(): void
  /** The switches as they are now (a copy), for a QA panel to show. */
  faults(): Readonly<FaultState>
  /** Who is connected right now (authenticated or still handshaking), and what they joined. */
  sessions(): readonly (Pick<LiveSession, 'id' | 'userId' | 'token'> & { joined: string[] })[]
}

export interface MockBackend {
  /** Pass to `setupServer(...)` / `setupWorker(...)`: the socket handler, then the REST ones. */
  handlers: (WebSocketHandler | HttpHandler)[]
  readonly dialect: 'native' | 'salon'
  readonly url: string
  /** The socket URLs intercepted (`ws.link` patterns): `url` itself, or Salon's two paths. */
  readonly socketUrls: readonly string[]
  readonly apiUrl: string | undefined
  /** Serve one more socket, wherever it comes from: how another tab's sockets reach this server.
   * Salon reads the token and role from the socket's `url`. */
  connect(client: MockSocketClient & { url?: URL | string }): void
  /** Salon only: its integer ids for the model's people, chats and messages, and its quirks. */
  salon?: { ids: SalonIds; quirks(): Readonly<SalonQuirks> }
  controls: MockControls
  /** Users, tokens, conversations and messages: read it, or change it as a user would. */
  model: ChatModel
  /** Told the switches (a copy) on every change, also one by a scenario event or a timer. */
  onFaultsChanged(listener: (faults: Readonly<FaultState>) => void): () => void
  /** Cancel every timer, close live sessions with 1001 and refuse new ones; for teardown. */
  dispose(): void
}

const noLatency = (): LatencySettings => ({ toClientMs: 0, toServerMs: 0, jitterMs: 0 })
const noFrames = (): FrameFaultRates => ({ drop: 0, duplicate: 0, reorder: 0 })
const noRestFault = (): RestFault => ({ delayMs: 0, failRate: 0 })
const healthy = (): FaultState => ({
  outageUntil: 0,
  latency: noLatency(),
  refuseAuth: false,
  silent: false,
  frames: { toClient: noFrames(), toServer: noFrames() },
  uploads: noRestFault(),
  history: noRestFault(),
})

/**
 * Every `ws.link()` adds a listener to a BroadcastChannel MSW shares across the page and never
 * removes it, so a link per backend would leak one per test or story. Links hold no state of
 * ours (each backend still gets its own handler), so instances may share one per URL.
 */
const links = new Map<string, WebSocketLink>()
const linkFor = (url: string) => links.get(url) ?? links.set(url, ws.link(url)).get(url)!

/** A fresh, independent server: tests, stories and the demo each create their own. */
export function createMockBackend(options: MockBackendOptions): MockBackend {
  const model = createChatModel({
    users: options.users ?? seededUsers,
    conversations: options.conversations ?? (options.users ? [] : seedConversations(options)),
    ...(options.maxMessageLength !== undefined && { maxMessageLength: options.maxMessageLength }),
  })
  const faults = healthy()
  const faultListeners = new Set<(faults: Readonly<FaultState>) => void>()
  const sessions = new Set<LiveSession>()
  const scheduled = new Set<ReturnType<typeof setTimeout>>()
  const random = options.random ?? seededRandom(options.seed ?? 1)
  const context = {
    model,
    faults,
    sessions,
    heartbeatMs: options.heartbeatMs ?? 25_000,
    authTimeoutMs: options.authTimeoutMs ?? 10_000,
    random,
  }
  const isLive = (userId: string) => [...sessions].some((session) => session.userId === userId)
  let simulation: Simulation | undefined
  const dialect = options.dialect ?? 'native'
  const salon =
    dialect === 'salon'
      ? createSalonBackend({
          model,
          faults,
          sessions,
          random,
          url: options.url,
          apiUrl: options.apiUrl,
          quirks: options.salonQuirks,
          maxUploadBytes: options.maxUploadBytes ?? 5 * 1024 * 1024,
          uploadTypes: options.uploadTypes ?? defaultUploadTypes,
        })
      : undefined
  const accept = (client: SalonSocketClient) =>
    salon ? salon.accept(client) : acceptNativeConnection(client, context)
  const stopFanOut = model.onEvent((event) =>
    salon ? salon.fanOut(event) : fanOut(event, model, sessions),
  )

  const closeWhere = (match: (session: LiveSession) => boolean, code: number, reason: string) => {
    const doomed = [...sessions].filter(match)
    for (const session of doomed) session.close(code, reason)
    return doomed.length
  }
  const stopListening = model.onTokenInvalidated((token, rejection) =>
    closeWhere(
      (session) => session.token === token,
      // Salon's server never says why; 1008 is what its guide tells clients to expect.
      salon ? 1008 : NativeCloseCode.Unauthorized,
      `token ${rejection}`,
    ),
  )
  const schedule = (atMs: number, run: () => void) => {
    const timer = setTimeout(() => (scheduled.delete(timer), run()), atMs)
    scheduled.add(timer)
    return timer
  }
  /** Switches change only here (teardown aside), so listeners hear of every change. */
  const switchFaults = (change: Partial<FaultState>) => {
    Object.assign(faults, change)
    for (const listener of faultListeners) listener(structuredClone(faults))
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
      switchFaults({ outageUntil: Date.now() + ms })
      closeWhere(() => true, 1006, '')
    },
    latency: (settings = {}) => switchFaults({ latency: { ...noLatency(), ...settings } }),
    refuseAuth: (on) => switchFaults({ refuseAuth: on }),
    expireToken: (token) => model.expireToken(token),
    silence: (on) => switchFaults({ silent: on }),
    frames(settings = {}) {
      switchFaults({
        frames: {
          toClient: { ...noFrames(), ...settings.toClient },
          toServer: { ...noFrames(), ...settings.toServer },
        },
      })
    },
    uploads: (fault = {}) => switchFaults({ uploads: { ...noRestFault(), ...fault } }),
    history: (fault = {}) => switchFaults({ history: { ...noRestFault(), ...fault } }),
    quirks: (change) => salon?.setQuirks(change),
    simulate(on) {
      simulation?.stop()
      simulation = on ? startSimulation(model, isLive, random, on === true ? {} : on) : undefined
    },
    play(input) {
      const scenario = typeof input === 'string' ? parseScenario(input) : input
      controls.latency(scenario.latency)
      controls.frames(scenario.frames)
      controls.uploads(scenario.uploads)
      controls.history(scenario.history)
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
      switchFaults(healthy())
    },
    faults: () => structuredClone(faults),
    sessions: () =>
      [...sessions].map(({ id, userId, token, joined }) => ({
        id,
        userId,
        token,
        joined: [...joined],
      })),
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

  const socketUrls = salon ? salon.socketUrls : [options.url]
  const socketHandlers = socketUrls.map((url) =>
    linkFor(url).addEventListener('connection', ({ client }) => accept(client)),
  )
  if (options.scenario !== undefined) controls.play(options.scenario)
  if (options.simulate) controls.simulate(options.simulate)
  const rest = salon
    ? salon.handlers
    : options.apiUrl === undefined
      ? []
      : restHandlers({
          model,
          faults,
          random,
          apiUrl: options.apiUrl,
          pageSize: options.conversationPageSize ?? 20,
          maxUploadBytes: options.maxUploadBytes ?? 5 * 1024 * 1024,
          uploadTypes: options.uploadTypes ?? defaultUploadTypes,
        })

  return {
    handlers: [...socketHandlers, ...rest],
    dialect,
    url: options.url,
    socketUrls,
    apiUrl: options.apiUrl,
    connect: accept,
    ...(salon && {
      salon: { ids: salon.context.ids, quirks: () => ({ ...salon.context.quirks }) },
    }),
    controls,
    model,
    onFaultsChanged(listener) {
      faultListeners.add(listener)
      return () => faultListeners.delete(listener)
    },
    dispose() {
      // Teardown is no fault state: a tab sharing this server must not hand over a stopped one.
      faultListeners.clear()
      controls.reset()
      controls.simulate(false)
      stopListening()
      stopFanOut()
      // A stopped server refuses whoever still reaches its handler (if it was not unregistered).
      faults.outageUntil = Infinity
      closeWhere(() => true, 1001, 'server shutting down')
    },
  }
}

/** Send what changed to the sockets that should see it, as a real server's hub would. */
function fanOut(event: ChatEvent, model: ChatModel, sessions: Set<LiveSession>): void {
  const live = [...sessions].filter((session) => session.userId !== undefined)
  switch (event.type) {
    case 'message': {
      // Client ids are the sender's business: others get the message without it.
      const { clientId: _clientId, ...message } = event.message
      for (const session of live) {
        const own = session.id === event.origin
        // New messages reach the sender's socket as an ack instead; edits and deletes reach it
        // even when it never joined, since it asked for them.
        const joined = session.joined.has(message.conversationId)
        if (own ? event.change !== 'new' : joined) session.deliver({ type: 'message', message })
      }
      return
    }
    case 'typing':
    case 'receipt':
      for (const session of live)
        if (session.joined.has(event.conversationId) && session.userId !== event.userId)
          session.deliver(event)
      return
    case 'presence': {
      const contacts = model.contactsOf(event.userId)
      for (const session of live) if (contacts.has(session.userId!)) session.deliver(event)
    }
  }
}
