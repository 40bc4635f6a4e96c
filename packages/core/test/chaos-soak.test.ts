import { afterAll, describe, expect, it } from 'vitest'
import { createChatClient, type ChatClient, type ProtocolAdapter } from '../src'
import { nativeProtocol } from '../src/native'
import { pause } from './helpers'
import { startNativeServer, waitFor, type Chaos } from './native-server'
import { seededRandom } from './prng'
import { startUnkindServer, unkindProtocol } from './unkind-server'

// CI runs a size that takes well under a minute per shape; `pnpm --filter @parley/core soak` runs
// 10,000 messages through each (SOAK_SHAPES=native,echo,rest picks some).
const MESSAGES = Number(process.env.SOAK_MESSAGES ?? 400)
const SEED = Number(process.env.SOAK_SEED ?? 7)
const SHAPES = (process.env.SOAK_SHAPES ?? 'native,echo,rest').split(',')

/** What the soak needs of a server, whatever its dialect. */
interface SoakServer {
  url: string
  protocol: ProtocolAdapter
  /** What the server stored in 'room', in its order: bodies are unique (`m<n>`). */
  stored(): { id: string; body: string }[]
  setChaos(chaos: Chaos | undefined): void
  /** Hold the sender's ack or echo back this long (0: off): acks later than the client's timeout. */
  holdAcks(ms: number): void
  kill(): Promise<void>
  restart(): Promise<void>
  handshakes(): number
}

const shapes: Record<string, () => Promise<SoakServer>> = {
  /** Parley's own protocol: dedupes by client id, resumes by seq. */
  async native() {
    const s = await startNativeServer({ validTokens: new Set(['alice', 'bob']) })
    return {
      url: s.url,
      protocol: nativeProtocol,
      stored: () => s.conversations.get('room') ?? [],
      setChaos: s.setChaos,
      holdAcks: s.setAckDelay,
      kill: s.kill,
      restart: s.restart,
      handshakes: () => s.handshakes,
    }
  },
  /** Salon's shape: no dedupe, no resume, the echo without a client id is the only ack. */
  echo: () => unkind('echo'),
  /** Vibe's shape: sends over REST (the response is the ack), the socket skips the sender. */
  rest: () => unkind('rest'),
}

async function unkind(ack: 'echo' | 'rest'): Promise<SoakServer> {
  const s = await startUnkindServer({ ack })
  return {
    url: s.url,
    protocol: unkindProtocol(s, ack),
    stored: () => s.conversations.get('room') ?? [],
    setChaos: s.setChaos,
    holdAcks: (ms) => (s.faults.echoDelayMs = ms),
    kill: s.kill,
    restart: s.restart,
    handshakes: () => s.handshakes,
  }
}

const unsettled = (c: ChatClient) =>
  (c.getSnapshot().timelines.room ?? []).filter((m) => m.status !== 'sent' && m.status !== 'read')

