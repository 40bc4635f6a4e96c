import { describe, expect, it } from 'vitest'
import {
  compareIds,
  compareMessages,
  findMessage,
  markReadUpTo,
  mergeMessages,
} from '../src/timeline'
import type { Message } from '../src/model'
import { seededRandom } from './prng'

const msg = (id: string, extra: Partial<Message> = {}): Message => ({
  id,
  conversationId: 'c1',
  senderId: 'u1',
  kind: 'text',
  body: `body ${id}`,
  attachments: [],
  createdAt: 1_000,
  status: 'sent',
  ...extra,
})
const ids = (timeline: readonly Message[]) => timeline.map((m) => m.id)

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

/** Merge `messages` into `start` in random batches of 1 to `maxBatch`. */
function mergeInBatches(
  start: readonly Message[],
  messages: readonly Message[],
  random: () => number,
  maxBatch = 5,
) {
  let timeline = start
  for (let i = 0; i < messages.length;) {
    const size = 1 + Math.floor(random() * maxBatch)
    timeline = mergeMessages(timeline, messages.slice(i, i + size))
    i += size
  }
  return timeline
}

/** Every pair in a sorted list agrees with the comparator: what a transitive total order guarantees. */
function expectTotalOrder<T>(items: readonly T[], compare: (a: T, b: T) => number) {
  const sorted = [...items].sort(compare)
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!
      const b = sorted[j]!
      if (compare(a, b) >= 0 || compare(b, a) <= 0)
        throw new Error(`order broken: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`)
    }
  }
}

/** What is wrong with a timeline, if anything: order, a key held twice, the index, a deleted body. */
function brokenInvariant(timeline: readonly Message[]): string | undefined {
  const seen = new Set<string>()
  for (let i = 0; i < timeline.length; i++) {
    const m = timeline[i]!
    if (i > 0 && compareMessages(timeline[i - 1]!, m) >= 0) return `out of order at ${m.id}`
    for (const key of [m.id, ...(m.clientId ? [`c:${m.clientId}`] : [])]) {
      if (seen.has(key)) return `${key} twice`
      seen.add(key)
      if (findMessage(timeline, key) !== m) return `index stale for ${key}`
    }
    if (m.deletedAt !== undefined && (m.body || m.attachments.length)) return `${m.id} content back`
  }
  return undefined
}

describe('compareIds', () => {
  it('compares digit runs as numbers, of any length', () => {
    expect(['10', '9', '100', '1'].sort(compareIds)).toEqual(['1', '9', '10', '100'])
    expect(['m10', 'm9', 'm2'].sort(compareIds)).toEqual(['m2', 'm9', 'm10'])
    expect(compareIds('9007199254740993', '9007199254740992')).toBe(1)
    expect(compareIds('123456789012345678901234', '99999999999999999999999')).toBe(1)
    expect(compareIds('a', 'a')).toBe(0)
  })

  it('keeps ids equal as numbers apart, and falls back to plain comparison for the rest', () => {
    expect(compareIds('007', '7')).not.toBe(0)
    expect(Math.sign(compareIds('007', '7'))).toBe(-Math.sign(compareIds('7', '007')))
    expect(compareIds('abc', 'abd')).toBe(-1)
    expect(compareIds('ab', 'abc')).toBe(-1)
  })

  it('is a transitive total order over any mix of ids', () => {
    const random = seededRandom(11)
    const alphabet = ['0', '1', '2', '9', '10', 'a', 'Z', '-', '_', '~', '00']
    const pool = new Set<string>()
    while (pool.size < 300) {
      const length = 1 + Math.floor(random() * 4)
      let id = ''
      for (let i = 0; i < length; i++) id += alphabet[Math.floor(random() * alphabet.length)]
      pool.add(id)
    }
    expectTotalOrder([...pool], compareIds)
  })
})

