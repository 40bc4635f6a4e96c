import { describe, expect, it } from 'vitest'
import type { ChatClient } from '../src'
import type { SharedSocketOptions } from '../src/cross-tab'
import { nativeProtocol } from '../src/native'
import { bodies, fakeLocks, openTab, status, statusOf, type Tab } from './cross-tab-harness'
import { nativeClient, onCleanup, serveNative } from './helpers'
import { waitFor, type NativeServer } from './native-server'

const server = serveNative
/** Fast heartbeats so takeovers in these tests take a fraction of a second. */
const FAST: Partial<SharedSocketOptions> = { heartbeatMs: 100, leaderTimeoutMs: 400 }

function tabs(s: NativeServer, count: number, shared: Partial<SharedSocketOptions> = FAST) {
  const key = `native:user-alice@${s.url}`
  const opened = Array.from({ length: count }, () => openTab(s, 'alice', key, shared))
  for (const tab of opened) {
    onCleanup(() => tab.client.close())
    tab.client.watch('room')
  }
  return opened
}
function bob(s: NativeServer): ChatClient {
  const c = nativeClient(s, 'bob')
  c.watch('room')
  return c
}
const framesOfType = (s: NativeServer, type: string) =>
  s.received.filter((f) => (f as { type?: string }).type === type).length
const allOpen = (list: Tab[]) => list.every((t) => status(t) === 'open')
const realSockets = (list: Tab[]) => list.reduce((sum, t) => sum + t.realSockets, 0)

/** Three tabs of Alice joined to 'room' over one socket, and Bob on his own. */
async function chat(shared?: Partial<SharedSocketOptions>) {
  const s = await server()
  const b = bob(s)
  await waitFor(() => b.getSnapshot().connection.status === 'open', 5_000, 'bob open')
  const alice = tabs(s, 3, shared)
  await waitFor(() => allOpen(alice), 5_000, 'three tabs open')
  // Bob's join and each tab's: the joins of followers went through the leader's socket.
  await waitFor(() => framesOfType(s, 'join') === 4, 5_000, 'joins')
  return { s, b, alice }
}

/** Each tab sends; each sees its own send acked, and Bob receives them all. */
async function eachTabSends(s: NativeServer, b: ChatClient, alice: Tab[], label: string) {
  const sent = alice.map((t, i) => t.client.send('room', `${label} ${i}`))
  await waitFor(
    () => alice.every((t, i) => statusOf(t.client, sent[i]!.clientId!) === 'sent'),
    5_000,
    `${label}: every tab's send acked`,
  )
  const expected = alice.map((_, i) => `${label} ${i}`)
  await waitFor(() => expected.every((body) => bodies(b).includes(body)), 5_000, 'bob got them')
  expect(s.conversations.get('room')?.filter((m) => m.body.startsWith(label))).toHaveLength(
    alice.length,
  )
}

async function bobReachesAll(b: ChatClient, alice: Tab[], body: string) {
  b.send('room', body)
  await waitFor(() => alice.every((t) => bodies(t.client).includes(body)), 5_000, body)
  for (const t of alice) expect(bodies(t.client).filter((x) => x === body)).toHaveLength(1)
}

