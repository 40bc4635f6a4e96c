import { describe, expect, it } from 'vitest'
import {
  createConnection,
  type Connection,
  type ConnectionOptions,
  type ConnectionState,
  type ProtocolAdapter,
} from '../src'
import { nativeProtocol } from '../src/native'
import { fakeEnvironment } from './fakes'
import { onCleanup } from './helpers'
import { checkAuthAt, startNativeServer, waitFor, type NativeServer } from './native-server'

/** The seed servers' shape: the token rides in the URL and a bad one is refused with HTTP 403. */
const tokenInUrl: ProtocolAdapter = {
  ...nativeProtocol,
  refusesAuthBeforeOpen: true,
  socketUrl: ({ url, token }) => `${url}?token=${encodeURIComponent(token ?? '')}`,
}

async function serverRefusingBadTokens(tokens: string[]) {
  const server = await startNativeServer({ validTokens: new Set(tokens) })
  server.setRefuseInvalidTokenHandshake(true)
  onCleanup(() => server.kill())
  return server
}

/** A connection on fast timers that records every state it passes through. */
function connect(
  server: NativeServer,
  overrides: Partial<ConnectionOptions> = {},
  firstToken = 'good',
) {
  let token = firstToken
  const tokensRead: (string | undefined)[] = []
  const connection = createConnection({
    url: server.url,
    getToken: () => (tokensRead.push(token), token),
    protocol: tokenInUrl,
    environment: null,
    backoff: { baseMs: 50, capMs: 200 },
    tokenPollMs: 50,
    tokenPollMaxMs: 200,
    ...overrides,
  })
  const states: ConnectionState[] = []
  connection.subscribe(() => states.push(connection.getSnapshot()))
  onCleanup(() => connection.close())
  connection.connect()
  return {
    connection,
    states,
    tokensRead,
    statuses: () => states.map((s) => s.status),
    setToken: (next: string) => (token = next),
  }
}

