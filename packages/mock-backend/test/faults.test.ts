import type { ChatClient } from '@parley/core'
import { describe, expect, it } from 'vitest'
import { parseScenario, serializeScenario, type MockBackend, type Scenario } from '../src'
import { openRawSocket, sleep, useMockServer, waitFor } from './helpers'

const { startBackend, chat } = useMockServer()
const DM = 'dm-maya-sam'

async function pinger(backend: MockBackend) {
  const raw = openRawSocket()
  await raw.opened
  raw.send(JSON.stringify({ type: 'auth', token: backend.model.issueToken('client-sam') }))
  await raw.frames(1)
  const ping = (...stamps: number[]) =>
    stamps.forEach((ts) => raw.send(JSON.stringify({ type: 'ping', ts })))
  const pongs = async (count: number) => {
    await sleep(120)
    return (await raw.frames(1 + count)).slice(1).map((frame) => frame.ts)
  }
  return { raw, ping, pongs }
}

describe('frame faults', () => {
  it('drops, duplicates and swaps frames to the client, never the welcome', async () => {
    const backend = startBackend()
    backend.controls.frames({ toClient: { drop: 1 } })
    const lossy = await pinger(backend) // the welcome got through
    lossy.ping(1, 2)
    expect(await lossy.pongs(0)).toEqual([])
    await sleep(50)
    expect(lossy.raw.received).toHaveLength(1)

    backend.controls.frames({ toClient: { duplicate: 1 } })
    const doubled = await pinger(backend)
    doubled.ping(1, 2)
    expect(await doubled.pongs(4)).toEqual([1, 1, 2, 2])

    backend.controls.frames({ toClient: { reorder: 1 } })
    const swapped = await pinger(backend)
    swapped.ping(1, 2, 3, 4, 5)
    // Each held frame goes out right after the next; the last one when nothing follows.
    expect(await swapped.pongs(5)).toEqual([2, 1, 4, 3, 5])
  })

  it('faults the client→server direction on its own', async () => {
    const backend = startBackend()
    backend.controls.frames({ toServer: { duplicate: 1 } })
    const doubled = await pinger(backend)
    doubled.ping(7)
    expect(await doubled.pongs(2)).toEqual([7, 7])
    backend.controls.frames({ toServer: { drop: 1 } })
    doubled.ping(8)
    await sleep(100)
    expect(doubled.raw.received).toHaveLength(3)
  })

  it('a ChatClient ends consistent under drop + duplicate + reorder: no loss, no duplicates', async () => {
    // SEED=n replays this run with other fault picks (it passed seeds 1–10).
    const backend = startBackend({ seed: Number(process.env.SEED ?? 7) })
    const clients = [
      chat(backend.model.issueToken('trainer-maya'), { ackTimeoutMs: 250 }),
      chat(backend.model.issueToken('client-sam'), { ackTimeoutMs: 250 }),
    ]
    for (const client of clients) client.watch(DM)
    await waitFor(
      () => backend.controls.sessions().filter((s) => s.joined.includes(DM)).length === 2,
      'both joined',
    )
    backend.controls.play('drop-down:0.2,drop-up:0.1,duplicate:0.2,reorder:0.3')

    const sent: string[] = []
    for (let n = 0; n < 15; n++) {
      for (const [i, client] of clients.entries()) {
        sent.push(`${i ? 'sam' : 'maya'} ${n}`)
        client.send(DM, sent.at(-1)!)
      }
      await sleep(4)
    }
    const pending = (client: ChatClient) =>
      (client.getSnapshot().timelines[DM] ?? []).filter(
        (m) => m.status === 'sending' || m.status === 'unconfirmed' || m.status === 'failed',
      )
    // Under faults a lost send or ack leaves a send unconfirmed, and the client re-sends it (the
    // server dedupes by client id); a refused one fails, and the user taps "retry".
    let unconfirmed = 0
    for (const client of clients)
      client.subscribe(() => {
        for (const m of client.getSnapshot().timelines[DM] ?? [])
          if (m.status === 'unconfirmed') unconfirmed += 1
      })
    let retries = 0
    await waitFor(
      () => {
        for (const client of clients) {
          for (const m of pending(client)) {
            if (m.status !== 'failed') continue
            client.retry(m.clientId!)
            retries += 1
          }
        }
        return clients.every((client) => pending(client).length === 0)
      },
      'every send acknowledged',
      10_000,
    )
    expect(retries + unconfirmed).toBeGreaterThan(0) // the faults did bite
    // Heal the line and reconnect: the rejoin fills whatever the lossy line dropped.
    backend.controls.reset()
    backend.controls.disconnectAll()

    const stored = Array.from({ length: backend.model.latestSeq(DM) - 7 }, (_, i) =>
      backend.model.message(DM, i + 8)!,
    )
    expect(stored.map((m) => m.body).sort()).toEqual([...sent].sort()) // each stored exactly once
    const ids = stored.map((m) => m.id)
    for (const client of clients) {
      await waitFor(
        () => (client.getSnapshot().timelines[DM] ?? []).length === ids.length,
        'the gap fill',
        5_000,
      )
      const timeline = client.getSnapshot().timelines[DM]!
      expect(timeline.map((m) => m.id)).toEqual(ids)
      expect(timeline.map((m) => m.body)).toEqual(stored.map((m) => m.body))
    }
  })
})

