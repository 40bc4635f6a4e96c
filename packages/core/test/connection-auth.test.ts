import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createConnection,
  type ConnectionOptions,
  type ConnectionState,
  type ProtocolAdapter,
} from '../src'
import { nativeProtocol } from '../src/native'
import { FakeSocket, fakeEnvironment } from './fakes'

const flush = () => vi.advanceTimersByTimeAsync(0)

/** A dialect that refuses a bad token with HTTP 403 before the handshake (Vibe, Fitnation, Salon). */
const refusesBeforeOpen: ProtocolAdapter = {
  ...nativeProtocol,
  refusesAuthBeforeOpen: true,
  awaitsReady: false,
}

function setup(overrides: Partial<ConnectionOptions> = {}) {
  const env = fakeEnvironment()
  let token = 'token-1'
  const getToken = vi.fn(() => token)
  const connection = createConnection({
    url: 'ws://chat.test/socket',
    getToken,
    protocol: refusesBeforeOpen,
    WebSocket: FakeSocket,
    environment: env,
    random: () => 0.5,
    preOpenFailuresBeforeAuth: 3,
    connectTimeoutMs: 60_000, // sockets the tests leave pending are not timed out in between
    ...overrides,
  })
  const states: ConnectionState[] = []
  connection.subscribe(() => states.push(connection.getSnapshot()))
  const statuses = () => states.map((s) => s.status)
  return { connection, env, states, statuses, getToken, setToken: (next: string) => (token = next) }
}

/** The server answers the handshake with 403 (or is down): the browser sees close 1006 before open. */
async function failHandshakes(count: number) {
  for (let i = 0; i < count; i++) {
    await flush()
    FakeSocket.last().serverClose(1006)
    await vi.advanceTimersByTimeAsync(10_000) // beyond the longest backoff (random 0.5 of 16 s)
  }
}

/** One socket per handshake attempt. */
const socketsCreated = () => FakeSocket.instances.length

beforeEach(() => {
  vi.useFakeTimers()
  FakeSocket.instances = []
})
afterEach(() => {
  vi.useRealTimers()
})

describe('refused before open, without checkAuth: an outage is never taken for a refused token', () => {
  it('keeps retrying with backoff, re-reading getToken before every attempt, and flags authSuspected', async () => {
    const { connection, statuses, getToken } = setup()
    connection.connect()
    await failHandshakes(2)
    expect(connection.getSnapshot()).toMatchObject({ status: 'connecting' })
    expect(connection.getSnapshot()).not.toHaveProperty('authSuspected')
    await flush()
    FakeSocket.last().serverClose(1006) // the third in a row
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting', authSuspected: true })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(connection.getSnapshot()).toMatchObject({ status: 'connecting', authSuspected: true })
    await failHandshakes(20)
    expect(statuses()).not.toContain('unauthorized')
    expect(socketsCreated()).toBe(24)
    expect(getToken).toHaveBeenCalledTimes(24)
    // The server comes back: the next attempt opens, with no reconnect() from the app.
    await flush()
    FakeSocket.last().open()
    expect(connection.getSnapshot()).toMatchObject({ status: 'open' })
    FakeSocket.last().serverClose(1006) // and a later drop starts counting from zero again
    expect(connection.getSnapshot()).toMatchObject({ status: 'reconnecting' })
    expect(connection.getSnapshot()).not.toHaveProperty('authSuspected')
  })

  it('counts failures in a row with the same token: a refreshed token starts the count again', async () => {
    const { connection, setToken } = setup()
    connection.connect()
    // Each helper call fails the attempt under way and lets the next one start, token in hand.
    await failHandshakes(1)
    setToken('token-2')
    await failHandshakes(1) // token-1 failed twice; the attempt now under way carries token-2
    await failHandshakes(2)
    expect(connection.getSnapshot()).not.toHaveProperty('authSuspected')
    await failHandshakes(1)
    expect(connection.getSnapshot()).toMatchObject({ status: 'connecting', authSuspected: true })
    setToken('token-3')
    await failHandshakes(1) // the suspicion was about token-2; token-3 is under way
    expect(connection.getSnapshot()).toMatchObject({ status: 'connecting' })
    expect(connection.getSnapshot()).not.toHaveProperty('authSuspected')
  })
})

describe('reconnect() from the app', () => {
  it('forgets the suspicion and the count: N more failures before it is raised again', async () => {
    const { connection } = setup()
    connection.connect()
    await failHandshakes(3)
    expect(connection.getSnapshot()).toMatchObject({ authSuspected: true })
    connection.reconnect()
    await flush()
    expect(connection.getSnapshot()).toEqual({ status: 'connecting', attempt: 0 })
    await failHandshakes(2)
    expect(connection.getSnapshot()).not.toHaveProperty('authSuspected')
  })
})

