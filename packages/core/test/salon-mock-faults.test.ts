import { describe, expect, it } from 'vitest'
import type { ChatClient } from '../src'
import { status, untilOpen, waitFor } from './helpers'
import {
  CHAT,
  CONVERSATION,
  everyoneJoined,
  NOOR,
  ROSA,
  servedSalon,
  signIn,
  storedMessages,
  timeline,
} from './salon-mock-fixtures'

// The core's real-socket faults (a dying process, a half-open peer, an outage, a queue built up
// while offline, frames repeated and swapped) met by the Salon adapter, against the mock backend's
// Salon dialect over a real socket.
const ids = (c: ChatClient) => timeline(c).map((m) => m.id)
const settled = (c: ChatClient) =>
  timeline(c).every((m) => m.status === 'sent' || m.status === 'read')

describe('Salon over a real socket: faults against the mock backend', () => {
  it('a half-open server (no pongs, no frames) is noticed by the heartbeat; it reconnects after', async () => {
    const world = await servedSalon()
    // Short enough to notice in a test, long enough that a loaded CI machine's slow pong is no death.
    const rosa = signIn(world, ROSA, { heartbeatIntervalMs: 300, heartbeatGraceMs: 400 })
    await untilOpen(rosa)
    const seen: string[] = []
    rosa.subscribe(() => seen.push(status(rosa)))
    world.backend.controls.silence(true)
    await waitFor(() => status(rosa) !== 'open', 5_000, 'the dead peer noticed')
    world.backend.controls.silence(false)
    await waitFor(() => status(rosa) === 'open', 10_000, 'open again')
    expect(world.served.connections()).toBeGreaterThan(1)
    expect(seen).not.toContain('unauthorized')
  })

  it('an outage (403 on every upgrade, 503 from REST) is not a refused token; it ends open', async () => {
    const world = await servedSalon()
    const rosa = signIn(world, ROSA, { preOpenFailuresBeforeAuth: 1 })
    await untilOpen(rosa)
    const seen: string[] = []
    rosa.subscribe(() => seen.push(status(rosa)))
    world.backend.controls.outage(600)
    await waitFor(() => status(rosa) !== 'open', 2_000, 'dropped')
    await untilOpen(rosa)
    expect(seen).not.toContain('unauthorized')
  })

  it('sends made while the server is down are queued and land once each, in order, after the restart', async () => {
    const world = await servedSalon()
    const { backend, served } = world
    const noor = signIn(world, NOOR)
    noor.watch(CHAT)
    await waitFor(everyoneJoined(backend, 1), 5_000, 'joined')
    await served.kill()
    await waitFor(() => status(noor) !== 'open', 2_000, 'dropped')
    const queued = ['one', 'two', 'three', 'four', 'five']
    for (const body of queued) noor.send(CHAT, body)
    await served.restart()
    // A customer's timeline holds only what reached her live: no history endpoint.
    await waitFor(() => timeline(noor).length === 5 && settled(noor), 5_000, 'flushed')
    const stored = storedMessages(backend).slice(-5)
    expect(stored.map((m) => m.body)).toEqual(queued)
    expect(ids(noor)).toEqual(stored.map((m) => m.id))
  })

  it('staff gap-fill what was said while they were cut off: shown once, in server order', async () => {
    const world = await servedSalon()
    const { backend, served } = world
    const rosa = signIn(world, ROSA)
    rosa.watch(CHAT)
    await waitFor(everyoneJoined(backend, 1), 5_000, 'joined')
    await waitFor(() => timeline(rosa).length >= 5, 5_000, 'the seeded history')
    await served.kill()
    for (let i = 0; i < 3; i++)
      backend.model.send(NOOR.userId, {
        conversationId: CONVERSATION,
        clientId: `away-${i}`,
        body: `away ${i}`,
      })
    await served.restart()
    await waitFor(() => timeline(rosa).length >= 8, 5_000, 'gap-fill')
    await new Promise((resolve) => setTimeout(resolve, 200)) // a second copy would land by now
    expect(ids(rosa)).toEqual(storedMessages(backend).map((m) => m.id))
    expect(rosa.getSnapshot().sync[CHAT]?.status).toBe('synced')
  })

  it('frames repeated and swapped on the way to the clients: every message shown once, echoes confirm', async () => {
    const world = await servedSalon()
    const { backend } = world
    const rosa = signIn(world, ROSA)
    const noor = signIn(world, NOOR)
    rosa.watch(CHAT)
    noor.watch(CHAT)
    await waitFor(everyoneJoined(backend, 2), 5_000, 'joined')
    backend.controls.frames({ toClient: { duplicate: 0.3, reorder: 0.2 } })
    const bodies = Array.from({ length: 20 }, (_, i) => `burst ${i}`)
    for (const [i, body] of bodies.entries()) (i % 2 ? noor : rosa).send(CHAT, body)
    const burst = (c: ChatClient) => timeline(c).filter((m) => m.body.startsWith('burst '))
    await waitFor(
      () => [rosa, noor].every((c) => burst(c).length === 20 && settled(c)),
      5_000,
      'every message confirmed and delivered',
    )
    await new Promise((resolve) => setTimeout(resolve, 100)) // late repeats land by now
    backend.controls.frames()
    const stored = storedMessages(backend).filter((m) => m.body.startsWith('burst '))
    expect(stored.map((m) => m.body).sort()).toEqual([...bodies].sort()) // stored once each
    for (const c of [rosa, noor]) {
      expect(burst(c)).toHaveLength(20)
      expect(new Set(ids(c)).size).toBe(ids(c).length)
    }
  })
})