describe('mergeMessages: order', () => {
  it('orders by time, then server sequence, then id', () => {
    const timeline = mergeMessages(
      [],
      [
        msg('late', { seq: 1, createdAt: 9_000 }),
        msg('b', { seq: 3, createdAt: 5_000 }),
        msg('a', { seq: 2, createdAt: 5_000 }),
        msg('10', { createdAt: 1_000 }),
        msg('9', { createdAt: 1_000 }),
      ],
    )
    expect(ids(timeline)).toEqual(['9', '10', 'a', 'b', 'late'])
  })

  it('puts a message without a sequence after those with one at the same instant', () => {
    const timeline = mergeMessages([], [msg('1', { seq: 5 }), msg('2'), msg('3', { seq: 4 })])
    expect(ids(timeline)).toEqual(['3', '1', '2'])
  })

  it('keeps pending, unconfirmed and failed sends where they were sent; later messages go below', () => {
    const early = mergeMessages(
      [],
      [
        msg('s1', { seq: 1, createdAt: 100 }),
        msg('k1', { clientId: 'k1', status: 'failed', createdAt: 200 }),
        msg('k2', { clientId: 'k2', status: 'unconfirmed', createdAt: 300 }),
        msg('k3', { clientId: 'k3', status: 'sending', createdAt: 400 }),
      ],
    )
    const later = mergeMessages(early, [
      msg('s2', { seq: 2, createdAt: 500, senderId: 'u2' }),
      msg('s0', { seq: 0, createdAt: 50, senderId: 'u2' }),
    ])
    expect(ids(later)).toEqual(['s0', 's1', 'k1', 'k2', 'k3', 's2'])
  })

  it('sorts messages with a garbage time last instead of breaking the order', () => {
    const timeline = mergeMessages(
      [],
      [msg('x', { createdAt: NaN }), msg('b', { createdAt: 2 }), msg('a', { createdAt: 1 })],
    )
    expect(ids(timeline)).toEqual(['a', 'b', 'x'])
    expect(ids(mergeMessages(timeline, [msg('c', { createdAt: 3 })]))).toEqual(['a', 'b', 'c', 'x'])
  })

  it('gives one order whatever the insertion order, with one message lacking a seq (property)', () => {
    const messages: Message[] = []
    // Few distinct instants, so sequence and id decide often.
    for (let i = 0; i < 40; i++) {
      messages.push(msg(String(i * 3), { seq: 40 - i, createdAt: 1_000 + (i % 4) * 10 }))
    }
    messages.push(msg('17', { createdAt: 1_010 }))
    messages.push(msg('k', { clientId: 'k', status: 'unconfirmed', createdAt: 1_020 }))
    expectTotalOrder(messages, compareMessages)
    const expected = ids(messages.toSorted(compareMessages))
    for (let seed = 1; seed <= 60; seed++) {
      const random = seededRandom(seed)
      const timeline = mergeInBatches([], shuffle(messages, random), random)
      expect(ids(timeline), `seed ${seed}`).toEqual(expected)
    }
  })
})

