import { describe, expect, it } from 'vitest'
import { mergeMessages } from '../src/timeline'
import type { Message } from '../src/model'

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

describe('mergeMessages', () => {
  it('orders by server sequence, then time, with pending sends last in send order', () => {
    const timeline = mergeMessages(
      [],
      [
        msg('local-2', { clientId: 'local-2', status: 'sending', createdAt: 50 }),
        msg('b', { seq: 2, createdAt: 5_000 }),
        msg('local-1', { clientId: 'local-1', status: 'failed', createdAt: 10 }),
        msg('a', { seq: 1, createdAt: 9_000 }),
        msg('c', { seq: 3 }),
      ],
    )
    expect(timeline.map((m) => m.id)).toEqual(['a', 'b', 'c', 'local-1', 'local-2'])
  })

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

  it('returns the same array when nothing changed, so selectors keep their reference', () => {
    const timeline = mergeMessages([], [msg('a', { seq: 1 }), msg('b', { seq: 2 })])
    expect(mergeMessages(timeline, [msg('a', { seq: 1 })])).toBe(timeline)
    expect(mergeMessages(timeline, [])).toBe(timeline)
  })

  it('never lets status go backwards, and keeps edits and deletes over stale copies', () => {
    const read = mergeMessages(
      [],
      [msg('a', { seq: 1, status: 'read', body: 'edited', editedAt: 2_000 })],
    )
    const stale = mergeMessages(read, [msg('a', { seq: 1, status: 'sent', body: 'original' })])
    expect(stale[0]).toMatchObject({ status: 'read', body: 'edited', editedAt: 2_000 })
    const deleted = mergeMessages(stale, [msg('a', { seq: 1, deletedAt: 3_000, body: '' })])
    const resurrected = mergeMessages(deleted, [msg('a', { seq: 1 })])
    expect(resurrected[0]?.deletedAt).toBe(3_000)
  })

  it('deduplicates within one batch', () => {
    const timeline = mergeMessages(
      [],
      [msg('a', { seq: 1 }), msg('a', { seq: 1 }), msg('a', { seq: 1 })],
    )
    expect(timeline).toHaveLength(1)
  })
})

describe('mergeMessages index hand-off', () => {
  it('stays correct when an older timeline array is merged into again', () => {
    const first = mergeMessages([], [msg('a', { seq: 1 })])
    const second = mergeMessages(first, [msg('b', { seq: 2 })])
    const branch = mergeMessages(first, [msg('a', { seq: 1, body: 'edited', editedAt: 5 })])
    expect(second.map((m) => m.id)).toEqual(['a', 'b'])
    expect(branch.map((m) => [m.id, m.body])).toEqual([['a', 'edited']])
    expect(mergeMessages(second, [msg('b', { seq: 2 })])).toBe(second)
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
})
