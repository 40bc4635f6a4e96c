import { describe, expect, it } from 'vitest'
import { openRawSocket, useMockServer } from './helpers'

// Frames the core never sends, through a bare socket: the server must answer each with an
// in-band error and carry on, because a chat server that dies on one bad frame takes every
// other session with it.
const { startBackend } = useMockServer()

describe('native protocol frames', () => {
  it('answers malformed frames with error frames and keeps the session usable', async () => {
    const { model } = startBackend({ heartbeatMs: 30_000 })
    const raw = openRawSocket()
    await raw.opened

    raw.send('not json')
    raw.send('[1,2]')
    raw.send('{"token":"no type"}')
    raw.send(new TextEncoder().encode('{"type":"auth"}').buffer)
    raw.send('{"type":"ping","ts":1}')
    const beforeAuth = await raw.frames(5)
    expect(beforeAuth.map((frame) => [frame.type, frame.code])).toEqual([
      ['error', 'invalid-json'],
      ['error', 'invalid-frame'],
      ['error', 'missing-field'],
      ['error', 'unsupported-frame'],
      ['error', 'auth-required'],
    ])
    for (const frame of beforeAuth) expect(frame.message).toEqual(expect.any(String))

    raw.send(JSON.stringify({ type: 'auth', token: model.issueToken('client-sam') }))
    raw.send('{"type":"ping"}')
    raw.send('{"type":"shout","text":"hi"}')
    raw.send('{"type":"auth","token":"again"}')
    raw.send('{"type":"ping","ts":42}')

    expect((await raw.frames(10)).slice(5)).toEqual([
      { type: 'welcome', userId: 'client-sam', heartbeatMs: 30_000 },
      { type: 'error', code: 'missing-field', message: 'ping needs a numeric "ts"' },
      { type: 'error', code: 'unknown-type', message: 'Unknown frame type "shout"' },
      {
        type: 'error',
        code: 'already-authenticated',
        message: 'This session is already authenticated',
      },
      { type: 'pong', ts: 42 },
    ])
    expect(raw.socket.readyState).toBe(WebSocket.OPEN)
  })

  it('closes with 4408 when no auth frame arrives in time, garbage or not', async () => {
    startBackend({ authTimeoutMs: 150 })
    const createdAt = Date.now()
    const raw = openRawSocket()
    await raw.opened
    raw.send('{"type":"ping","ts":1}')

    const closed = await raw.closed

    expect(closed).toMatchObject({ code: 4408, reason: 'no auth frame in time' })
    expect(closed.at - createdAt).toBeGreaterThanOrEqual(145)
    expect(raw.received).toEqual([expect.objectContaining({ code: 'auth-required' })])
  })

  it('closes with 4401 when the auth frame carries no token', async () => {
    startBackend()
    const raw = openRawSocket()
    await raw.opened

    raw.send('{"type":"auth","token":null}')

    expect(await raw.closed).toMatchObject({ code: 4401, reason: 'token missing' })
  })

  it('forgets a session when its client goes away', async () => {
    const { model, controls } = startBackend()
    const raw = openRawSocket()
    await raw.opened
    raw.send(JSON.stringify({ type: 'auth', token: model.issueToken('trainer-maya') }))
    await raw.frames(1)
    expect(controls.sessions()).toHaveLength(1)

    raw.socket.close()
    await raw.closed

    expect(controls.sessions()).toEqual([])
  })
})

describe('dispose', () => {
  it('closes live sessions with 1001 and refuses later connections before they open', async () => {
    const backend = startBackend()
    const live = openRawSocket()
    await live.opened

    backend.dispose()

    expect(await live.closed).toMatchObject({ code: 1001, reason: 'server shutting down' })
    const late = openRawSocket()
    let lateOpened = false
    void late.opened.then(() => (lateOpened = true))
    expect(await late.closed).toMatchObject({ code: 1006 })
    expect(lateOpened).toBe(false)
  })
})

describe('latency', () => {
  it('delays both directions and never reorders frames, however the jitter falls', async () => {
    // Jitter picks that would reorder the pongs if each frame were delayed independently.
    const picks = [0.9, 0.1, 0.8, 0.0, 0.5, 0.2, 0.7, 0.3]
    const { model, controls } = startBackend({ random: () => picks.shift() ?? 0 })
    const raw = openRawSocket()
    await raw.opened
    raw.send(JSON.stringify({ type: 'auth', token: model.issueToken('trainer-maya') }))
    await raw.frames(1)
    controls.latency({ toClientMs: 60, toServerMs: 40, jitterMs: 100 })

    const sentAt = Date.now()
    for (const ts of [1, 2, 3, 4]) raw.send(JSON.stringify({ type: 'ping', ts }))
    const pongs = (await raw.frames(5)).slice(1)
    const elapsed = Date.now() - sentAt

    expect(pongs.map((frame) => frame.ts)).toEqual([1, 2, 3, 4])
    // The first ping alone waited 40 + 90 on the way in and 60 + 50 on the way out.
    expect(elapsed).toBeGreaterThanOrEqual(235)
  })

  it('latency() with no settings takes the delay away again', async () => {
    const { model, controls } = startBackend()
    controls.latency({ toClientMs: 500, toServerMs: 500 })
    controls.latency()
    const raw = openRawSocket()
    await raw.opened
    const sentAt = Date.now()
    raw.send(JSON.stringify({ type: 'auth', token: model.issueToken('trainer-maya') }))

    await raw.frames(1)

    // With the delay still in place the welcome would take a second.
    expect(Date.now() - sentAt).toBeLessThan(500)
  })
})
