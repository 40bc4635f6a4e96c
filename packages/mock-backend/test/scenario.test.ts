import { describe, expect, it } from 'vitest'
import { parseScenario, ScenarioError, serializeScenario, type Scenario } from '../src'
import { recordStates, sleep, useMockServer, waitForState } from './helpers'

const noLatency = { toClientMs: 0, toServerMs: 0, jitterMs: 0 }
const noFrames = { drop: 0, duplicate: 0, reorder: 0 }

describe('parseScenario', () => {
  it('reads the example from the README', () => {
    expect(parseScenario('latency:200,outage-at:10s:5s')).toEqual<Scenario>({
      latency: { toClientMs: 200, toServerMs: 200, jitterMs: 0 },
      events: [{ action: 'outage', atMs: 10_000, forMs: 5_000 }],
    })
  })

  it('reads every part, with and without a time', () => {
    const text =
      'latency-up:50ms, latency-down:2s, jitter:30, refuse-auth:1s, silence-at:1s:500ms, silence,' +
      'disconnect-at:3s:4000, disconnect, expire-tokens-at:20s, outage:5s'

    expect(parseScenario(text)).toEqual<Scenario>({
      latency: { toClientMs: 2_000, toServerMs: 50, jitterMs: 30 },
      events: [
        { action: 'refuse-auth', atMs: 0, forMs: 1_000 },
        { action: 'silence', atMs: 1_000, forMs: 500 },
        { action: 'silence', atMs: 0 },
        { action: 'disconnect', atMs: 3_000, code: 4000 },
        { action: 'disconnect', atMs: 0 },
        { action: 'expire-tokens', atMs: 20_000 },
        { action: 'outage', atMs: 0, forMs: 5_000 },
      ],
    })
  })

  it('treats an empty string as "no faults"', () => {
    expect(parseScenario('')).toEqual({ latency: noLatency, events: [] })
  })

  it.each([
    ['latency:200', 'latency:200ms'],
    ['latency-up:1000,latency-down:250', 'latency-up:1s,latency-down:250ms'],
    ['jitter:40,outage-at:0:5000', 'jitter:40ms,outage:5s'],
    [
      'silence-at:2s,refuse-auth-at:1500:1s,disconnect-at:3s:4000',
      'silence-at:2s,refuse-auth-at:1500ms:1s,disconnect-at:3s:4000',
    ],
    ['expire-tokens-at:30s,disconnect', 'expire-tokens-at:30s,disconnect'],
  ])('round-trips %s through its canonical form %s', (text, canonical) => {
    const scenario = parseScenario(text)
    expect(serializeScenario(scenario)).toBe(canonical)
    expect(parseScenario(serializeScenario(scenario))).toEqual(scenario)
  })

  it.each([
    ['lag:200', 'unknown-part', 'lag:200'],
    ['latency:200,', 'unknown-part', ''],
    ['outage-at-at:1s:1s', 'unknown-part', 'outage-at-at:1s:1s'],
    ['latency:fast', 'invalid-value', 'latency:fast'],
    ['latency:-5', 'invalid-value', 'latency:-5'],
    ['outage', 'invalid-value', 'outage'],
    ['outage-at:5s:1s:2s', 'invalid-value', 'outage-at:5s:1s:2s'],
    ['silence-at', 'invalid-value', 'silence-at'],
    ['disconnect-at:1s:99', 'invalid-value', 'disconnect-at:1s:99'],
    ['expire-tokens:1s', 'invalid-value', 'expire-tokens:1s'],
    ['latency:100,latency-up:50', 'duplicate-setting', 'latency-up:50'],
  ])('rejects %s with a typed %s error naming the part', (text, code, part) => {
    let thrown: unknown
    try {
      parseScenario(text)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ScenarioError)
    expect(thrown).toMatchObject({ name: 'ScenarioError', code, part })
  })
})

describe('playing a scenario', () => {
  const { startBackend, connect } = useMockServer()

  it('an outage at start: the first attempts fail, then the client opens', async () => {
    const backend = startBackend({ scenario: 'outage:300ms' })
    const token = backend.model.issueToken('trainer-maya')
    const connection = connect(() => token, { backoff: { baseMs: 60, factor: 2, capMs: 120 } })
    const states = recordStates(connection)

    await waitForState(connection, 'open', 3_000)

    expect(states.find((state) => state.status === 'reconnecting')).toMatchObject({
      reason: { code: 1006 },
    })
  })

  it('a timed disconnect and token expiry happen on their clock', async () => {
    const playedAt = Date.now()
    const backend = startBackend({ scenario: 'disconnect-at:300ms:4000,expire-tokens-at:800ms' })
    const token = backend.model.issueToken('client-sam')
    const connection = connect(() => token)
    await waitForState(connection, 'open')

    const dropped = await waitForState(connection, 'reconnecting')
    expect(Date.now() - playedAt).toBeGreaterThanOrEqual(295)
    expect(dropped.reason).toEqual({ kind: 'close', code: 4000, reason: 'service restart' })
    await waitForState(connection, 'open')
    const refused = await waitForState(connection, 'unauthorized')

    expect(Date.now() - playedAt).toBeGreaterThanOrEqual(795)
    expect(refused.reason).toMatchObject({ code: 4401, message: 'token expired' })
  })

  it('a cancelled scenario does nothing more, and reset() turns its faults off', async () => {
    const backend = startBackend()
    const token = backend.model.issueToken('client-sam')
    const connection = connect(() => token)
    await waitForState(connection, 'open')

    const cancel = backend.controls.play('latency:20,refuse-auth,disconnect-at:100ms')
    cancel()
    await sleep(250)
    expect(connection.getSnapshot().status).toBe('open')
    expect(backend.controls.faults()).toMatchObject({
      refuseAuth: true,
      latency: { toClientMs: 20, toServerMs: 20, jitterMs: 0 },
    })

    backend.controls.reset()
    expect(backend.controls.faults()).toEqual({
      outageUntil: 0,
      latency: noLatency,
      refuseAuth: false,
      silent: false,
      frames: { toClient: noFrames, toServer: noFrames },
      uploads: { delayMs: 0, failRate: 0 },
      history: { delayMs: 0, failRate: 0 },
    })
    backend.controls.disconnectAll()
    await waitForState(connection, 'reconnecting')
    await waitForState(connection, 'open') // refuse-auth is off again
  })
})
