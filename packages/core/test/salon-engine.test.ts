import { describe, expect, it } from 'vitest'
import type { ChatClient } from '../src'
import { isPending } from '../src/model'
import { seededRandom } from './prng'
import {
  bodies,
  untilOpen,
  inChat,
  salonClient,
  salonWorld,
  timeline,
  waitFor,
} from './salon-fixtures'
import type { SalonServer } from './salon-server'

/**
 * Salon through the client engine where the engine's delivery contract decides the outcome: sends
 * whose fate is unknown (Salon has no client ids and no dedupe, so a blind re-send is a duplicate),
 * refused tokens vs outages (`checkAuth`), and a soak through the server's chaos switches. Written
 * against the ChatClient public API ahead of the engine's outbox/sync rework.
 */
const SEED = Number(process.env.SALON_SOAK_SEED ?? 4)
const SOAK_MESSAGES = Number(process.env.SALON_SOAK_MESSAGES ?? 60)

const rowsOf = (server: SalonServer, chatId: number) =>
  server.store.chats.get(chatId)!.messages.map((m) => m.content)
const settled = (c: ChatClient, chat: string, count: number) =>
  timeline(c, chat).length === count && timeline(c, chat).every((m) => !isPending(m))

describe('Salon and the delivery engine', () => {
  it('a send whose echo was lost with the server is stored once and shown once after the restart', async () => {
    const { server, chat, chatId } = await salonWorld()
    const maya = salonClient(server, 'user', 'maya-token')
    await inChat(server, chat, maya)
    server.quirks.holdEchoes = true // the server stores it; the echo dies with the process
    maya.send(chat, 'did this arrive?')
    await waitFor(() => rowsOf(server, chatId).length === 1, 5_000, 'stored')
    await server.kill()
    server.quirks.holdEchoes = false
    await server.restart()
    await untilOpen(maya)
    await waitFor(() => settled(maya, chat, 1), 5_000, 'reconciled against history')
    await new Promise((resolve) => setTimeout(resolve, 300)) // a blind re-send would land by now
    expect(rowsOf(server, chatId)).toEqual(['did this arrive?'])
    expect(bodies(maya, chat)).toEqual(['did this arrive?'])
  })

  it('an echo later than the ack timeout: the send is reconciled against history, never re-sent, shown once', async () => {
    const { server, chat, chatId } = await salonWorld()
    const maya = salonClient(server, 'user', 'maya-token', { ackTimeoutMs: 200 })
    await inChat(server, chat, maya)
    server.quirks.holdEchoes = true
    maya.send(chat, 'slow echo')
    await new Promise((resolve) => setTimeout(resolve, 400))
    // Unconfirmed, or already confirmed by the history check; never failed, never sent again.
    expect(['unconfirmed', 'sent']).toContain(timeline(maya, chat)[0]?.status)
    server.releaseEchoes()
    await waitFor(() => settled(maya, chat, 1), 5_000, 'late echo')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(timeline(maya, chat).map((m) => m.status)).toEqual(['sent'])
    expect(rowsOf(server, chatId)).toHaveLength(1)
  })

  it('an outage is not a refused token: a killed server never ends in unauthorized', async () => {
    const { server } = await salonWorld()
    const maya = salonClient(server, 'user', 'maya-token')
    await untilOpen(maya)
    await server.kill()
    await new Promise((resolve) => setTimeout(resolve, 1_500)) // many failed handshakes at 50-200 ms
    expect(maya.getSnapshot().connection.status).not.toBe('unauthorized')
    await server.restart()
    await untilOpen(maya)
  })

  it('a refused token ends in unauthorized once checkAuth is asked (after 1 failed handshake here)', async () => {
    const { server } = await salonWorld()
    const bad = salonClient(server, 'user', 'expired-token', { preOpenFailuresBeforeAuth: 1 })
    await waitFor(
      () => bad.getSnapshot().connection.status === 'unauthorized',
      5_000,
      'unauthorized',
    )
    expect(server.handshakes).toBe(1)
    expect(server.requests).toEqual(['GET /api/v1/chat/chats?is_archived=false'])
  })

  it('a customer, who has no history endpoint, is told what was missed cannot be loaded', async () => {
    const { server, chat, chatId, maya: mayaId } = await salonWorld()
    const sam = salonClient(server, 'customer', 'sam-token')
    await inChat(server, chat, sam)
    expect(sam.getSnapshot().sync[chat]?.status).toBe('synced')
    await server.kill()
    await server.restart()
    server.post(chatId, mayaId, 'sent while Sam was away')
    await untilOpen(sam)
    await waitFor(() => sam.getSnapshot().sync[chat]?.status === 'error', 5_000, 'sync error')
    expect(sam.getSnapshot().sync[chat]).toMatchObject({ error: { code: 'sync-failed' } })
  })

  it("a customer's send written offline behind one of unknown fate goes out once the rejoin has judged that one", async () => {
    const { server, chat, chatId } = await salonWorld()
    const sam = salonClient(server, 'customer', 'sam-token')
    await inChat(server, chat, sam)
    server.quirks.holdEchoes = true // stored, but its echo dies with the process
    sam.send(chat, 'first')
    await waitFor(() => rowsOf(server, chatId).length === 1, 5_000, 'stored')
    await server.kill()
    await waitFor(() => timeline(sam, chat)[0]?.status === 'unconfirmed', 5_000, 'unconfirmed')
    sam.send(chat, 'second') // written offline, held behind the first
    server.quirks.holdEchoes = false
    await server.restart()
    // A customer has no history to ask: the first one fails (the user decides), and the second,
    // held behind it, goes out after the rejoin instead of waiting for ever.
    await waitFor(() => timeline(sam, chat)[0]?.status === 'failed', 10_000, 'first judged')
    await waitFor(() => timeline(sam, chat)[1]?.status === 'sent', 5_000, 'second sent')
    expect(rowsOf(server, chatId)).toEqual(['first', 'second'])
  })

  it('a file (a kind Salon cannot store) fails at once, typed, and nothing goes on the wire', async () => {
    const { server, chat } = await salonWorld()
    const maya = salonClient(server, 'user', 'maya-token')
    await inChat(server, chat, maya)
    maya.send(chat, {
      text: 'contract.pdf',
      kind: 'file',
      attachments: [{ kind: 'file', url: '/f.pdf' }],
    })
    await waitFor(() => timeline(maya, chat)[0]?.status === 'failed', 5_000, 'failed')
    expect(timeline(maya, chat)[0]!.error).toMatchObject({ code: 'send-failed' })
    expect(server.received.filter((f) => f.type === 'send_message')).toEqual([])
  })

  it(`soak: ${SOAK_MESSAGES} messages both ways through delays, cut connections and a restart, nothing stored twice (seed ${SEED})`, async () => {
    const { server, chat, chatId } = await salonWorld()
    const options = { ackTimeoutMs: 1_000, heartbeatIntervalMs: 1_000, heartbeatGraceMs: 1_000 }
    const maya = salonClient(server, 'user', 'maya-token', options)
    const sam = salonClient(server, 'customer', 'sam-token', options)
    maya.watch(chat)
    sam.watch(chat)
    await Promise.all([untilOpen(maya), untilOpen(sam)])
    const random = seededRandom(SEED)
    server.setChaos({ maxDelayMs: 30, cutProbability: 0.02, random })
    const sent = { maya: [] as string[], sam: [] as string[] }
    for (let i = 0; i < SOAK_MESSAGES; i++) {
      const who = i % 2 ? 'sam' : 'maya'
      sent[who].push(`soak ${i}`)
      ;(who === 'sam' ? sam : maya).send(chat, `soak ${i}`)
      await new Promise((resolve) => setTimeout(resolve, random() * 20))
      if (i === Math.floor(SOAK_MESSAGES / 2)) {
        await server.kill() // the process dies mid-conversation and comes back with its data
        await server.restart()
      }
    }
    server.setChaos(undefined)
    const inDoubt = (c: ChatClient) =>
      timeline(c, chat).some((m) => m.status === 'sending' || m.status === 'unconfirmed')
    await waitFor(() => !inDoubt(maya) && !inDoubt(sam), 15_000, 'every send settled')
    const rows = rowsOf(server, chatId) as string[]
    expect(new Set(rows).size).toBe(rows.length) // nothing stored twice
    // Staff can reconcile against history: every send stored, every stored message shown once.
    expect(sent.maya.every((body) => rows.includes(body))).toBe(true)
    await waitFor(() => timeline(maya, chat).length === rows.length, 5_000, "Maya's refetch")
    expect([...bodies(maya, chat)].sort()).toEqual([...rows].sort())
    // A customer has no history endpoint: a send whose echo was cut off cannot be checked, so it
    // ends `failed` (honest, never silently lost, never re-sent by itself); nothing shows twice.
    const samsOwn = timeline(sam, chat).filter((m) => m.senderId === 'customer:7')
    expect(new Set(bodies(sam, chat)).size).toBe(timeline(sam, chat).length)
    expect(samsOwn.map((m) => m.body).sort()).toEqual([...sent.sam].sort())
    for (const m of samsOwn) if (m.status !== 'failed') expect(rows).toContain(m.body)
  })
})
