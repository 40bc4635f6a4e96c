import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConnection, type ConnectionOptions, type ProtocolAdapter } from '../src'
import { nativeProtocol } from '../src/native'
import { FakeSocket, fakeEnvironment } from './fakes'

const flush = () => vi.advanceTimersByTimeAsync(0)

function setup(overrides: Partial<ConnectionOptions> = {}) {
  const env = fakeEnvironment()
  let token = 'token-1'
  const connection = createConnection({
    url: 'ws://chat.test/socket',
    getToken: () => token,
    protocol: nativeProtocol,
    WebSocket: FakeSocket,
    environment: env,
    random: () => 0.5,
    ...overrides,
  })
  const statuses: string[] = []
  connection.subscribe(() => statuses.push(connection.getSnapshot().status))
  return { connection, env, statuses, setToken: (next: string) => (token = next) }
}

async function openSession(connection: ReturnType<typeof setup>['connection']) {
  connection.connect()
  await flush()
  FakeSocket.last().open()
  FakeSocket.last().welcome()
  expect(connection.getSnapshot().status).toBe('open')
}

beforeEach(() => {
  vi.useFakeTimers()
  FakeSocket.instances = []
})
afterEach(() => {
  vi.useRealTimers()
})

describe('connection state machine', () => {
  it('walks idle → connecting → open on welcome, sending the token in the first frame only', async () => {
    const { connection, statuses } = setup()
    expect(connection.getSnapshot()).toEqual({ status: 'idle' })
    connection.connect()
    await flush()
    const socket = FakeSocket.last()
    expect(socket.url).toBe('ws://chat.test/socket')
    socket.open()
    expect(connection.getSnapshot().status).toBe('connecting')
    expect(JSON.parse(socket.sent[0] ?? '')).toEqual({ type: 'auth', token: 'token-1' })
    socket.welcome()
    expect(connection.getSnapshot()).toMatchObject({ status: 'open', userId: 'u1' })
    expect(statuses).toEqual(['connecting', 'open'])
  })

  it('re-evaluates url and token on every attempt', async () => {
    let n = 0
    const { connection } = setup({
      url: async () => `ws://region-${++n}.test`,
      getToken: async () => `t${n}`,
    })
    connection.connect()
    await flush()
    FakeSocket.last().open()
    expect(FakeSocket.last().url).toBe('ws://region-1.test')
    FakeSocket.last().serverClose(1006)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(FakeSocket.last().url).toBe('ws://region-2.test')
    FakeSocket.last().open()
    expect(JSON.parse(FakeSocket.last().sent[0] ?? '')).toEqual({ type: 'auth', token: 't2' })
  })

  it('reconnects with full-jitter backoff inside exponential windows, capped', async () => {
    const { connection } = setup({
      random: () => 0.999,
      backoff: { baseMs: 500, factor: 2, capMs: 16_000 },
    })
    await openSession(connection)
    const windows = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 16_000]
    for (const [i, window] of windows.entries()) {
      FakeSocket.last().serverClose(1006)
      const state = connection.getSnapshot()
      if (state.status !== 'reconnecting')
        throw new Error(`expected reconnecting, got ${state.status}`)
      expect(state.attempt).toBe(i + 1)
      expect(state.reason).toEqual({ kind: 'close', code: 1006, reason: '' })
      const delay = state.retryAt - Date.now()
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(window)
      expect(delay).toBeGreaterThan(window * 0.99)
      await vi.advanceTimersByTimeAsync(delay - 1)
      expect(connection.getSnapshot().status).toBe('reconnecting')
      await vi.advanceTimersByTimeAsync(1)
      expect(connection.getSnapshot().status).toBe('connecting')
    }
  })

  it('resets the attempt counter only after the socket stayed open for stableAfterMs', async () => {
    const { connection } = setup({ stableAfterMs: 5_000 })
    await openSession(connection)
    FakeSocket.last().serverClose(1006)
    await vi.advanceTimersByTimeAsync(1_000)
    FakeSocket.last().open()
    FakeSocket.last().welcome()
    await vi.advanceTimersByTimeAsync(1_000) // flapping: open for 1 s only
    FakeSocket.last().serverClose(1006)
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', attempt: 2 })
    await vi.advanceTimersByTimeAsync(2_000)
    FakeSocket.last().open()
    FakeSocket.last().welcome()
    await vi.advanceTimersByTimeAsync(5_000) // stable now
    FakeSocket.last().serverClose(1006)
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', attempt: 1 })
  })

  it('gives up on an attempt after the connect timeout, including a server that never says welcome', async () => {
    const { connection } = setup({ connectTimeoutMs: 5_000 })
    connection.connect()
    await flush()
    FakeSocket.last().open() // opened, but no welcome
    await vi.advanceTimersByTimeAsync(4_999)
    expect(connection.getSnapshot().status).toBe('connecting')
    await vi.advanceTimersByTimeAsync(1)
    expect(connection.getSnapshot()).toMatchObject({
      status: 'reconnecting',
      reason: { kind: 'connect-timeout' },
    })
    expect(FakeSocket.instances[0]?.closedWith).toBeDefined()
  })

  it('pings on the heartbeat interval and declares the peer dead after interval + grace of silence', async () => {
    const { connection } = setup({ heartbeatIntervalMs: 25_000, heartbeatGraceMs: 10_000 })
    await openSession(connection)
    const socket = FakeSocket.last()
    await vi.advanceTimersByTimeAsync(25_000)
    expect(socket.sent.map((f) => JSON.parse(f).type)).toEqual(['auth', 'ping'])
    socket.receive(JSON.stringify({ type: 'pong' })) // alive: deadline moves
    await vi.advanceTimersByTimeAsync(34_000)
    expect(connection.getSnapshot().status).toBe('open')
    await vi.advanceTimersByTimeAsync(1_000) // 35 s since the pong
    expect(connection.getSnapshot()).toMatchObject({
      status: 'reconnecting',
      reason: { kind: 'heartbeat-timeout', silentForMs: 35_000 },
    })
    expect(socket.onmessage).toBeNull() // detached: a half-open socket cannot call back later
  })

  it('takes the heartbeat interval the server announces in welcome', async () => {
    const { connection } = setup({ heartbeatIntervalMs: 25_000, heartbeatGraceMs: 1_000 })
    connection.connect()
    await flush()
    FakeSocket.last().open()
    FakeSocket.last().welcome({ heartbeatMs: 5_000 })
    await vi.advanceTimersByTimeAsync(6_000)
    expect(connection.getSnapshot().status).toBe('reconnecting')
  })

  it('measures heartbeat silence by wall clock, so a throttled timer that fires late still notices', async () => {
    let clock = 0
    const { connection } = setup({
      now: () => clock,
      heartbeatIntervalMs: 25_000,
      heartbeatGraceMs: 10_000,
    })
    await openSession(connection)
    clock = 10 * 60_000 // the tab slept ten minutes; the timer has not fired yet
    connection.getSnapshot()
    await vi.advanceTimersByTimeAsync(25_000)
    expect(connection.getSnapshot()).toMatchObject({
      status: 'reconnecting',
      reason: { kind: 'heartbeat-timeout' },
    })
  })

  it('has no heartbeat for dialects without ping', async () => {
    const { ping: _ping, ...noPing } = nativeProtocol
    const { connection } = setup({
      protocol: noPing,
      heartbeatIntervalMs: 1_000,
      heartbeatGraceMs: 1_000,
    })
    await openSession(connection)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(connection.getSnapshot().status).toBe('open')
    expect(FakeSocket.last().sent).toHaveLength(1)
  })
})