describe.each(SHAPES)(
  `chaos soak: ${MESSAGES} messages through a %s-shaped server that cuts, delays, restarts and holds acks (seed ${SEED})`,
  (shape) => {
    const closers: (() => unknown)[] = []
    afterAll(async () => {
      for (const close of closers) await close()
    })

    it(
      'ends with identical ordered timelines on both sides: 0 lost, 0 duplicated, none stuck',
      async () => {
        const random = seededRandom(SEED)
        const server = await shapes[shape]!()
        closers.push(() => server.kill().catch(() => {}))
        const make = (token: string): ChatClient => {
          const client = createChatClient({
            url: server.url,
            getToken: () => token,
            protocol: server.protocol,
            environment: null,
            backoff: { baseMs: 20, capMs: 200 },
            ackTimeoutMs: 1_500,
            batchMs: 10,
          })
          closers.push(() => client.close())
          client.watch('room')
          client.connect()
          return client
        }
        const clients = [make('alice'), make('bob')]
        const everyOpen = () => clients.every((c) => c.getSnapshot().connection.status === 'open')
        // Joined, not just open: a message sent before the server took a first join belongs to
        // history, which these clients never load.
        const everyJoined = () =>
          everyOpen() && clients.every((c) => c.getSnapshot().sync.room?.status === 'synced')
        await waitFor(everyJoined, 5_000, 'both joined')
        server.setChaos({ maxDelayMs: 15, dropProbability: 0.004, random })

        const started = Date.now()
        // A run that stalls says where each side stands, every 20 s (stderr is not buffered).
        const where = () =>
          clients
            .map((c, i) => {
              const { connection, timelines, sync } = c.getSnapshot()
              const statuses: Record<string, number> = {}
              for (const m of timelines.room ?? [])
                statuses[m.status] = (statuses[m.status] ?? 0) + 1
              return `${['alice', 'bob'][i]} ${connection.status} ${JSON.stringify(statuses)} sync ${sync.room?.status}`
            })
            .join('; ')
        const watchdog = setInterval(
          () => console.error(`[soak ${shape}] at ${sent.length} sent: ${where()}`),
          20_000,
        )
        closers.push(() => clearInterval(watchdog))
        const sent: string[] = []
        let retries = 0
        let fullOutbox = 0
        let restarts = 0
        let unauthorized = 0
        for (const c of clients)
          c.subscribe(
            () => void (c.getSnapshot().connection.status === 'unauthorized' && unauthorized++),
          )
        const retryFailed = () => {
          // A user presses Retry on what failed (on these servers: only what was never stored).
          for (const c of clients)
            for (const m of c.getSnapshot().timelines.room ?? [])
              if (m.status === 'failed') {
                retries += 1
                c.retry(m.clientId!)
              }
        }
        for (let n = 0; n < MESSAGES; n++) {
          const sender = clients[n % 2]!
          for (;;) {
            try {
              sender.send('room', `m${n}`)
              sent.push(`m${n}`)
              break
            } catch (error) {
              // A full offline queue is a typed refusal, not a drop: wait, as a composer would.
              expect(error).toMatchObject({ code: 'outbox-full' })
              fullOutbox += 1
              await pause(50)
            }
          }
          if (n % 20 === 19) await pause(random() * 20)
          if (n % 2_000 === 1_999)
            console.log(`[soak ${shape}] ${n + 1} sent after ${Date.now() - started} ms`)
          if (n % 100 === 99) retryFailed()
          // Acks held past the client's timeout for a stretch: late acks must confirm, not duplicate.
          if (n % 1_000 === 50) server.holdAcks(2_000)
          if (n % 1_000 === 60) server.holdAcks(0)
          // The server process restarts now and then.
          if (n % 300 === 150) {
            restarts += 1
            await server.kill()
            await pause(50 + random() * 200)
            await server.restart()
          }
        }
        server.holdAcks(0)
        const deadline = Date.now() + 60_000
        while (clients.some((c) => unsettled(c).length) && Date.now() < deadline) {
          retryFailed()
          await pause(100)
        }
        const drops = server.handshakes() - 2
        // Calm the network; a last reconnect gap-fills whatever was cut.
        server.setChaos(undefined)
        const report = () =>
          clients
            .map((c, i) => {
              const list = c.getSnapshot().timelines.room ?? []
              return `${['alice', 'bob'][i]}: ${c.getSnapshot().connection.status}, ${list.length} shown, ${unsettled(c).length} unsettled`
            })
            .join('; ')
        await waitFor(
          () =>
            everyOpen() &&
            clients.every(
              (c) =>
                !unsettled(c).length &&
                (c.getSnapshot().timelines.room ?? []).length >= server.stored().length,
            ),
          60_000,
          'both timelines complete and settled',
        ).catch((error: unknown) => {
          // Which of the server's messages each side lacks, by position: a gap or scattered losses.
          const stored = server.stored()
          for (const [i, c] of clients.entries()) {
            const shown = new Set((c.getSnapshot().timelines.room ?? []).map((m) => m.id))
            const missing = stored.flatMap((m, at) => (shown.has(m.id) ? [] : [at]))
            if (missing.length)
              console.error(
                `[soak ${shape}] ${['alice', 'bob'][i]} lacks positions ${missing.slice(0, 40).join(',')}`,
              )
          }
          console.error(
            `[soak ${shape}] did not settle: server stored ${server.stored().length}; ${report()}; ${retries} user retries, ${fullOutbox} outbox-full waits, ${restarts} restarts`,
          )
          throw error
        })
        const stored = server.stored()
        const [alice, bob] = clients.map((c) => c.getSnapshot().timelines.room ?? [])
        const duplicates = stored.length - new Set(stored.map((m) => m.body)).size
        const lost = sent.filter((body) => !stored.some((m) => m.body === body)).length
        console.log(
          `[soak ${shape}] ${MESSAGES} messages in ${Date.now() - started} ms: ${drops} connection drops, ${restarts} restarts, ` +
            `${retries} user retries, ${fullOutbox} outbox-full waits; server stored ${stored.length} ` +
            `(${lost} lost, ${duplicates} duplicated); alice shows ${alice!.length}, bob ${bob!.length}; ` +
            `${unauthorized} unauthorized`,
        )
        expect(lost).toBe(0)
        expect(duplicates).toBe(0)
        expect(stored).toHaveLength(MESSAGES)
        expect(alice!.map((m) => m.id)).toEqual(stored.map((m) => m.id)) // the server's order
        expect(bob!.map((m) => m.id)).toEqual(stored.map((m) => m.id))
        expect(unauthorized).toBe(0)
        expect(drops).toBeGreaterThan(0)
      },
      120_000 + MESSAGES * 90,
    )
  },
)