describe('one socket per user across tabs (election over BroadcastChannel)', () => {
  it('three tabs of one user hold exactly one real connection, and chat through it', async () => {
    const { s, b, alice } = await chat()
    expect(s.handshakes).toBe(2) // Bob's and Alice's one
    expect(s.sockets.size).toBe(2)
    expect(realSockets(alice)).toBe(1)
    // Followers' opening frames (auth) stayed home; they went open on the leader's greeting.
    expect(framesOfType(s, 'auth')).toBe(2)
    for (const t of alice) expect(t.client.getSnapshot().userId).toBe('user-alice')

    await eachTabSends(s, b, alice, 'hello from tab')
    await bobReachesAll(b, alice, 'hi, all of you')
  })

  it("a message one tab sends shows in the user's other tabs too, once", async () => {
    const { s, b, alice } = await chat()
    await eachTabSends(s, b, alice, 'from a tab')
    const expected = alice.map((_, i) => `from a tab ${i}`)
    for (const tab of alice)
      await waitFor(() => expected.every((body) => bodies(tab.client).includes(body)), 5_000)
    for (const tab of alice) expect(bodies(tab.client).sort()).toEqual([...expected].sort())
  })

  it('a tab opened later follows: the greeting is replayed, no new handshake or auth', async () => {
    const { s, alice } = await chat()
    const late = tabs(s, 1)[0]!
    await waitFor(() => status(late) === 'open', 5_000, 'late tab open')
    expect(late.client.getSnapshot().userId).toBe('user-alice')
    expect(s.handshakes).toBe(2)
    expect(framesOfType(s, 'auth')).toBe(2)
    expect(late.realSockets).toBe(0)
    await waitFor(() => framesOfType(s, 'join') === 5, 5_000, 'its join forwarded')
    const { clientId } = late.client.send('room', 'late but here')
    await waitFor(() => statusOf(late.client, clientId!) === 'sent', 5_000, 'acked')
    expect(alice.every((t) => status(t) === 'open')).toBe(true)
  })

  it('the leader tab closes: a follower takes over with one new handshake, nothing lost', async () => {
    const { s, b, alice } = await chat()
    const leader = alice.find((t) => t.realSockets === 1)!
    const followers = alice.filter((t) => t !== leader)
    const handshakes = s.handshakes
    const opened = realSockets(followers)
    // A follower's send and Bob's message race the takeover.
    const racing = followers[0]!.client.send('room', 'sent as the leader left')
    leader.client.close()
    b.send('room', 'while they regroup')

    await waitFor(
      () => realSockets(followers) === opened + 1 && allOpen(followers),
      5_000,
      'takeover',
    )
    expect(s.handshakes).toBe(handshakes + 1)
    await waitFor(
      () => statusOf(followers[0]!.client, racing.clientId!) === 'sent',
      5_000,
      'racing send acked',
    )
    await waitFor(
      () => followers.every((t) => bodies(t.client).includes('while they regroup')),
      5_000,
      'replayed',
    )
    expect(
      s.conversations.get('room')?.filter((m) => m.body === 'sent as the leader left'),
    ).toHaveLength(1)
    await eachTabSends(s, b, followers, 'after takeover')
    await bobReachesAll(b, followers, 'still here')
    expect(s.sockets.size).toBe(2)
  })

  it('a crashed leader (no goodbye) is replaced within a few seconds at default timings', async () => {
    const { s, b, alice } = await chat({})
    const leader = alice.find((t) => t.realSockets === 1)!
    const followers = alice.filter((t) => t !== leader)
    const handshakes = s.handshakes
    const crashedAt = Date.now()
    leader.crash()
    b.send('room', 'during the silence')
    const pending = followers[1]!.client.send('room', 'into the void')

    await waitFor(() => s.handshakes === handshakes + 1, 8_000, 'new leader connects')
    const tookMs = Date.now() - crashedAt
    expect(tookMs).toBeLessThan(5_000) // 3 missed heartbeats of 1 s, a claim, a reconnect
    await waitFor(() => allOpen(followers), 5_000, 'followers open')
    await waitFor(
      () => followers.every((t) => bodies(t.client).includes('during the silence')),
      5_000,
      'replayed',
    )
    await waitFor(() => statusOf(followers[1]!.client, pending.clientId!) === 'sent', 5_000, 'ack')
    await eachTabSends(s, b, followers, 'after the crash')
    expect(s.handshakes).toBe(handshakes + 1)
    expect(realSockets(followers)).toBe(1)
  }, 30_000)

  it("the leader's engine reconnecting keeps the lead: one new socket, followers reattach", async () => {
    const { s, b, alice } = await chat()
    const leader = alice.find((t) => t.realSockets === 1)!
    const handshakes = s.handshakes
    leader.client.reconnect()
    await waitFor(() => leader.realSockets === 2 && allOpen(alice), 5_000, 'back')
    await waitFor(() => s.sockets.size === 2, 5_000, 'old socket gone')
    expect(s.handshakes).toBe(handshakes + 1)
    expect(realSockets(alice)).toBe(2)
    await eachTabSends(s, b, alice, 'after reconnect')
  })

  it('heartbeats travel through the one socket: no tab times out', async () => {
    const s = await server()
    const key = `native:user-alice@${s.url}`
    const heartbeat = { heartbeatIntervalMs: 150, heartbeatGraceMs: 150 }
    const alice = [1, 2, 3].map(() => openTab(s, 'alice', key, FAST, heartbeat))
    for (const t of alice) onCleanup(() => t.client.close())
    await waitFor(() => allOpen(alice), 5_000, 'open')
    const pings = framesOfType(s, 'ping')
    const until = Date.now() + 1_200
    while (Date.now() < until) {
      expect(allOpen(alice)).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(s.handshakes).toBe(1)
    // Pings went out through the one socket, and every tab heard the pongs.
    expect(framesOfType(s, 'ping') - pings).toBeGreaterThan(4)
  })

  it('the server drops the shared connection: every tab reconnects over one new socket', async () => {
    const { s, b, alice } = await chat()
    const handshakes = s.handshakes
    s.dropUser('user-alice')
    await waitFor(() => alice.some((t) => status(t) !== 'open'), 5_000, 'dropped')
    await waitFor(() => allOpen(alice) && s.sockets.size === 2, 5_000, 'back')
    expect(s.handshakes).toBe(handshakes + 1)
    await eachTabSends(s, b, alice, 'after the drop')
  })

  it("a refused token closes every tab's engine as unauthorized, and nothing keeps retrying", async () => {
    const { s, alice } = await chat()
    const handshakes = s.handshakes
    s.closeAll(4401, 'invalid token')
    await waitFor(() => alice.every((t) => status(t) === 'unauthorized'), 5_000, 'unauthorized')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(s.handshakes).toBe(handshakes)
    expect(alice.every((t) => t.openChannels === 0)).toBe(true)
  })

  it('passes unkind frames through untouched: every tab reports the garbage as a protocol error', async () => {
    const { s, alice } = await chat()
    const errors = alice.map(() => [] as unknown[])
    alice.forEach((t, i) =>
      t.client.onEvent((e) => e.type === 'protocol-error' && errors[i]!.push(e.raw)),
    )
    s.broadcastRaw('{"type":"message","message":{"id":')
    await waitFor(() => errors.every((list) => list.length === 1), 5_000, 'protocol errors')
    expect(errors.flat()).toEqual(Array(3).fill('{"type":"message","message":{"id":'))
    await bobReachesAll(bob(s), alice, 'still fine')
  })

  it('a dialect open without a greeting names its opening frames, and the joins still go out', async () => {
    // Open at once: the engine sends its auth and its joins inside onopen; only the auth stays home.
    const s = await server()
    const key = `eager:user-alice@${s.url}`
    const eager = { ...nativeProtocol, awaitsReady: false }
    const alice = [1, 2, 3].map(() =>
      openTab(s, 'alice', key, { ...FAST, openingFrames: 1 }, { protocol: eager }),
    )
    for (const t of alice) {
      onCleanup(() => t.client.close())
      t.client.watch('room')
    }
    await waitFor(() => allOpen(alice) && framesOfType(s, 'join') === 3, 5_000, 'joins')
    expect(framesOfType(s, 'auth')).toBe(1)
    expect(s.handshakes).toBe(1)
    await bobReachesAll(bob(s), alice, 'eager hello')
  })

  it('a real socket that cannot be made fails as `new WebSocket` would, and leaks nothing', async () => {
    const s = await server()
    const broken = openTab(s, 'alice', 'native:broken', FAST, { url: 'not a url' })
    onCleanup(() => broken.client.close())
    await waitFor(() => broken.realSockets >= 2, 5_000, 'the engine keeps retrying')
    expect(status(broken)).toMatch(/connecting|reconnecting/)
    broken.client.close()
    await waitFor(() => broken.openChannels === 0, 2_000, 'channel closed')
  })

  it('tabs with different keys never share', async () => {
    const s = await server()
    const one = openTab(s, 'alice', 'native:user-alice@one', FAST)
    const other = openTab(s, 'alice', 'native:user-alice@other', FAST)
    const bobTab = openTab(s, 'bob', `native:user-bob@${s.url}`, FAST)
    for (const t of [one, other, bobTab]) onCleanup(() => t.client.close())
    await waitFor(() => allOpen([one, other, bobTab]), 5_000, 'open')
    expect(s.handshakes).toBe(3)
    expect([one, other, bobTab].map((t) => t.realSockets)).toEqual([1, 1, 1])
  })

  it('closing every tab leaves no channel, timer or socket behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const s = await server()
    const before = timers()
    const alice = tabs(s, 3)
    await waitFor(() => allOpen(alice), 5_000, 'open')
    for (const t of alice) t.client.close()
    await waitFor(() => s.sockets.size === 0, 2_000, 'socket closed')
    await waitFor(() => alice.every((t) => t.openChannels === 0), 2_000, 'channels closed')
    await waitFor(() => timers() <= before, 2_000, 'timers cleared')
  })
})