describe('scenario parts for frames, uploads and history', () => {
  it('reads fractions and percentages per direction, and REST faults', () => {
    expect(
      parseScenario('drop:0.1,duplicate-up:5%,reorder-down:.25,slow-uploads:2s,fail-history:0.5'),
    ).toEqual<Scenario>({
      latency: { toClientMs: 0, toServerMs: 0, jitterMs: 0 },
      frames: {
        toClient: { drop: 0.1, duplicate: 0, reorder: 0.25 },
        toServer: { drop: 0.1, duplicate: 0.05, reorder: 0 },
      },
      uploads: { delayMs: 2_000, failRate: 0 },
      history: { delayMs: 0, failRate: 0.5 },
      events: [],
    })
    expect(parseScenario('fail-uploads,slow-history:300')).toMatchObject({
      uploads: { delayMs: 0, failRate: 1 },
      history: { delayMs: 300, failRate: 0 },
    })
  })

  it.each([
    ['drop:0.2,reorder-up:0.1,reorder-down:0.3', 'drop:0.2,reorder-up:0.1,reorder-down:0.3'],
    ['duplicate:10%', 'duplicate:0.1'],
    ['fail-uploads:1,slow-history:1000', 'fail-uploads,slow-history:1s'],
    ['latency:50,drop-down:0.5,outage-at:1s:2s', 'latency:50ms,drop-down:0.5,outage-at:1s:2s'],
  ])('round-trips %s as %s', (text, canonical) => {
    const scenario = parseScenario(text)
    expect(serializeScenario(scenario)).toBe(canonical)
    expect(parseScenario(canonical)).toEqual(scenario)
  })

  it.each([
    ['drop:2', 'invalid-value'],
    ['drop:-0.1', 'invalid-value'],
    ['reorder:lots', 'invalid-value'],
    ['slow-uploads', 'invalid-value'],
    ['fail-history:0.5:1', 'invalid-value'],
    ['drop:0.1,drop-up:0.2', 'duplicate-setting'],
  ])('rejects %s (%s)', (text, code) => {
    expect(() => parseScenario(text)).toThrowError(
      expect.objectContaining({ code, part: expect.any(String) }),
    )
  })

  it('play() sets every fault the scenario names and clears the ones it does not', () => {
    const backend = startBackend()
    backend.controls.play('drop:0.5,fail-uploads,slow-history:1s')
    expect(backend.controls.faults()).toMatchObject({
      frames: { toClient: { drop: 0.5 }, toServer: { drop: 0.5 } },
      uploads: { failRate: 1 },
      history: { delayMs: 1_000 },
    })
    backend.controls.play('latency:10')
    expect(backend.controls.faults()).toMatchObject({
      frames: { toClient: { drop: 0 } },
      uploads: { failRate: 0 },
      history: { delayMs: 0 },
    })
  })
})