describe('mergeMessages: one entry per message', () => {
  it('turns a pending send into the acked message, matched by client id, without a duplicate', () => {
    const pending = mergeMessages(
      [],
      [msg('k1', { clientId: 'k1', status: 'sending', createdAt: 5 })],
    )
    const acked = mergeMessages(pending, [msg('srv-9', { clientId: 'k1', seq: 7, status: 'sent' })])
    expect(acked).toHaveLength(1)
    expect(acked[0]).toMatchObject({ id: 'srv-9', clientId: 'k1', seq: 7, status: 'sent' })
    // The same message again from a history page (no client id there) is still one entry.
    const again = mergeMessages(acked, [msg('srv-9', { seq: 7 })])
    expect(again).toBe(acked)
  })

  it('moves an acked send to the server time, and drops the pending copy when both are present', () => {
    const timeline = mergeMessages(
      [],
      [
        msg('k1', { clientId: 'k1', status: 'unconfirmed', createdAt: 50 }),
        msg('a', { seq: 1, createdAt: 100 }),
        msg('b', { seq: 2, createdAt: 200 }),
      ],
    )
    // The refetched page holds our message under its server id only; then the late ack names both.
    const refetched = mergeMessages(timeline, [msg('srv', { seq: 3, createdAt: 300 })])
    expect(ids(refetched)).toEqual(['k1', 'a', 'b', 'srv'])
    const acked = mergeMessages(refetched, [msg('srv', { clientId: 'k1', seq: 3, createdAt: 300 })])
    expect(ids(acked)).toEqual(['a', 'b', 'srv'])
    expect(findMessage(acked, 'c:k1')?.id).toBe('srv')
    expect(findMessage(acked, 'k1')).toBeUndefined()
  })

  it('confirms an unconfirmed send on a late ack and clears its error', () => {
    const error = { code: 'ack-timeout' } as unknown as Message['error']
    const unconfirmed = mergeMessages(
      [],
      [msg('k1', { clientId: 'k1', status: 'unconfirmed', createdAt: 5, ...(error && { error }) })],
    )
    const acked = mergeMessages(unconfirmed, [msg('s1', { clientId: 'k1', seq: 1, createdAt: 6 })])
    expect(acked).toEqual([expect.objectContaining({ id: 's1', status: 'sent' })])
    expect(acked[0]).not.toHaveProperty('error')
  })

  it('ignores a stale pending copy of a confirmed message (a late ack timer, a retry racing its ack)', () => {
    const acked = mergeMessages(
      [],
      [msg('s1', { clientId: 'k1', seq: 4, createdAt: 500, status: 'delivered' })],
    )
    for (const status of ['failed', 'unconfirmed', 'sending'] as const) {
      const stale = msg('k1', { clientId: 'k1', status, createdAt: 400, body: 'draft' })
      expect(mergeMessages(acked, [stale])).toBe(acked)
    }
  })

  it('lets a pending send move between pending states (retry after failure)', () => {
    const failed = mergeMessages([], [msg('k1', { clientId: 'k1', status: 'failed' })])
    const retried = mergeMessages(failed, [msg('k1', { clientId: 'k1', status: 'sending' })])
    expect(retried[0]?.status).toBe('sending')
  })

  it('returns the same array when nothing changed, so selectors keep their reference', () => {
    const withFile = {
      attachments: [{ kind: 'image' as const, url: 'https://x/y.png', width: 4, height: 3 }],
    }
    const timeline = mergeMessages([], [msg('a', { seq: 1, ...withFile }), msg('b', { seq: 2 })])
    const copy = msg('a', {
      seq: 1,
      attachments: [{ kind: 'image', url: 'https://x/y.png', width: 4, height: 3 }],
    })
    expect(mergeMessages(timeline, [copy])).toBe(timeline)
    expect(mergeMessages(timeline, [])).toBe(timeline)
  })

  it('deduplicates within one batch', () => {
    const timeline = mergeMessages(
      [],
      [msg('a', { seq: 1 }), msg('a', { seq: 1 }), msg('a', { seq: 1 })],
    )
    expect(timeline).toHaveLength(1)
  })
})

describe('mergeMessages: edits, deletes and status', () => {
  it('never lets status go backwards, and keeps the newer edit over a stale copy', () => {
    const read = mergeMessages(
      [],
      [msg('a', { seq: 1, status: 'read', body: 'edited', editedAt: 2_000 })],
    )
    const stale = mergeMessages(read, [msg('a', { seq: 1, status: 'sent', body: 'original' })])
    expect(stale[0]).toMatchObject({ status: 'read', body: 'edited', editedAt: 2_000 })
    const newer = mergeMessages(stale, [msg('a', { seq: 1, body: 'again', editedAt: 3_000 })])
    expect(newer[0]).toMatchObject({ status: 'read', body: 'again', editedAt: 3_000 })
  })

  it('keeps a delete over stale copies: no body, no attachments come back', () => {
    const file = { kind: 'file' as const, url: 'https://x/secret.pdf', name: 'secret.pdf' }
    const original = msg('a', { seq: 1, body: 'secret', attachments: [file] })
    const timeline = mergeMessages([], [original, msg('b', { seq: 2 })])
    const deleted = mergeMessages(timeline, [
      msg('a', { seq: 1, body: '', attachments: [], deletedAt: 3_000 }),
    ])
    // A late history page, a replay, an edit that was in flight: each a stale copy.
    const stale = [
      original,
      { ...original, attachments: [{ ...file }] },
      msg('a', { seq: 1, body: 'secret, edited', editedAt: 4_000, attachments: [file] }),
    ]
    for (const copy of stale) {
      const after = mergeMessages(deleted, [copy])
      expect(after[0]).toMatchObject({ id: 'a', deletedAt: 3_000, body: '', attachments: [] })
    }
    expect(mergeMessages(deleted, [original])).toBe(deleted)
  })

  it('converges whatever order copies of the same messages arrive in (property)', () => {
    const statuses = ['sent', 'delivered', 'read'] as const
    const copies: Message[] = []
    const expected: Partial<Message>[] = []
    for (let i = 0; i < 30; i++) {
      const base = {
        seq: i,
        createdAt: 1_000 + i,
        attachments: [{ kind: 'file' as const, url: `f${i}` }],
      }
      statuses.forEach((status) => copies.push(msg(String(i), { ...base, status })))
      for (let v = 1; v <= 3; v++)
        copies.push(msg(String(i), { ...base, body: `v${v}`, editedAt: v }))
      const deleted = i % 3 === 0
      if (deleted)
        copies.push(msg(String(i), { ...base, body: '', attachments: [], deletedAt: 99 }))
      expected.push(
        deleted
          ? { id: String(i), status: 'read', body: '', attachments: [], deletedAt: 99 }
          : {
              id: String(i),
              status: 'read',
              body: 'v3',
              editedAt: 3,
              attachments: base.attachments,
            },
      )
    }
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed)
      const timeline = mergeInBatches([], shuffle(copies, random), random, 8)
      expect(timeline, `seed ${seed}`).toEqual(expected.map((m) => expect.objectContaining(m)))
    }
  })

  it('keeps no content for a deleted message that arrives carrying it', () => {
    const timeline = mergeMessages(
      [],
      [msg('a', { body: 'text', attachments: [{ kind: 'image', url: 'u' }], deletedAt: 9 })],
    )
    expect(timeline[0]).toMatchObject({ body: '', attachments: [], deletedAt: 9 })
  })
})