/** A dialect that refuses a bad token with HTTP 403 before the handshake (Vibe, Fitnation, Salon). */
const refusesBeforeOpen: ProtocolAdapter = {
  ...nativeProtocol,
  refusesAuthBeforeOpen: true,
  awaitsReady: false,
}

describe('authentication failures', () => {
  it('goes unauthorized on an auth close code and never retries with the same token', async () => {
    const { connection, env } = setup()
    await openSession(connection)
    FakeSocket.last().serverClose(4401, 'token expired')
    expect(connection.getSnapshot()).toEqual({
      status: 'unauthorized',
      reason: { kind: 'auth', code: 4401, message: 'token expired' },
    })
    const sockets = FakeSocket.instances.length
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    env.fire('online')
    env.setVisible(true)
    await flush()
    expect(FakeSocket.instances.length).toBe(sockets)
    expect(connection.getSnapshot().status).toBe('unauthorized')
  })

  it('resumes when getToken hands out a new token, on the next wake-up signal', async () => {
    const { connection, env, setToken } = setup()
    await openSession(connection)
    FakeSocket.last().serverClose(4401)
    setToken('token-2')
    env.fire('online')
    await flush()
    FakeSocket.last().open()
    expect(JSON.parse(FakeSocket.last().sent[0] ?? '')).toEqual({ type: 'auth', token: 'token-2' })
    FakeSocket.last().welcome()
    expect(connection.getSnapshot().status).toBe('open')
  })

  it('retries a refused token when the app explicitly calls reconnect()', async () => {
    const { connection } = setup()
    await openSession(connection)
    FakeSocket.last().serverClose(1008)
    expect(connection.getSnapshot().status).toBe('unauthorized')
    connection.reconnect()
    await flush()
    expect(connection.getSnapshot().status).toBe('connecting')
  })

  it('after consecutive pre-open failures asks checkAuth, and a refusal ends unauthorized', async () => {
    const { connection } = setup({
      protocol: { ...refusesBeforeOpen, checkAuth: async () => false },
      preOpenFailuresBeforeAuth: 3,
    })
    connection.connect()
    for (let i = 1; i <= 3; i++) {
      await flush()
      FakeSocket.last().serverClose(1006)
      await flush() // checkAuth answers
      if (i < 3) {
        expect(connection.getSnapshot().status).toBe('reconnecting')
        await vi.advanceTimersByTimeAsync(20_000)
      }
    }
    expect(connection.getSnapshot()).toMatchObject({
      status: 'unauthorized',
      reason: { kind: 'auth', code: 1006 },
    })
    const sockets = FakeSocket.instances.length
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.instances.length).toBe(sockets)
  })

  it('does not mistake an outage for auth when the socket opened in between', async () => {
    const { connection } = setup({ protocol: refusesBeforeOpen, preOpenFailuresBeforeAuth: 3 })
    connection.connect()
    for (let i = 0; i < 6; i++) {
      await flush()
      if (i % 2) FakeSocket.last().open()
      FakeSocket.last().serverClose(1006)
      await vi.advanceTimersByTimeAsync(20_000)
    }
    expect(connection.getSnapshot().status).not.toBe('unauthorized')
  })

  it('retries with backoff when getToken itself fails, reporting a typed error', async () => {
    const { connection } = setup({
      getToken: () => Promise.reject(new Error('refresh endpoint down')),
    })
    connection.connect()
    await flush()
    const state = connection.getSnapshot()
    expect(state).toMatchObject({ status: 'reconnecting', reason: { kind: 'error' } })
    if (state.status === 'reconnecting' && state.reason.kind === 'error') {
      expect(state.reason.error.code).toBe('token-error')
    }
  })
})

