import { afterAll, describe, expect, it } from 'vitest'
import { createConnection, type Connection } from '../src'
import { nativeProtocol } from '../src/native'
import { fakeEnvironment } from './fakes'
import { startNativeServer, waitFor } from './native-server'

const CLIENTS = Number(process.env.STORM_CLIENTS ?? 1_000)

describe(`reconnect storm: ${CLIENTS} clients lose the server at once`, () => {
  const clients: {
    connection: Connection
    env: ReturnType<typeof fakeEnvironment>
    token: string
    firstRetryAt?: number
    jitter?: number
  }[] = []
  afterAll(() => clients.forEach(({ connection }) => connection.close()))

  it('spreads first retries by jitter, and nobody retries a refused token until it changes', async () => {
    const server = await startNativeServer({ validTokens: new Set(['good']) })
    for (let i = 0; i < CLIENTS; i++) {
      const env = fakeEnvironment()
      const client: (typeof clients)[number] = {
        env,
        token: 'good',
        connection: undefined as never,
      }
      client.connection = createConnection({
        url: server.url,
        getToken: () => client.token,
        protocol: nativeProtocol,
        environment: env,
        backoff: { baseMs: 500, factor: 2, capMs: 2_000 },
        connectTimeoutMs: 10_000,
      })
      clients.push(client)
      client.connection.connect()
    }
    const openCount = () =>
      clients.filter((c) => c.connection.getSnapshot().status === 'open').length
    await waitFor(() => openCount() === CLIENTS, 30_000, 'all clients open')

    // Kill the server under everyone; note when each client dials again.
    for (const client of clients) {
      const unsubscribe = client.connection.subscribe(() => {
        const state = client.connection.getSnapshot()
        if (state.status === 'reconnecting' && client.firstRetryAt === undefined) {
          client.firstRetryAt = state.retryAt
          client.jitter = state.retryAt - Date.now()
          unsubscribe()
        }
      })
    }
    const killedAt = Date.now()
    await server.kill()
    await waitFor(
      () => clients.every((c) => c.firstRetryAt !== undefined),
      10_000,
      'every client scheduled a retry',
    )
    const sorted = (values: number[]) => values.sort((a, b) => a - b)
    const quantiles = (v: number[]) =>
      [0, 0.1, 0.5, 0.9, 1].map((p) => v[Math.min(v.length - 1, Math.floor(p * v.length))] ?? 0)
    const jitter = sorted(clients.map((c) => c.jitter ?? 0))
    const arrival = sorted(clients.map((c) => (c.firstRetryAt ?? 0) - killedAt))
    const buckets = Array.from(
      { length: 10 },
      (_, i) => jitter.filter((d) => d >= i * 50 && d < (i + 1) * 50).length,
    )
    console.log(
      `[storm] ${CLIENTS} clients: backoff delay chosen min/p10/p50/p90/max = ${quantiles(jitter).join('/')} ms ` +
        `(per 50 ms bucket: ${buckets.join(' ')}); first retry after the kill = ${quantiles(arrival).join('/')} ms`,
    )
    expect(jitter.at(-1)! - jitter[0]!).toBeGreaterThan(400) // spread over the whole 500 ms window
    expect(Math.max(...buckets)).toBeLessThan(CLIENTS * 0.2) // no thundering bucket (uniform ≈ 10 %)

    // The server comes back refusing every token: all end unauthorized…
    server.validTokens.clear()
    await server.restart()
    const unauthorized = () =>
      clients.filter((c) => c.connection.getSnapshot().status === 'unauthorized').length
    await waitFor(() => unauthorized() === CLIENTS, 30_000, 'all unauthorized')
    // …and stay quiet, even when the browser says the network and the tab are back.
    const handshakes = server.handshakes
    clients.forEach(({ env }) => (env.fire('online'), env.fire('visibilitychange')))
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(server.handshakes).toBe(handshakes)

    // Half of them get a fresh token: exactly those come back.
    const renewed = clients.filter((_, i) => i % 2 === 0)
    renewed.forEach((c, i) => {
      c.token = `fresh-${i}`
      server.validTokens.add(c.token)
      c.env.fire('online')
    })
    await waitFor(() => openCount() === renewed.length, 30_000, 'renewed clients open')
    expect(server.handshakes - handshakes).toBe(renewed.length)
    expect(unauthorized()).toBe(CLIENTS - renewed.length)
    console.log(
      `[storm] after auth failure: 0 retries with old tokens; ${renewed.length} renewed tokens → ${renewed.length} handshakes`,
    )
    clients.forEach(({ connection }) => connection.close())
    await server.kill()
  }, 90_000)
})