const status = (c: Connection) => c.getSnapshot().status
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('refused-before-open dialect against a real ws server: outages are not refusals', () => {
  it('without checkAuth: a killed server flags authSuspected, and its restart ends open by itself', async () => {
    const server = await serverRefusingBadTokens(['good'])
    const { connection, states, statuses, tokensRead } = connect(server)
    await waitFor(() => status(connection) === 'open')
    await server.kill()
    await waitFor(
      () => states.some((s) => s.status === 'reconnecting' && s.authSuspected === true),
      5_000,
      'authSuspected after three refused handshakes',
    )
    const reads = tokensRead.length
    await sleep(600) // several more attempts while down, each re-reading the token
    expect(tokensRead.length).toBeGreaterThan(reads)
    expect(status(connection)).not.toBe('open')
    await server.restart()
    await waitFor(() => status(connection) === 'open', 5_000, 'open after the restart')
    expect(statuses()).not.toContain('unauthorized')
    expect(connection.getSnapshot()).not.toHaveProperty('authSuspected')
  })

  it('with checkAuth: a probe that cannot reach the server is an outage, and the restart ends open', async () => {
    const server = await serverRefusingBadTokens(['good'])
    const checks: unknown[] = []
    const checkAuth = (ctx: { url: string; token: string | undefined }) => {
      checks.push(ctx)
      return checkAuthAt(server.authUrl)(ctx)
    }
    const { connection, statuses } = connect(server, {
      protocol: { ...tokenInUrl, checkAuth },
    })
    await waitFor(() => status(connection) === 'open')
    await server.kill()
    await waitFor(() => checks.length >= 2, 5_000, 'two probes during the outage')
    expect(checks[0]).toEqual({ url: server.url, token: 'good' })
    await server.restart()
    await waitFor(() => status(connection) === 'open', 5_000, 'open after the restart')
    expect(statuses()).not.toContain('unauthorized')
    expect(statuses().some((s) => s === 'reconnecting')).toBe(true)
  })

  it('with checkAuth: a server that refuses handshakes while the probe says the token is valid is retried', async () => {
    const server = await serverRefusingBadTokens(['good'])
    const { connection, statuses } = connect(server, {
      protocol: { ...tokenInUrl, checkAuth: checkAuthAt(server.authUrl) },
    })
    await waitFor(() => status(connection) === 'open')
    server.setRefuseHandshake(true) // a proxy in trouble, say: 403 for everyone
    server.closeAll(1012, 'restart')
    await waitFor(() => server.authProbes >= 2, 5_000, 'two probes answered "valid"')
    expect(status(connection)).not.toBe('open')
    server.setRefuseHandshake(false)
    await waitFor(() => status(connection) === 'open', 5_000, 'open once handshakes pass again')
    expect(statuses()).not.toContain('unauthorized')
  })

  it('a real 403 that checkAuth confirms ends unauthorized; the refreshed token is picked up with no reconnect()', async () => {
    const server = await serverRefusingBadTokens(['old'])
    const { connection, setToken, statuses } = connect(
      server,
      { protocol: { ...tokenInUrl, checkAuth: checkAuthAt(server.authUrl) } },
      'old',
    )
    await waitFor(() => status(connection) === 'open')
    server.validTokens.delete('old') // revoked while connected
    server.closeAll(1012, 'restart')
    await waitFor(() => status(connection) === 'unauthorized', 5_000, 'unauthorized')
    expect(connection.getSnapshot()).toMatchObject({ reason: { kind: 'auth', code: 1006 } })
    expect(server.handshakes).toBe(4) // the first open + three refused
    expect(server.authProbes).toBe(1)
    await sleep(500) // polling getToken all along, the refused token is never presented again
    expect(server.handshakes).toBe(4)
    server.validTokens.add('fresh')
    setToken('fresh') // the app refreshed its session; it calls nothing on the connection
    await waitFor(() => status(connection) === 'open', 3_000, 'open with the refreshed token')
    expect(server.handshakes).toBe(5)
    expect(statuses().slice(-3)).toEqual(['unauthorized', 'connecting', 'open'])
  })
})

describe('native dialect against a real ws server', () => {
  it('after a 4401, connects by itself once getToken returns a refreshed token', async () => {
    const server = await startNativeServer({ validTokens: new Set(['good']) })
    onCleanup(() => server.kill())
    const { connection, setToken } = connect(server, { protocol: nativeProtocol }, 'expired')
    await waitFor(() => status(connection) === 'unauthorized', 3_000, 'unauthorized')
    const authFrames = () => server.received.filter((f) => (f as { type?: string }).type === 'auth')
    await sleep(400)
    expect(authFrames()).toEqual([{ type: 'auth', token: 'expired' }])
    setToken('good')
    await waitFor(() => status(connection) === 'open', 3_000, 'open with the refreshed token')
    expect(authFrames().at(-1)).toEqual({ type: 'auth', token: 'good' })
  })

  it('going offline while getToken is pending never reaches the server; online starts afresh', async () => {
    const server = await startNativeServer()
    onCleanup(() => server.kill())
    const env = fakeEnvironment()
    const pending: ((token: string) => void)[] = []
    const { connection } = connect(server, {
      protocol: nativeProtocol,
      environment: env,
      getToken: () => new Promise<string>((resolve) => pending.push(resolve)),
    })
    await waitFor(() => pending.length === 1)
    env.setOnline(false)
    pending[0]?.('good')
    await sleep(200)
    expect(server.handshakes).toBe(0)
    expect(status(connection)).toBe('offline')
    env.setOnline(true)
    await waitFor(() => pending.length === 2, 1_000, 'a fresh getToken call')
    pending[1]?.('good')
    await waitFor(() => status(connection) === 'open', 3_000, 'open once online')
    expect(server.handshakes).toBe(1)
  })
})
