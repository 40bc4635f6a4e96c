import { describe, expect, it } from 'vitest'
import type { ChatClient } from '../src'
import type { SocketConstructor } from '../src/connection'
import { createSharedSocket } from '../src/cross-tab'
import type { SalonServer } from './salon-server'
import { bodies, untilOpen, salonClient, salonWorld, timeline, waitFor } from './salon-fixtures'

/** Maya's tabs, sharing one socket; `leads` tells which tab holds the real one. */
function mayaTabs(server: SalonServer, count: number) {
  const RealSocket = (globalThis as { WebSocket?: SocketConstructor }).WebSocket!
  let latest: ChatClient | undefined
  const tabs = Array.from({ length: count }, () => {
    const tab: ChatClient = salonClient(server, 'user', 'maya-token', {
      WebSocket: createSharedSocket({
        key: `salon:user:7@${server.url}`,
        heartbeatMs: 100,
        leaderTimeoutMs: 400,
        WebSocket: function (url: string) {
          latest = tab
          return new RealSocket(url)
        } as unknown as SocketConstructor,
      }),
    })
    return tab
  })
  return { tabs, leads: () => latest }
}
const stillOpenFor = async (clients: ChatClient[], ms: number) => {
  const until = Date.now() + ms
  while (Date.now() < until) {
    expect(clients.map((c) => c.getSnapshot().connection.status)).toEqual(clients.map(() => 'open'))
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('Salon, which drops both sockets of one identity: tabs share one', () => {
  it('without sharing, two staff tabs knock each other off, again and again', async () => {
    const { server } = await salonWorld()
    server.quirks.dropDuplicateIdentities = true
    // The browser's own socket per tab, instead of the adapter's shared one.
    const own = { WebSocket: (globalThis as { WebSocket?: SocketConstructor }).WebSocket! }
    salonClient(server, 'user', 'maya-token', own)
    salonClient(server, 'user', 'maya-token', own)
    await waitFor(() => server.handshakes >= 6, 5_000, 'a reconnect storm')
  })

  it('shares by default: two staff tabs of one identity hold one socket and stay connected', async () => {
    const { server } = await salonWorld()
    server.quirks.dropDuplicateIdentities = true
    const tabs = [
      salonClient(server, 'user', 'maya-token'),
      salonClient(server, 'user', 'maya-token'),
    ]
    await Promise.all(tabs.map(untilOpen))
    await stillOpenFor(tabs, 600)
    expect(server.handshakes).toBe(1)
    expect(server.online('user', 7)).toBe(1)
  })

  it('three staff tabs stay connected over one socket and chat with a customer', async () => {
    const { server, chat } = await salonWorld()
    server.quirks.dropDuplicateIdentities = true
    const sam = salonClient(server, 'customer', 'sam-token')
    sam.watch(chat)
    const { tabs: maya, leads } = mayaTabs(server, 3)
    maya.forEach((tab) => tab.watch(chat))
    await Promise.all([untilOpen(sam), ...maya.map(untilOpen)])
    for (const tab of maya) expect(tab.getSnapshot().userId).toBe('user:7')
    await waitFor(
      () => server.received.filter((f) => f.type === 'join_chat').length === 4,
      5_000,
      'every tab joined through the one socket',
    )
    await stillOpenFor([sam, ...maya], 600)
    expect(server.online('user', 7)).toBe(1)
    expect(server.handshakes).toBe(2)

    sam.send(chat, 'Is 3 pm free?')
    await waitFor(() => maya.every((t) => bodies(t, chat).includes('Is 3 pm free?')), 5_000, 'in')
    const sent = maya.map((tab, i) => tab.send(chat, `Yes, from tab ${i}`))
    await waitFor(
      () =>
        maya.every(
          (tab, i) =>
            timeline(tab, chat).find((m) => m.clientId === sent[i]!.clientId)?.status === 'sent',
        ),
      5_000,
      'each tab confirmed by its echo',
    )
    await waitFor(() => bodies(sam, chat).length === 4, 5_000, 'sam has all')
    expect(bodies(sam, chat).slice(1).sort()).toEqual([0, 1, 2].map((i) => `Yes, from tab ${i}`))

    // The leader tab closes: another takes over, still one socket for Maya.
    const handshakes = server.handshakes
    const leader = leads()!
    leader.close()
    const rest = maya.filter((tab) => tab !== leader)
    await waitFor(() => server.handshakes > handshakes, 5_000, 'a new leader connects')
    await Promise.all(rest.map(untilOpen))
    await stillOpenFor([sam, ...rest], 600)
    expect(server.online('user', 7)).toBe(1)
    expect(server.handshakes).toBe(handshakes + 1)
    sam.send(chat, 'See you then')
    await waitFor(() => rest.every((t) => bodies(t, chat).includes('See you then')), 5_000, 'on')
  })
})
