import { describe, expect, it } from 'vitest'
import {
  createConnection,
  type Connection,
  type ConnectionOptions,
  type ProtocolEvent,
} from '../src'
import { nativeProtocol } from '../src/native'
import { onCleanup } from './helpers'
import { checkAuthAt, startNativeServer, waitFor, type NativeServer } from './native-server'

async function serverAndClient(overrides: Partial<ConnectionOptions> = {}) {
  const server = await startNativeServer()
  onCleanup(() => server.kill())
  const connection = connect(server, overrides)
  return { server, connection }
}

function connect(server: NativeServer, overrides: Partial<ConnectionOptions> = {}): Connection {
  const connection = createConnection({
    url: server.url,
    getToken: () => 'good',
    protocol: nativeProtocol,
    environment: null,
    backoff: { baseMs: 50, capMs: 200 },
    ...overrides,
  })
  onCleanup(() => connection.close())
  connection.connect()
  return connection
}

const status = (c: Connection) => c.getSnapshot().status

describe('connection against a real ws server on 127.0.0.1', () => {
  it('opens after the welcome, through the globalThis.WebSocket looked up at connect time', async () => {
    const { connection, server } = await serverAndClient()
    await waitFor(() => status(connection) === 'open')
    expect(connection.getSnapshot()).toMatchObject({ status: 'open', userId: 'user-good' })
    expect(server.received[0]).toEqual({ type: 'auth', token: 'good' })
  })

  it('survives the server being killed and restarted mid-conversation', async () => {
    const { connection, server } = await serverAndClient()
    await waitFor(() => status(connection) === 'open')
    const seen: string[] = []
    connection.subscribe(() => seen.push(status(connection)))
    await server.kill()
    await waitFor(() => status(connection) === 'reconnecting', 5_000, 'reconnecting')
    await new Promise((resolve) => setTimeout(resolve, 400)) // several refused attempts while down
    expect(status(connection)).not.toBe('open')
    await server.restart()
    await waitFor(() => status(connection) === 'open', 5_000, 'open again')
    expect(seen).toContain('connecting')
    expect(connection.send(JSON.stringify({ type: 'ping', ts: 1 }))).toBe(true)
  })

  it('notices a half-open peer that stops answering, through the heartbeat', async () => {
    const { connection, server } = await serverAndClient({
      heartbeatIntervalMs: 150,
      heartbeatGraceMs: 150,
    })
    await waitFor(() => status(connection) === 'open')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(status(connection)).toBe('open') // pongs keep it alive
    server.setSilent(true)
    await waitFor(() => status(connection) === 'reconnecting', 3_000, 'heartbeat timeout')
    const state = connection.getSnapshot()
    expect(state.status === 'reconnecting' && state.reason.kind).toBe('heartbeat-timeout')
    server.setSilent(false)
    await waitFor(() => status(connection) === 'open', 3_000, 'open again')
  })

  it('goes unauthorized when the server closes with an auth code, and stops dialling', async () => {
    const { connection, server } = await serverAndClient({ getToken: () => 'bad' })
    await waitFor(() => status(connection) === 'unauthorized')
    expect(connection.getSnapshot()).toMatchObject({
      reason: { kind: 'auth', code: 4401, message: 'invalid token' },
    })
    const handshakes = server.handshakes
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(server.handshakes).toBe(handshakes)
  })

  it('recognises a handshake refused with HTTP 403 (seen by the client as 1006) once checkAuth confirms it', async () => {
    const server = await startNativeServer()
    onCleanup(() => server.kill())
    const connection = connect(server, {
      protocol: {
        ...nativeProtocol,
        refusesAuthBeforeOpen: true,
        checkAuth: checkAuthAt(server.authUrl),
      },
      preOpenFailuresBeforeAuth: 3,
    })
    await waitFor(() => status(connection) === 'open')
    server.validTokens.delete('good') // revoked
    server.setRefuseHandshake(true)
    server.closeAll(1011, 'restart')
    await waitFor(() => status(connection) === 'unauthorized', 5_000, 'unauthorized')
    expect(connection.getSnapshot()).toMatchObject({ reason: { kind: 'auth', code: 1006 } })
    const handshakes = server.handshakes
    expect(handshakes).toBe(4) // the first open + exactly three refused tries
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(server.handshakes).toBe(handshakes)
    expect(server.authProbes).toBe(1)
    server.validTokens.add('good')
    server.setRefuseHandshake(false)
    connection.reconnect()
    await waitFor(() => status(connection) === 'open', 3_000, 'open after reconnect()')
  })

  it('reports malformed and hostile frames as protocol-error events and stays open', async () => {
    const { connection, server } = await serverAndClient()
    await waitFor(() => status(connection) === 'open')
    const events: ProtocolEvent[] = []
    connection.onEvents((batch) => events.push(...batch))
    const garbage = [
      '{nope',
      '42',
      'null',
      '[]',
      '{"type":"teleport"}',
      '{"__proto__":{"polluted":1},"type":"x"}',
    ]
    for (const frame of garbage) server.broadcastRaw(frame)
    server.broadcastRaw(Buffer.from([0xff, 0x00, 0x13]))
    await waitFor(() => events.length >= garbage.length + 1, 3_000, 'all frames decoded')
    expect(events.every((e) => e.type === 'protocol-error')).toBe(true)
    expect(
      events.map((e) => e.type === 'protocol-error' && e.raw).slice(0, garbage.length),
    ).toEqual(garbage)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(status(connection)).toBe('open')
  })

  it('gives up on a handshake that never completes, without an uncaught error from ws', async () => {
    const server = await startNativeServer()
    onCleanup(() => server.kill())
    server.setHangHandshake(true)
    const connection = connect(server, { connectTimeoutMs: 200 })
    await waitFor(() => status(connection) === 'reconnecting', 3_000, 'connect timeout')
    expect(connection.getSnapshot()).toMatchObject({ reason: { kind: 'connect-timeout' } })
    server.setHangHandshake(false)
    await waitFor(() => status(connection) === 'open', 3_000, 'open after the timeout')
  })

  it('close() tears the socket down at the server too', async () => {
    const { connection, server } = await serverAndClient()
    await waitFor(() => status(connection) === 'open')
    connection.close()
    await waitFor(() => server.sockets.size === 0, 3_000, 'server-side close')
    expect(status(connection)).toBe('closed')
  })
})