describe('refused before open, with checkAuth', () => {
  it('asks checkAuth after N failures in a row; false means unauthorized and no more handshakes', async () => {
    const checkAuth = vi.fn(async () => false)
    const { connection } = setup({ protocol: { ...refusesBeforeOpen, checkAuth } })
    connection.connect()
    await failHandshakes(2)
    expect(checkAuth).not.toHaveBeenCalled()
    await flush()
    FakeSocket.last().serverClose(1006)
    await flush()
    expect(checkAuth).toHaveBeenCalledExactlyOnceWith({
      url: 'ws://chat.test/socket',
      token: 'token-1',
    })
    expect(connection.getSnapshot()).toMatchObject({
      status: 'unauthorized',
      reason: { kind: 'auth', code: 1006 },
    })
    const sockets = socketsCreated()
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(socketsCreated()).toBe(sockets)
  })

  it('keeps retrying when checkAuth says the token is valid, and asks again after N more failures', async () => {
    const checkAuth = vi.fn(async () => true)
    const { connection, statuses } = setup({ protocol: { ...refusesBeforeOpen, checkAuth } })
    connection.connect()
    await failHandshakes(3)
    expect(checkAuth).toHaveBeenCalledTimes(1)
    expect(connection.getSnapshot().status).toBe('connecting')
    expect(connection.getSnapshot()).not.toHaveProperty('authSuspected')
    await failHandshakes(3)
    expect(checkAuth).toHaveBeenCalledTimes(2)
    await failHandshakes(4)
    expect(statuses()).not.toContain('unauthorized')
    expect(socketsCreated()).toBe(11)
  })

  it('takes a rejected checkAuth (the server could not be asked) for an outage, and keeps retrying', async () => {
    const checkAuth = vi.fn(() => Promise.reject(new TypeError('fetch failed')))
    const { connection, statuses } = setup({ protocol: { ...refusesBeforeOpen, checkAuth } })
    connection.connect()
    await failHandshakes(9)
    expect(checkAuth).toHaveBeenCalledTimes(3)
    expect(statuses()).not.toContain('unauthorized')
    await flush()
    FakeSocket.last().open()
    expect(connection.getSnapshot().status).toBe('open')
  })

  it('waits for the answer before retrying, and gives up waiting after connectTimeoutMs', async () => {
    const checkAuth = vi.fn(() => new Promise<boolean>(() => {}))
    const { connection } = setup({
      protocol: { ...refusesBeforeOpen, checkAuth },
      connectTimeoutMs: 5_000,
      random: () => 0,
    })
    connection.connect()
    await failHandshakes(2)
    await flush()
    FakeSocket.last().serverClose(1006)
    const sockets = socketsCreated()
    await vi.advanceTimersByTimeAsync(4_999)
    expect(socketsCreated()).toBe(sockets)
    expect(connection.getSnapshot().status).toBe('reconnecting')
    await vi.advanceTimersByTimeAsync(1)
    await flush()
    expect(socketsCreated()).toBe(sockets + 1)
  })

  it('ignores a checkAuth answer that arrives after close(), and leaves no timer behind', async () => {
    let answer: (valid: boolean) => void = () => {}
    const checkAuth = () => new Promise<boolean>((resolve) => (answer = resolve))
    const { connection, env } = setup({ protocol: { ...refusesBeforeOpen, checkAuth } })
    connection.connect()
    await failHandshakes(2)
    await flush()
    FakeSocket.last().serverClose(1006)
    connection.close()
    expect(vi.getTimerCount()).toBe(0)
    expect(env.listenerCount()).toBe(0)
    answer(false)
    await flush()
    expect(connection.getSnapshot()).toEqual({ status: 'closed', reason: { kind: 'app' } })
  })
})

/** The native dialect: the server refuses a bad token in-band with close 4401. */
function signedOut(overrides: Partial<ConnectionOptions> = {}) {
  const session = setup({ protocol: nativeProtocol, ...overrides })
  return {
    ...session,
    async openThenRefuse() {
      session.connection.connect()
      await flush()
      FakeSocket.last().open()
      FakeSocket.last().welcome()
      FakeSocket.last().serverClose(4401, 'token expired')
      expect(session.connection.getSnapshot().status).toBe('unauthorized')
    },
  }
}

const authFrame = (socket: FakeSocket) => JSON.parse(socket.sent[0] ?? '{}') as { token?: string }