describe('mergeMessages: arrays and positions', () => {
  const base = () =>
    mergeMessages(
      [],
      Array.from({ length: 20 }, (_, i) => msg(`s${i}`, { seq: i, createdAt: 1_000 + i * 10 })),
    )

  it('appends and prepends without touching the existing entries', () => {
    const timeline = base()
    const appended = mergeMessages(timeline, [msg('new', { seq: 20, createdAt: 5_000 })])
    timeline.forEach((m, i) => expect(appended[i]).toBe(m))
    expect(appended[20]?.id).toBe('new')
    const page = [msg('o2', { createdAt: 20 }), msg('o1', { createdAt: 10 })]
    const prepended = mergeMessages(timeline, page)
    expect(ids(prepended).slice(0, 3)).toEqual(['o1', 'o2', 's0'])
    timeline.forEach((m, i) => expect(prepended[i + 2]).toBe(m))
  })

  it('replaces in place and leaves the previous array as it was', () => {
    const timeline = base()
    const before = [...timeline]
    const next = mergeMessages(timeline, [
      msg('s5', { seq: 5, createdAt: 1_050, status: 'read' }),
      msg('s9', { seq: 9, createdAt: 1_090, body: 'edited', editedAt: 7 }),
    ])
    expect(timeline).toEqual(before)
    expect(ids(next)).toEqual(ids(timeline))
    expect(next[5]?.status).toBe('read')
    expect(next[9]?.body).toBe('edited')
    expect(findMessage(next, 's9')?.body).toBe('edited')
  })

  it('moves a message whose new copy sorts elsewhere, and inserts into the middle', () => {
    const timeline = base()
    const next = mergeMessages(timeline, [
      msg('s3', { seq: 3, createdAt: 1_155 }),
      msg('mid', { createdAt: 1_075 }),
    ])
    expect(ids(next)).toEqual([
      ...['s0', 's1', 's2', 's4', 's5', 's6', 's7', 'mid', 's8'],
      ...['s9', 's10', 's11', 's12', 's13', 's14', 's15', 's3', 's16', 's17', 's18', 's19'],
    ])
  })

  it('stays correct when an older timeline array is merged into again', () => {
    const first = mergeMessages([], [msg('a', { seq: 1 })])
    const second = mergeMessages(first, [msg('b', { seq: 2 })])
    const branch = mergeMessages(first, [msg('a', { seq: 1, body: 'edited', editedAt: 5 })])
    expect(second.map((m) => m.id)).toEqual(['a', 'b'])
    expect(branch.map((m) => [m.id, m.body])).toEqual([['a', 'edited']])
    expect(mergeMessages(second, [msg('b', { seq: 2 })])).toBe(second)
  })

  it('sorts an array it did not make before merging into it', () => {
    const foreign = [msg('b', { createdAt: 2 }), msg('a', { createdAt: 1 })]
    expect(ids(mergeMessages(foreign, [msg('c', { createdAt: 3 })]))).toEqual(['a', 'b', 'c'])
  })

  it('handles a message added and updated within one batch', () => {
    const timeline = mergeMessages(
      [],
      [
        msg('k', { clientId: 'k', status: 'sending' }),
        msg('srv', { clientId: 'k', seq: 1 }),
        msg('srv', { seq: 1, status: 'read' }),
      ],
    )
    expect(timeline).toEqual([
      expect.objectContaining({ id: 'srv', clientId: 'k', status: 'read' }),
    ])
  })

  it('keeps its invariants under random sends, acks, pages, edits and deletes (property)', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const random = seededRandom(seed)
      const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
      let timeline: readonly Message[] = []
      const sent: Message[] = []
      for (let step = 0; step < 120; step++) {
        const at = Math.floor(random() * 2_000)
        const batch: Message[] = []
        for (let i = 0, n = 1 + Math.floor(random() * 4); i < n; i++) {
          const known = timeline.length ? pick(timeline) : undefined
          const roll = random()
          if (roll < 0.3 || !known) {
            const m = msg(`k${seed}-${step}-${i}`, { clientId: `k${step}-${i}`, status: 'sending' })
            sent.push({ ...m, createdAt: at })
            batch.push({ ...m, createdAt: at })
          } else if (roll < 0.5 && sent.length) {
            const m = pick(sent)
            batch.push(msg(`${at}`, { clientId: m.clientId!, seq: at, createdAt: at + 5 }))
          } else if (roll < 0.7) batch.push(msg(`${at}`, { seq: at, createdAt: at }))
          else if (roll < 0.85) batch.push({ ...known, body: 'edit', editedAt: step })
          else batch.push({ ...known, deletedAt: step })
        }
        timeline = mergeMessages(timeline, batch)
        expect(brokenInvariant(timeline), `seed ${seed}, step ${step}`).toBeUndefined()
      }
    }
  })
})