describe('browser signals and teardown', () => {
  it('goes offline without retrying, and tries at once when the network returns', async () => {
    const { connection, env } = setup()
    await openSession(connection)
    env.setOnline(false)
    expect(connection.getSnapshot()).toEqual({ status: 'offline', reason: { kind: 'offline' } })
    const sockets = FakeSocket.instances.length
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.instances.length).toBe(sockets)
    env.setOnline(true)
    await flush()
    expect(FakeSocket.instances.length).toBe(sockets + 1)
    expect(connection.getSnapshot().status).toBe('connecting')
  })

  it('starts offline when the browser already is', async () => {
    const { connection, env } = setup()
    env.setOnline(false)
    connection.connect()
    expect(connection.getSnapshot().status).toBe('offline')
    expect(FakeSocket.instances).toHaveLength(0)
  })

  it('skips the backoff wait when the tab becomes visible or is restored from the bfcache', async () => {
    const { connection, env } = setup({ random: () => 0.99, backoff: { baseMs: 10_000 } })
    await openSession(connection)
    FakeSocket.last().serverClose(1006)
    expect(connection.getSnapshot().status).toBe('reconnecting')
    env.setVisible(true)
    await flush()
    expect(connection.getSnapshot().status).toBe('connecting')
    FakeSocket.last().serverClose(1006)
    env.fire('pageshow')
    await flush()
    expect(connection.getSnapshot().status).toBe('connecting')
  })

  it('ignores a hidden tab', async () => {
    const { connection, env } = setup({ random: () => 0.99, backoff: { baseMs: 10_000 } })
    await openSession(connection)
    FakeSocket.last().serverClose(1006)
    env.setVisible(false)
    await flush()
    expect(connection.getSnapshot().status).toBe('reconnecting')
  })

  it('leaves no timer, listener or socket behind after close(), from any state', async () => {
    for (const drive of [
      async () => {},
      async (s: FakeSocket) => s.open(),
      async (s: FakeSocket) => (s.open(), s.welcome()),
      async (s: FakeSocket) => (s.open(), s.welcome(), s.serverClose(1006)),
    ]) {
      const { connection, env } = setup()
      connection.connect()
      await flush()
      await drive(FakeSocket.last())
      connection.close()
      expect(connection.getSnapshot()).toEqual({ status: 'closed', reason: { kind: 'app' } })
      expect(vi.getTimerCount()).toBe(0)
      expect(env.listenerCount()).toBe(0)
      expect(FakeSocket.last().onmessage).toBeNull()
      const sockets = FakeSocket.instances.length
      await vi.advanceTimersByTimeAsync(120_000)
      expect(FakeSocket.instances.length).toBe(sockets)
    }
  })

  it('ignores a token that resolves after close()', async () => {
    let release: (token: string) => void = () => {}
    const { connection } = setup({
      getToken: () => new Promise<string>((resolve) => (release = resolve)),
    })
    connection.connect()
    connection.close()
    release('late')
    await flush()
    expect(FakeSocket.instances).toHaveLength(0)
    expect(connection.getSnapshot().status).toBe('closed')
  })

  it('sends only while open', async () => {
    const { connection } = setup()
    expect(connection.send('x')).toBe(false)
    await openSession(connection)
    expect(connection.send('{"type":"x"}')).toBe(true)
    expect(FakeSocket.last().sent.at(-1)).toBe('{"type":"x"}')
  })

  it('never hands the token to the logger', async () => {
    const lines: string[] = []
    const logger = {
      debug: (m: string, d?: unknown) => lines.push(m + JSON.stringify(d ?? '')),
      warn: (m: string, d?: unknown) => lines.push(m + JSON.stringify(d ?? '')),
    }
    const { connection } = setup({
      logger,
      getToken: () => 'sekrit-token',
      protocol: { ...nativeProtocol, socketUrl: ({ url, token }) => `${url}?token=${token}` },
    })
    await openSession(connection)
    FakeSocket.last().serverClose(4401, 'bad token sekrit-token')
    expect(lines.length).toBeGreaterThan(2)
    expect(lines.join('\n')).not.toContain('sekrit-token')
  })
})