describe('unauthorized picks up a refreshed token by itself', () => {
  it('polls getToken from ~1 s backing off to ~30 s, and connects as soon as the token changes', async () => {
    const { connection, getToken, setToken, openThenRefuse, statuses } = signedOut({
      random: () => 0.999,
    })
    await openThenRefuse()
    const callsAt: number[] = []
    getToken.mockImplementation(() => (callsAt.push(Date.now()), 'token-1'))
    const start = Date.now()
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    const gaps = callsAt.map((t, i) => t - (callsAt[i - 1] ?? start))
    expect(gaps[0]).toBeGreaterThanOrEqual(900)
    expect(gaps[0]).toBeLessThanOrEqual(1_000)
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]!)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(30_000)
    expect(gaps.at(-1)).toBeGreaterThan(29_000)
    expect(FakeSocket.instances).toHaveLength(1) // the refused token was never presented again
    expect(connection.getSnapshot().status).toBe('unauthorized')

    getToken.mockImplementation(() => 'token-2')
    setToken('token-2')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(FakeSocket.instances).toHaveLength(2)
    FakeSocket.last().open()
    expect(authFrame(FakeSocket.last())).toEqual({ type: 'auth', token: 'token-2' })
    FakeSocket.last().welcome()
    expect(connection.getSnapshot().status).toBe('open')
    expect(statuses().slice(-3)).toEqual(['unauthorized', 'connecting', 'open'])
  })

  it('connects within about a second of a refresh that happens right after the refusal', async () => {
    const { connection, setToken, openThenRefuse } = signedOut({ random: () => 0.999 })
    await openThenRefuse()
    setToken('token-2')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(connection.getSnapshot().status).toBe('connecting')
    FakeSocket.last().open()
    expect(authFrame(FakeSocket.last()).token).toBe('token-2')
  })

  it('takes tokenPollMs and tokenPollMaxMs', async () => {
    const { getToken, openThenRefuse } = signedOut({
      random: () => 0.999,
      tokenPollMs: 100,
      tokenPollMaxMs: 400,
    })
    await openThenRefuse()
    const calls = getToken.mock.calls.length
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 400)
    expect(getToken.mock.calls.length - calls).toBe(4)
  })

  it('still checks at once on a browser signal', async () => {
    const { env, setToken, openThenRefuse } = signedOut({ random: () => 0.999 })
    await openThenRefuse()
    setToken('token-2')
    env.fire('online')
    await flush()
    expect(FakeSocket.instances).toHaveLength(2)
  })

  it('stays unauthorized, polling on, when getToken fails', async () => {
    const { connection, getToken, setToken, openThenRefuse } = signedOut({ random: () => 0.999 })
    await openThenRefuse()
    getToken.mockImplementation(() => {
      throw new Error('refresh endpoint down')
    })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(connection.getSnapshot().status).toBe('unauthorized')
    getToken.mockImplementation(() => 'token-2')
    setToken('token-2')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(connection.getSnapshot().status).toBe('connecting')
  })

  it('close() stops the polling: no timer, listener or getToken call is left', async () => {
    const { connection, env, getToken, openThenRefuse } = signedOut()
    await openThenRefuse()
    await vi.advanceTimersByTimeAsync(5_000)
    connection.close()
    expect(vi.getTimerCount()).toBe(0)
    expect(env.listenerCount()).toBe(0)
    const calls = getToken.mock.calls.length
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(getToken.mock.calls.length).toBe(calls)
  })

  it('a poll that resolves after close() creates nothing', async () => {
    let release: (token: string) => void = () => {}
    const { connection, getToken, openThenRefuse } = signedOut()
    await openThenRefuse()
    getToken.mockImplementation(
      () => new Promise<string>((resolve) => (release = resolve)) as never,
    )
    await vi.advanceTimersByTimeAsync(2_000)
    connection.close()
    release('token-2')
    await flush()
    expect(FakeSocket.instances).toHaveLength(1)
    expect(connection.getSnapshot().status).toBe('closed')
  })
})

describe('going offline while the token or url is still being fetched', () => {
  it('abandons the attempt: no socket, the state stays offline, online starts a fresh attempt', async () => {
    const releases: ((token: string) => void)[] = []
    const { connection, env, getToken } = setup({ protocol: nativeProtocol })
    getToken.mockImplementation(() => new Promise<string>((r) => releases.push(r)) as never)
    connection.connect()
    await flush()
    env.setOnline(false)
    releases[0]?.('token-1')
    await flush()
    expect(FakeSocket.instances).toHaveLength(0)
    expect(connection.getSnapshot()).toEqual({ status: 'offline', reason: { kind: 'offline' } })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.instances).toHaveLength(0)
    env.setOnline(true)
    await flush()
    expect(getToken).toHaveBeenCalledTimes(2)
    releases[1]?.('token-2')
    await flush()
    expect(FakeSocket.instances).toHaveLength(1)
    FakeSocket.last().open()
    expect(authFrame(FakeSocket.last()).token).toBe('token-2')
  })

  it('does the same for a url function that is still pending', async () => {
    let release: (url: string) => void = () => {}
    const { connection, env } = setup({
      protocol: nativeProtocol,
      url: () => new Promise<string>((resolve) => (release = resolve)),
    })
    connection.connect()
    env.setOnline(false)
    release('ws://late.test')
    await flush()
    expect(FakeSocket.instances).toHaveLength(0)
    expect(connection.getSnapshot().status).toBe('offline')
  })

  it('a refreshed token found while offline waits for the network', async () => {
    const { connection, env, setToken, openThenRefuse } = signedOut({ random: () => 0.999 })
    await openThenRefuse()
    env.setOnline(false)
    setToken('token-2')
    await vi.advanceTimersByTimeAsync(2_000)
    expect(FakeSocket.instances).toHaveLength(1)
    expect(connection.getSnapshot().status).toBe('offline')
    env.setOnline(true)
    await flush()
    expect(FakeSocket.instances).toHaveLength(2)
  })
})
