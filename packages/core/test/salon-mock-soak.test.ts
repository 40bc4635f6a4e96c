import { describe, expect, it } from 'vitest'
import type { ChatClient } from '../src'
import { pause, waitFor } from './helpers'
import { seededRandom } from './prng'
import {
  CHAT,
  everyoneJoined,
  NOOR,
  ROSA,
  servedSalon,
  signIn,
  storedMessages,
  timeline,
} from './salon-mock-fixtures'

/**
 * The real client (`createChatClient` + `createSalonProtocol`) as staff and as a customer against
 * the mock backend's Salon dialect over a real TCP socket (`@parley/mock-backend/node`), while the
 * connection is cut, the server process is killed and restarted, and echoes arrive later than the
 * client's ack timeout. CI runs a small size; SALON_MOCK_SOAK_MESSAGES=2000 runs a long one.
 *
 * What Salon can guarantee decides the assertions. Salon has no client ids and no dedupe, so the
 * client never re-sends blindly: nothing is ever stored twice. Staff have a history endpoint, so
 * every staff send whose echo was lost is reconciled against it, and staff end up seeing every
 * stored message once, in the server's order. A customer has no history endpoint: messages sent
 * while their socket was down cannot be fetched (their gap-fill reports `sync-failed`), and a
 * send whose echo was cut off cannot be checked, so it ends `failed` — shown, never silently
 * lost, never re-sent by itself. So for the customer: their own sends each appear exactly once,
 * every one not marked failed is stored, and what they do see keeps the server's order.
 */
const MESSAGES = Number(process.env.SALON_MOCK_SOAK_MESSAGES ?? 240)
const SEED = Number(process.env.SALON_MOCK_SOAK_SEED ?? 11)

const soakBodies = (list: readonly { body: string }[]) =>
  list.map((m) => m.body).filter((body) => body.startsWith('soak '))
const inDoubt = (c: ChatClient) =>
  timeline(c).some((m) => m.status === 'sending' || m.status === 'unconfirmed')
/** Whether `part` appears in `whole` in the same relative order. */
const isSubsequence = (part: readonly string[], whole: readonly string[]) => {
  let at = 0
  for (const item of whole) if (item === part[at]) at += 1
  return at === part.length
}

describe('Salon over a real socket: the real client against the mock backend', () => {
  it(
    `soak: ${MESSAGES} messages both ways through cut connections, a kill + restart and held echoes (seed ${SEED})`,
    async () => {
      const world = await servedSalon(SEED)
      const { backend, served } = world
      const options = { ackTimeoutMs: 600, heartbeatIntervalMs: 1_000, heartbeatGraceMs: 1_000 }
      const rosa = signIn(world, ROSA, options)
      const noor = signIn(world, NOOR, options)
      rosa.watch(CHAT)
      noor.watch(CHAT)
      let unauthorized = 0
      for (const c of [rosa, noor])
        c.subscribe(
          () => void (c.getSnapshot().connection.status === 'unauthorized' && unauthorized++),
        )
      await waitFor(everyoneJoined(backend, 2), 5_000, 'both joined')

      const random = seededRandom(SEED)
      const sent = { rosa: [] as string[], noor: [] as string[] }
      let drops = 0
      let retries = 0
      let restarts = 0
      // Staff press Retry on what failed: history showed it was never stored, so it is safe.
      const retryStaffFailures = () => {
        for (const m of timeline(rosa))
          if (m.status === 'failed' && m.senderId === ROSA.identity) {
            retries += 1
            rosa.retry(m.clientId!)
          }
      }
      const started = Date.now()
      for (let n = 0; n < MESSAGES; n++) {
        const [who, client] = n % 2 ? (['noor', noor] as const) : (['rosa', rosa] as const)
        sent[who].push(`soak ${n}`)
        client.send(CHAT, `soak ${n}`)
        await pause(random() * 12)
        // The network cuts both sockets now and then (a TCP reset: no close frame).
        if (random() < 0.04) drops += served.dropConnections()
        // Echoes held past the ack timeout for a stretch: late echoes must confirm, not duplicate.
        if (n % 80 === 20) backend.controls.latency({ toClientMs: 900 })
        if (n % 80 === 30) backend.controls.latency()
        // The server process dies mid-conversation and comes back with its data.
        if (n % 300 === 150) {
          restarts += 1
          await served.kill()
          await pause(50 + random() * 200)
          await served.restart()
        }
        if (n % 40 === 39) retryStaffFailures()
      }
      backend.controls.latency()
      await waitFor(() => !inDoubt(rosa) && !inDoubt(noor), 20_000, 'every send settled')
      retryStaffFailures()
      await waitFor(() => !inDoubt(rosa), 10_000, 'staff retries settled')

      const stored = storedMessages(backend).filter((m) => m.body.startsWith('soak '))
      const storedBodies = stored.map((m) => m.body)
      const lostStaff = sent.rosa.filter((body) => !storedBodies.includes(body))
      const duplicates = storedBodies.length - new Set(storedBodies).size
      // Staff catch up through history after the last cut: every stored message, once, in order.
      await waitFor(
        () => soakBodies(timeline(rosa)).length >= stored.length,
        10_000,
        "Rosa's gap-fill",
      )
      const rosaSoak = timeline(rosa).filter((m) => m.body.startsWith('soak '))
      const noorOwn = timeline(noor).filter((m) => m.senderId === NOOR.identity)
      const noorFailed = noorOwn.filter((m) => m.status === 'failed').length
      console.log(
        `[salon-mock soak] ${MESSAGES} messages in ${Date.now() - started} ms: ${drops} sockets cut, ` +
          `${restarts} kills + restarts, ${served.connections()} handshakes, ${retries} staff retries; stored ` +
          `${stored.length} (${lostStaff.length} staff sends lost, ${duplicates} duplicated); Rosa ` +
          `shows ${rosaSoak.length}, Noor ${timeline(noor).length} (${noorFailed} of her own failed)`,
      )

      expect(duplicates).toBe(0)
      expect(lostStaff).toEqual([])
      expect(rosaSoak.map((m) => m.id)).toEqual(stored.map((m) => m.id))
      expect(rosaSoak.every((m) => m.status === 'sent' || m.status === 'read')).toBe(true)
      // The customer: each own send shown exactly once; every one not failed is stored.
      expect(noorOwn.map((m) => m.body).sort()).toEqual([...sent.noor].sort())
      for (const m of noorOwn) if (m.status !== 'failed') expect(storedBodies).toContain(m.body)
      // Every failed one is either never stored or stored once (its echo was cut off): not twice.
      const noorIds = timeline(noor).flatMap((m) => (/^\d+$/.test(m.id) ? [m.id] : []))
      expect(new Set(noorIds).size).toBe(noorIds.length)
      expect(
        isSubsequence(
          noorIds,
          storedMessages(backend).map((m) => m.id),
        ),
      ).toBe(true)
      expect(unauthorized).toBe(0)
      expect(drops).toBeGreaterThan(0)
      expect(restarts).toBeGreaterThan(0)
    },
    60_000 + MESSAGES * 100,
  )
})
