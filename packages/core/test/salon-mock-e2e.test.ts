import { describe, expect, it } from 'vitest'
import { status, untilOpen, waitFor } from './helpers'
import {
  CHAT,
  CONVERSATION,
  everyoneJoined,
  mockSalonClient,
  NOOR,
  ROSA,
  servedSalon,
  signIn,
  storedMessages,
  timeline,
} from './salon-mock-fixtures'

// Salon's end-to-end scenarios worth repeating over a real socket against the mock backend's
// Salon dialect (they also run against the hand-written server in salon-engine.test.ts).

describe('Salon over a real socket: end-to-end scenarios against the mock backend', () => {
  it('a refused token is a 403 on the upgrade; checkAuth turns it into unauthorized', async () => {
    const { served } = await servedSalon()
    const bad = mockSalonClient(served, 'user', 'not-a-token', { preOpenFailuresBeforeAuth: 1 })
    await waitFor(() => status(bad) === 'unauthorized', 5_000, 'unauthorized')
    expect(served.connections()).toBe(0) // no socket ever opened
  })

  it('a token revoked mid-session ends the session in unauthorized, not in a reconnect loop', async () => {
    const world = await servedSalon()
    const token = world.backend.model.issueToken(ROSA.userId)
    const rosa = mockSalonClient(world.served, 'user', token, { preOpenFailuresBeforeAuth: 1 })
    await untilOpen(rosa)
    world.backend.controls.expireToken(token)
    await waitFor(() => status(rosa) === 'unauthorized', 5_000, 'unauthorized')
    expect(world.served.connections()).toBe(1)
  })

  it('a killed server is an outage, never unauthorized, and the client is back after the restart', async () => {
    const world = await servedSalon()
    const rosa = signIn(world, ROSA, { preOpenFailuresBeforeAuth: 1 })
    await untilOpen(rosa)
    await world.served.kill()
    await new Promise((resolve) => setTimeout(resolve, 1_000)) // many refused connections
    expect(status(rosa)).not.toBe('unauthorized')
    await world.served.restart()
    await untilOpen(rosa)
  })

  it('a send whose echo died with the server is stored once and shown once after the restart', async () => {
    const world = await servedSalon()
    const { backend, served } = world
    const rosa = signIn(world, ROSA)
    rosa.watch(CHAT)
    await waitFor(everyoneJoined(backend, 1), 5_000, 'joined')
    const before = backend.model.latestSeq(CONVERSATION)
    backend.controls.latency({ toClientMs: 5_000 }) // the echo is still queued when the process dies
    rosa.send(CHAT, 'did this arrive?')
    await waitFor(() => backend.model.latestSeq(CONVERSATION) === before + 1, 5_000, 'stored')
    await served.kill()
    backend.controls.latency()
    await served.restart()
    await untilOpen(rosa)
    const mine = () => timeline(rosa).filter((m) => m.body === 'did this arrive?')
    await waitFor(() => mine()[0]?.status === 'sent', 5_000, 'reconciled against history')
    await new Promise((resolve) => setTimeout(resolve, 300)) // a blind re-send would land by now
    expect(mine()).toHaveLength(1)
    expect(storedMessages(backend).filter((m) => m.body === 'did this arrive?')).toHaveLength(1)
    expect(mine()[0]!.id).toBe(storedMessages(backend).at(-1)!.id)
  })

  it('a customer told that what was missed cannot be loaded (no history endpoint)', async () => {
    const world = await servedSalon()
    const { backend, served } = world
    const noor = signIn(world, NOOR)
    noor.watch(CHAT)
    await waitFor(everyoneJoined(backend, 1), 5_000, 'joined')
    expect(noor.getSnapshot().sync[CHAT]?.status).toBe('synced')
    await served.kill()
    backend.model.send(ROSA.userId, {
      conversationId: CONVERSATION,
      clientId: 'while-away',
      body: 'sent while Noor was away',
    })
    await served.restart()
    await untilOpen(noor)
    await waitFor(() => noor.getSnapshot().sync[CHAT]?.status === 'error', 5_000, 'sync error')
    expect(noor.getSnapshot().sync[CHAT]).toMatchObject({ error: { code: 'sync-failed' } })
  })
})
