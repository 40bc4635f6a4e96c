import { describe, expect, it } from 'vitest'
import { openRawSocket, sleep } from './helpers'
import { connectSalon, NAIVE_UTC, socketUrl, SOCKET_ROOT, useSalonServer } from './salon-helpers'

// The Salon socket's connection layer through bare sockets: handshake, greeting and the real
// server's ways of ending a connection.
const { startSalon } = useSalonServer()

/** A socket the server refuses: it never opens, and closes with 1006. */
async function expectRefused(url: string) {
  const raw = openRawSocket(url)
  let opened = false
  void raw.opened.then(() => (opened = true))
  const closed = await raw.closed
  expect(opened).toBe(false)
  expect(closed.code).toBe(1006)
  expect(raw.received).toEqual([])
}

describe('handshake', () => {
  it('greets staff and customers with their (type, id) and a naive UTC timestamp', async () => {
    const backend = startSalon()
    const rosa = await connectSalon(backend, 'staff-rosa')
    const noor = await connectSalon(backend, 'customer-noor')

    expect(rosa.received[0]).toEqual({
      type: 'connected',
      participant_type: 'user',
      participant_id: 7,
      timestamp: expect.stringMatching(NAIVE_UTC),
    })
    // The same number, another person.
    expect(noor.received[0]).toMatchObject({ participant_type: 'customer', participant_id: 7 })
    expect(backend.controls.sessions().map((s) => s.userId)).toEqual([
      'staff-rosa',
      'customer-noor',
    ])
  })

  it('refuses a bad, missing or misplaced token before the socket ever opens', async () => {
    const backend = startSalon()
    await expectRefused(`${SOCKET_ROOT}/user?token=nope`)
    await expectRefused(`${SOCKET_ROOT}/user`)
    // A staff token on the customer path, and a person Salon does not know.
    await expectRefused(`${SOCKET_ROOT}/customer?token=${backend.model.issueToken('staff-li')}`)
    await expectRefused(socketUrl('trainer-maya', backend.model.issueToken('trainer-maya')))
    const token = backend.model.issueToken('customer-ethan')
    backend.model.revokeToken(token)
    await expectRefused(socketUrl('customer-ethan', token))
    expect(backend.controls.sessions()).toEqual([])
  })

  it('refuses every token while refuseAuth is on, and every socket during an outage', async () => {
    const backend = startSalon()
    const url = socketUrl('staff-rosa', backend.model.issueToken('staff-rosa'))
    backend.controls.refuseAuth(true)
    await expectRefused(url)
    backend.controls.refuseAuth(false)
    backend.controls.outage(200)
    await expectRefused(url)
    await sleep(220)
    await connectSalon(backend, 'staff-rosa')
  })

  it('closes a live socket with 1008 when its token expires', async () => {
    const backend = startSalon()
    const token = backend.model.issueToken('staff-li')
    const raw = openRawSocket(socketUrl('staff-li', token))
    await raw.frames(1)
    backend.controls.expireToken(token)
    expect((await raw.closed).code).toBe(1008)
  })
})

describe('frames the server does not expect', () => {
  it('answers ping with pong and a naive timestamp', async () => {
    const rosa = await connectSalon(startSalon(), 'staff-rosa')
    rosa.json({ type: 'ping' })
    expect(await rosa.after(1)).toEqual([
      { type: 'pong', timestamp: expect.stringMatching(NAIVE_UTC) },
    ])
  })

  it('closes with 1000 and no error frame on invalid JSON (the default)', async () => {
    const rosa = await connectSalon(startSalon(), 'staff-rosa')
    rosa.send('{"type": "ping"')
    const closed = await rosa.closed
    expect(closed.code).toBe(1000)
    expect(rosa.received.map((frame) => frame.type)).toEqual(['connected'])
  })

  it('answers invalid JSON with an error frame when that quirk is off', async () => {
    const backend = startSalon({ salonQuirks: { invalidJsonCloses: false } })
    const rosa = await connectSalon(backend, 'staff-rosa')
    rosa.send('not json')
    rosa.json({ type: 'ping' })
    const frames = await rosa.after(2)
    expect(frames[0]).toEqual({ type: 'error', error: 'Invalid JSON' })
    expect(frames[1]).toMatchObject({ type: 'pong' })
  })

  it('silently ignores a {type, data} envelope, and says so for an unknown type', async () => {
    const backend = startSalon()
    const rosa = await connectSalon(backend, 'staff-rosa')
    rosa.json({ type: 'join_chat', data: { chat_id: 11 } })
    rosa.json({ type: 'send_message', data: { chat_id: 11, content: 'lost' } })
    rosa.json({ type: 'hello', chat_id: 11 })
    rosa.json([1, 2])
    rosa.json({ type: 'ping' })

    const frames = await rosa.after(3)
    expect(frames).toEqual([
      { type: 'error', error: 'Unknown message type: "hello"' },
      { type: 'error', error: 'Invalid message format' },
      { type: 'pong', timestamp: expect.any(String) },
    ])
    expect(backend.model.latestSeq('salon-rosa-noor')).toBe(5) // nothing stored
    expect(backend.controls.sessions()[0]?.joined).toEqual([])
  })
})

describe('a second socket of one identity', () => {
  it('lives beside the first by default', async () => {
    const backend = startSalon()
    const first = await connectSalon(backend, 'staff-rosa')
    await connectSalon(backend, 'staff-rosa')
    first.json({ type: 'ping' })
    expect(await first.after(1)).toMatchObject([{ type: 'pong' }])
    expect(backend.controls.sessions()).toHaveLength(2)
  })

  it('drops both with duplicateIdentityDrops, every time, but not another identity', async () => {
    const backend = startSalon()
    backend.controls.quirks({ duplicateIdentityDrops: true })
    const li = await connectSalon(backend, 'staff-li')
    const first = await connectSalon(backend, 'staff-rosa')
    const second = await connectSalon(backend, 'staff-rosa')
    expect((await first.closed).code).toBe(1000)
    expect((await second.closed).code).toBe(1000)

    // Both tabs reconnect, and drop each other again.
    const third = await connectSalon(backend, 'staff-rosa')
    const fourth = await connectSalon(backend, 'staff-rosa')
    await Promise.all([third.closed, fourth.closed])
    li.json({ type: 'ping' })
    expect(await li.after(1)).toMatchObject([{ type: 'pong' }])
    expect(backend.salon?.quirks().duplicateIdentityDrops).toBe(true)
  })
})
