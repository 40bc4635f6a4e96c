import { describe, expect, it } from 'vitest'
import { recordStates, sleep, useMockServer, waitForState } from './helpers'

// The real `createConnection` from @parley/core against the mock, through MSW's interception of
// `globalThis.WebSocket`: these tests prove the two ends agree on the native protocol.
const { startBackend, connect } = useMockServer()

describe('mock backend with the core connection', () => {
  it('opens once the server welcomes a valid token, with the user id', async () => {
    const { model, controls } = startBackend()
    const token = model.issueToken('trainer-maya')
    const connection = connect(() => token)

    const open = await waitForState(connection, 'open')

    expect(open.userId).toBe('trainer-maya')
    expect(controls.sessions()).toEqual([
      expect.objectContaining({ userId: 'trainer-maya', token }),
    ])
  })

  it('goes unauthorized with 4401 for a token the server never issued', async () => {
    startBackend()
    const connection = connect(() => 'tok-made-up')

    const state = await waitForState(connection, 'unauthorized')

    expect(state.reason).toEqual({ kind: 'auth', code: 4401, message: 'token unknown' })
  })

  it('closes live sessions of an expired token with 4401, and the client stays unauthorized', async () => {
    const { model, controls } = startBackend()
    const token = model.issueToken('client-sam')
    const connection = connect(() => token)
    await waitForState(connection, 'open')

    expect(controls.expireToken(token)).toBe(true)
    const state = await waitForState(connection, 'unauthorized')

    expect(state.reason).toMatchObject({ kind: 'auth', code: 4401, message: 'token expired' })
    await sleep(200)
    expect(connection.getSnapshot().status).toBe('unauthorized')
    expect(controls.sessions()).toEqual([])
  })

  it('lets a client that was refused in back with a fresh token after reconnect()', async () => {
    const { model, controls } = startBackend()
    let token = model.issueToken('client-sam')
    const connection = connect(() => token)
    await waitForState(connection, 'open')
    controls.expireToken(token)
    await waitForState(connection, 'unauthorized')

    token = model.issueToken('client-sam')
    connection.reconnect()

    expect((await waitForState(connection, 'open')).userId).toBe('client-sam')
  })

  it('ends a session when its token runs out (ttl)', async () => {
    const { model } = startBackend()
    const token = model.issueToken('trainer-maya', { ttlMs: 300 })
    const connection = connect(() => token)
    await waitForState(connection, 'open')

    const state = await waitForState(connection, 'unauthorized', 2_000)

    expect(state.reason).toMatchObject({ code: 4401, message: 'token expired' })
  })

  it('refuses every token while refuseAuth is on', async () => {
    const { model, controls } = startBackend()
    controls.refuseAuth(true)
    const connection = connect(() => model.issueToken('trainer-maya'))

    const state = await waitForState(connection, 'unauthorized')

    expect(state.reason).toMatchObject({ code: 4401, message: 'authentication refused' })
  })

  it('disconnectAll: the client goes reconnecting, then opens again by itself', async () => {
    const { model, controls } = startBackend()
    const token = model.issueToken('trainer-maya')
    const connection = connect(() => token)
    await waitForState(connection, 'open')

    expect(controls.disconnectAll()).toBe(1)
    const reconnecting = await waitForState(connection, 'reconnecting')
    expect(reconnecting.reason).toEqual({ kind: 'close', code: 1012, reason: 'service restart' })

    await waitForState(connection, 'open')
    expect(controls.sessions()).toHaveLength(1)
  })

  it('outage: connections fail before open while it lasts, then succeed', async () => {
    const { model, controls } = startBackend()
    const token = model.issueToken('trainer-maya')
    // Slower retries than elsewhere: MSW 2.15 leaks one BroadcastChannel listener per connection
    // refused inside the connection event, and Node warns past ten of them.
    const connection = connect(() => token, { backoff: { baseMs: 60, factor: 2, capMs: 120 } })
    await waitForState(connection, 'open')
    const states = recordStates(connection)
    const outageStartedAt = Date.now()

    controls.outage(400)
    await waitForState(connection, 'reconnecting')
    await waitForState(connection, 'open', 3_000)

    expect(Date.now() - outageStartedAt).toBeGreaterThanOrEqual(400)
    const failures = states.filter((state) => state.status === 'reconnecting')
    // The live socket dropped, and every attempt during the outage failed before `open`.
    expect(failures.length).toBeGreaterThanOrEqual(2)
    for (const failure of failures)
      expect(failure.reason).toEqual({ kind: 'close', code: 1006, reason: '' })
    expect(states.filter((state) => state.status === 'open')).toHaveLength(1)
  })

  it('silence: the client heartbeat notices a peer that stopped answering', async () => {
    // The client ignores a `welcome` heartbeat under 1 s, so its own short interval applies.
    const { model, controls } = startBackend({ heartbeatMs: 100 })
    const token = model.issueToken('trainer-maya')
    const connection = connect(() => token, { heartbeatIntervalMs: 100, heartbeatGraceMs: 300 })
    await waitForState(connection, 'open')
    await sleep(600) // several ping/pong rounds: a healthy line stays open
    expect(connection.getSnapshot().status).toBe('open')

    controls.silence(true)
    const state = await waitForState(connection, 'reconnecting', 3_000)

    expect(state.reason).toMatchObject({ kind: 'heartbeat-timeout' })
    expect(
      state.reason.kind === 'heartbeat-timeout' && state.reason.silentForMs,
    ).toBeGreaterThanOrEqual(400)
    controls.silence(false)
    await waitForState(connection, 'open')
  })
})