describe('one socket per user across tabs (Web Locks)', () => {
  it('one connection; leader closes then crashes: followers take over at once each time', async () => {
    const locks = fakeLocks()
    // A long heartbeat timeout: with locks, a takeover must not wait for missed heartbeats.
    const { s, b, alice } = await chat({ locks, heartbeatMs: 1_000, leaderTimeoutMs: 60_000 })
    expect(realSockets(alice)).toBe(1)
    await eachTabSends(s, b, alice, 'locked')

    const first = alice.find((t) => t.realSockets === 1)!
    const rest = alice.filter((t) => t !== first)
    let handshakes = s.handshakes
    const opened = realSockets(rest)
    let since = Date.now()
    first.client.close()
    await waitFor(() => allOpen(rest) && realSockets(rest) === opened + 1, 5_000, 'takeover')
    expect(Date.now() - since).toBeLessThan(2_000)
    expect(s.handshakes).toBe(handshakes + 1)

    const second = rest.find((t) => t.realSockets > 0)!
    const last = rest.find((t) => t !== second)!
    handshakes = s.handshakes
    since = Date.now()
    second.crash()
    b.send('room', 'to the last tab')
    await waitFor(() => s.handshakes === handshakes + 1 && status(last) === 'open', 5_000, 'last')
    expect(Date.now() - since).toBeLessThan(2_000)
    await waitFor(() => bodies(last.client).includes('to the last tab'), 5_000, 'replayed')
    await eachTabSends(s, b, [last], 'alone')
    expect(locks.holders()).toBe(1)
    last.client.close()
    await waitFor(() => locks.holders() === 0, 2_000, 'lock released')
  })
})