describe('markReadUpTo', () => {
  const conversation = () =>
    mergeMessages(
      [],
      [
        msg('1', { senderId: 'me', createdAt: 1, status: 'read' }),
        msg('2', { senderId: 'me', createdAt: 2, status: 'sent' }),
        msg('3', { senderId: 'me', createdAt: 3, status: 'read' }),
        msg('4', { senderId: 'me', createdAt: 4, status: 'delivered' }),
        msg('5', { senderId: 'you', createdAt: 5 }),
        msg('6', { senderId: 'me', createdAt: 6, status: 'sent' }),
        msg('k', { senderId: 'me', clientId: 'k', createdAt: 7, status: 'sending' }),
        msg('8', { senderId: 'me', createdAt: 8, status: 'sent' }),
        msg('9', { senderId: 'me', createdAt: 9, status: 'sent' }),
      ],
    )
  const statuses = (timeline: readonly Message[]) => timeline.map((m) => m.status)

  it("marks the user's confirmed messages up to the one read, back to the last already read", () => {
    const timeline = conversation()
    const next = markReadUpTo(timeline, '8', 'me')
    // 2 stays `sent`: 3 was read, so everything before it was handled by an earlier receipt.
    expect(statuses(next)).toEqual([
      ...['read', 'sent', 'read', 'read', 'sent', 'read', 'sending', 'read', 'sent'],
    ])
    expect(findMessage(next, '8')?.status).toBe('read')
    expect(findMessage(next, 'c:k')?.status).toBe('sending')
    expect(statuses(timeline)[7]).toBe('sent')
  })

  it('returns the same array when nothing changes or the message is unknown', () => {
    const timeline = markReadUpTo(conversation(), '9', 'me')
    expect(markReadUpTo(timeline, '9', 'me')).toBe(timeline)
    expect(markReadUpTo(timeline, 'nope', 'me')).toBe(timeline)
    expect(markReadUpTo(timeline, '5', 'them')).toBe(timeline)
  })

  it('leaves a timeline that later merges treat like any other', () => {
    const read = markReadUpTo(conversation(), '9', 'me')
    const stale = mergeMessages(read, [msg('9', { senderId: 'me', createdAt: 9, status: 'sent' })])
    expect(stale).toBe(read)
    const next = mergeMessages(read, [msg('10', { senderId: 'you', createdAt: 10 })])
    expect(ids(next).at(-1)).toBe('10')
  })
})
