import { describe, expect, it } from 'vitest'
import { ParleyError } from '../src'
import { createSalonProtocol } from '../src/salon'
import { seededRandom } from './prng'

const SEED = Number(process.env.FUZZ_SEED ?? 20261203)

/** A hostile or broken Salon REST server, as a `fetch`: random statuses, bodies, rows and flags. */
function hostileFetch(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const junk = () => pick([null, 0, -1, 1.5, '', 'x', [], {}, '1', 1e308, true])
  const row = () => {
    const r: Record<string, unknown> = {
      id: pick([1, 2, 3, 50, 99, 100, 101, '7', -4, 2.5, null]),
      chat_id: pick([1, 1, 1, 1, '1', 2, null]),
      sender_type: pick(['user', 'customer', 'user', 'customer', '', null]),
      sender_id: pick([7, 8, 7, '7', null]),
      content: pick(['hi', null, 'ok', '', 5]),
      message_type: pick(['text', 'image', 'file', 9]),
      created_at: pick([
        '2026-01-09T10:30:00',
        '2026-01-09T10:30:00.5',
        '2026-01-09T10:31:00',
        'yesterday',
        1e308,
      ]),
      read_receipts: pick([[], [{ reader_type: 'customer', reader_id: 7 }], 'x', null]),
    }
    if (random() < 0.2) r[pick(Object.keys(r))] = junk()
    return r
  }
  const body = () => {
    const r = random()
    if (r < 0.7)
      return {
        messages: Array.from({ length: Math.floor(random() * 10) }, row),
        has_more: pick([true, true, false, 'yes', null]),
      }
    if (r < 0.8)
      return Array.from({ length: Math.floor(random() * 4) }, () => ({
        id: junk(),
        participants: pick([[row()], 'x', null]),
      }))
    return junk()
  }
  let requests = 0
  const fetch = (async () => {
    requests += 1
    if (random() < 0.05) throw new TypeError('network down')
    const status = pick([200, 200, 200, 200, 200, 200, 200, 200, 401, 403, 404, 500, 503])
    const text = random() < 0.1 ? '<html>oops' : JSON.stringify(body())
    return new Response(text, { status, headers: { 'content-type': 'application/json' } })
  }) as typeof globalThis.fetch
  return { fetch, requests: () => requests }
}

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )

describe(`Salon REST against a hostile server (seed ${SEED})`, () => {
  it('history, list and checkAuth resolve sane values or reject typed, and never walk forever', async () => {
    const random = seededRandom(SEED)
    const server = hostileFetch(random)
    const adapter = createSalonProtocol({
      apiUrl: 'https://salon.test/api/v1/chat',
      role: 'user',
      fetch: server.fetch,
    })
    const ctx = { token: 't' }
    let pagesWithMessages = 0
    for (let i = 0; i < 150; i++) {
      const before = random() < 0.5 ? String(Math.floor(random() * 120)) : undefined
      const start = server.requests()
      const history = await settle(
        adapter.fetchHistory!(
          { conversationId: '1', limit: 3, ...(before !== undefined && { before }) },
          ctx,
        ),
      )
      expect(server.requests() - start).toBeLessThanOrEqual(200)
      if (history.ok) {
        const ids = history.value.messages.map((m) => Number(m.id))
        if (ids.length) pagesWithMessages += 1
        expect(ids.length).toBeLessThanOrEqual(3)
        expect(ids).toEqual([...ids].sort((a, b) => a - b))
        expect(new Set(ids).size).toBe(ids.length)
        for (const m of history.value.messages) {
          expect(m.conversationId).toBe('1')
          expect(m.senderId).toMatch(/^\w+:\d+$/)
          if (before !== undefined) expect(Number(m.id)).toBeLessThan(Number(before))
        }
        expect(typeof history.value.hasMore).toBe('boolean')
      } else {
        expect(history.error).toBeInstanceOf(ParleyError)
        expect((history.error as ParleyError).code).toBe('http-error')
      }
      const list = await settle(adapter.fetchConversations!({}, ctx))
      if (list.ok) for (const c of list.value.conversations) expect(c.id).toMatch(/^\d+$/)
      else expect((list.error as ParleyError).code).toBe('http-error')
      const auth = await settle(adapter.checkAuth!({ url: '', token: 't' }))
      if (auth.ok) expect(typeof auth.value).toBe('boolean')
      else expect((auth.error as ParleyError).code).toBe('http-error')
    }
    expect(pagesWithMessages).toBeGreaterThan(10) // the decoding path was walked, not only failures
  })
})
