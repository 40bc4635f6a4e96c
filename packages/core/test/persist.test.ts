import { describe, expect, it, vi } from 'vitest'
import type { ChatClient, Message } from '../src'
import {
  createPersistence,
  memoryStorage,
  SCHEMA_VERSION,
  type PersistOptions,
  type PersistStorage,
  type PersistWarning,
} from '../src/persist'
import { FakeSocket } from './fakes'
import { fakeSocketClient, storedMessage, waitFor } from './helpers'

// Persistence over a fake storage (a Map of structured clones, as IndexedDB keeps them): what is
// cached, what is evicted, and how a failing or corrupt store degrades instead of crashing.

function offlineClient(persist: PersistOptions) {
  const warnings: PersistWarning[] = []
  const persistence = createPersistence({
    writeDelayMs: 5,
    locks: null,
    onWarning: (w) => warnings.push(w),
    ...persist,
  })
  const client = fakeSocketClient({ url: 'ws://offline', userId: 'me', persist: persistence })
  return { client, persistence, warnings }
}

const message = (conversationId: string, n: number): Message =>
  storedMessage(n, { id: `${conversationId}-${n}`, conversationId })
const page = (conversationId: string, count: number) =>
  Array.from({ length: count }, (_, n) => message(conversationId, n + 1))
const timelineKeys = (records: Map<string, unknown>) =>
  [...records.keys()].filter((k) => k.startsWith('t:')).sort()
const bodies = (c: ChatClient, id: string) =>
  (c.getSnapshot().timelines[id] ?? []).map((m) => m.body)

describe('cached timelines', () => {
  it('a conversation renders from the cache before any socket opens', async () => {
    const records = new Map<string, unknown>()
    const first = offlineClient({ storage: memoryStorage(records) })
    await first.persistence.ready
    first.client.merge(page('c1', 3))
    await waitFor(() => records.has('t:c1'), 2_000, 'written')
    first.client.close()

    const second = offlineClient({ storage: memoryStorage(records) })
    await second.persistence.ready
    await waitFor(() => bodies(second.client, 'c1').length === 3)
    expect(bodies(second.client, 'c1')).toEqual(['message 1', 'message 2', 'message 3'])
    expect(second.client.getSnapshot().connection.status).toBe('idle')
    expect(FakeSocket.instances.filter((s) => s.url === 'ws://offline')).toHaveLength(0)
  })

  it('keeps the newest messages per conversation and evicts the least recently updated conversations', async () => {
    const records = new Map<string, unknown>()
    let clock = 0
    const { client, persistence } = offlineClient({
      storage: memoryStorage(records),
      maxMessagesPerConversation: 5,
      maxConversations: 2,
      now: () => ++clock,
    })
    await persistence.ready
    const written = async (id: string, n: number) => {
      await waitFor(
        () => {
          const record = records.get(`t:${id}`) as { messages: Message[] } | undefined
          return record?.messages.at(-1)?.id === `${id}-${n}`
        },
        2_000,
        `t:${id} up to ${n}`,
      )
    }
    client.merge(page('c1', 8))
    await written('c1', 8)
    expect((records.get('t:c1') as { messages: Message[] }).messages.map((m) => m.id)).toEqual([
      'c1-4',
      'c1-5',
      'c1-6',
      'c1-7',
      'c1-8',
    ])
    client.merge(page('c2', 2))
    await written('c2', 2)
    client.merge([message('c1', 9)]) // c1 is now the most recently updated
    await written('c1', 9)
    client.merge(page('c3', 1))
    await written('c3', 1)
    await waitFor(() => !records.has('t:c2'), 2_000, 'c2 evicted')
    expect(timelineKeys(records)).toEqual(['t:c1', 't:c3'])
    const meta = records.get('meta') as { conversations: Record<string, unknown> }
    expect(Object.keys(meta.conversations).sort()).toEqual(['c1', 'c3'])
  })

  it('caps the messages in all: whole conversations go, oldest first', async () => {
    const records = new Map<string, unknown>()
    let clock = 0
    const { client, persistence } = offlineClient({
      storage: memoryStorage(records),
      maxMessages: 6,
      now: () => ++clock,
    })
    await persistence.ready
    for (const id of ['a', 'b', 'c']) {
      client.merge(page(id, 3))
      await waitFor(() => records.has(`t:${id}`), 2_000)
    }
    await waitFor(() => !records.has('t:a'), 2_000, 'a evicted')
    expect(timelineKeys(records)).toEqual(['t:b', 't:c'])
  })
})

it('a persistence serves one client: a second is refused by name', async () => {
  const { persistence } = offlineClient({ storage: memoryStorage() })
  expect(() => fakeSocketClient({ url: 'ws://x', persist: persistence })).toThrow(
    /its own createPersistence/,
  )
})

describe('the conversation list', () => {
  it('is read at start, for the list to show before it is fetched; a corrupt one is dropped', async () => {
    const records = new Map<string, unknown>()
    const first = offlineClient({ storage: memoryStorage(records) })
    await first.persistence.ready
    expect(first.client.persistence).toBe(first.persistence)
    const list = [
      { id: 'c1', kind: 'direct' as const, participants: [], unreadCount: 2, updatedAt: 5 },
    ]
    await first.persistence.saveConversations(list)
    first.client.close()

    const second = offlineClient({ storage: memoryStorage(records) })
    expect(second.persistence.conversations()).toBeUndefined()
    await second.persistence.ready
    expect(second.persistence.conversations()).toEqual(list)
    second.client.close()

    records.set('list', { conversations: [{ id: 1 }] })
    const third = offlineClient({ storage: memoryStorage(records) })
    await third.persistence.ready
    expect(third.persistence.conversations()).toBeUndefined()
    expect(third.warnings.map((w) => [w.code, w.key])).toEqual([['corrupt-record', 'list']])
    expect(records.has('list')).toBe(false)
  })
})

describe('a store that fails', () => {
  it('a corrupt cached timeline is dropped with a typed warning; the others load', async () => {
    const records = new Map<string, unknown>([
      [
        'meta',
        {
          version: SCHEMA_VERSION,
          userId: 'me',
          conversations: { bad: { usedAt: 2, count: 1 }, good: { usedAt: 1, count: 1 } },
        },
      ],
      ['t:bad', { messages: [{ id: 7, body: null }] }],
      ['t:good', { messages: [message('good', 1)] }],
      ['o:dead-tab', { sends: 'not a list' }],
    ])
    const { client, persistence, warnings } = offlineClient({ storage: memoryStorage(records) })
    await persistence.ready
    await waitFor(() => bodies(client, 'good').length === 1)
    expect(warnings.map((w) => [w.code, w.key])).toEqual([
      ['corrupt-record', 't:bad'],
      ['corrupt-record', 'o:dead-tab'],
    ])
    expect(records.has('t:bad')).toBe(false)
    expect(records.has('o:dead-tab')).toBe(false)
    expect(client.getSnapshot().timelines.bad).toBeUndefined()
  })

  it('quota exceeded: one typed warning, then memory only; sending still works', async () => {
    const records = new Map<string, unknown>()
    const base = memoryStorage(records)
    let writes = 0
    const full: PersistStorage = {
      ...base,
      setMany: async () => {
        writes++
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      },
    }
    const { client, persistence, warnings } = offlineClient({ storage: full })
    await persistence.ready
    client.merge(page('c1', 2))
    await waitFor(() => warnings.length > 0, 2_000, 'a warning')
    expect(warnings).toMatchObject([{ code: 'quota-exceeded' }])
    const sent = client.send('c1', 'still works')
    client.merge([message('c1', 3)])
    await waitFor(() => bodies(client, 'c1').length === 4)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(writes).toBe(1)
    expect(warnings).toHaveLength(1)
    expect(
      client.getSnapshot().timelines.c1?.find((m) => m.clientId === sent.clientId)?.status,
    ).toBe('sending')
  })

  it('a store that cannot be opened (private mode, blocked) degrades to memory', async () => {
    const refuse = async () => {
      throw new DOMException(
        'A mutation operation was attempted on a database that did not allow mutations.',
        'InvalidStateError',
      )
    }
    const blocked: PersistStorage = {
      get: refuse,
      setMany: refuse,
      delMany: refuse,
      keys: refuse,
      clear: refuse,
    }
    const { client, persistence, warnings } = offlineClient({ storage: blocked })
    await persistence.ready
    client.merge(page('c1', 2))
    client.send('c1', 'hello')
    await waitFor(() => bodies(client, 'c1').length === 3)
    expect(warnings.map((w) => w.code)).toEqual(['storage-unavailable'])
  })

  it('IndexedDB absent altogether (Node, old browsers): the default storage degrades, never throws', async () => {
    const { client, persistence, warnings } = offlineClient({})
    await persistence.ready
    client.send('c1', 'hello')
    expect(warnings.map((w) => w.code)).toEqual(['storage-unavailable'])
  })
})

describe('schema versions', () => {
  it('a newer or unreadable version is wiped with a schema-reset warning', async () => {
    const records = new Map<string, unknown>([
      [
        'meta',
        {
          version: SCHEMA_VERSION + 1,
          userId: 'me',
          conversations: { c1: { usedAt: 1, count: 1 } },
        },
      ],
      ['t:c1', { messages: [message('c1', 1)] }],
    ])
    const { client, persistence, warnings } = offlineClient({ storage: memoryStorage(records) })
    await persistence.ready
    expect(warnings.map((w) => w.code)).toEqual(['schema-reset'])
    expect(records.has('t:c1')).toBe(false)
    expect(client.getSnapshot().timelines.c1).toBeUndefined()
  })

  it('an older version is migrated step by step and its data kept', async () => {
    const records = new Map<string, unknown>([
      // Version 0 kept timelines under `timeline:<id>` as bare arrays.
      [
        'meta',
        {
          version: SCHEMA_VERSION - 1,
          userId: 'me',
          conversations: { c1: { usedAt: 1, count: 2 } },
        },
      ],
      ['timeline:c1', page('c1', 2)],
    ])
    const step = vi.fn(async (storage: PersistStorage, meta) => {
      const list = await storage.get('timeline:c1')
      await storage.setMany([['t:c1', { messages: list }]])
      await storage.delMany(['timeline:c1'])
      return meta
    })
    const { client, persistence, warnings } = offlineClient({
      storage: memoryStorage(records),
      migrations: { [SCHEMA_VERSION - 1]: step },
    })
    await persistence.ready
    await waitFor(() => bodies(client, 'c1').length === 2)
    expect(step).toHaveBeenCalledTimes(1)
    expect(warnings).toEqual([])
    expect(records.has('timeline:c1')).toBe(false)
  })

  it('another user’s cache on a shared computer is wiped, never shown', async () => {
    const records = new Map<string, unknown>([
      [
        'meta',
        {
          version: SCHEMA_VERSION,
          userId: 'someone-else',
          conversations: { c1: { usedAt: 1, count: 1 } },
        },
      ],
      ['t:c1', { messages: [message('c1', 1)] }],
    ])
    const { client, persistence } = offlineClient({ storage: memoryStorage(records) })
    await persistence.ready
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(client.getSnapshot().timelines.c1).toBeUndefined()
    expect(records.has('t:c1')).toBe(false)
  })
})

describe('signing out', () => {
  it('signOut() wipes the outbox, the timelines and the list, and nothing is written after', async () => {
    const records = new Map<string, unknown>()
    const { client, persistence } = offlineClient({ storage: memoryStorage(records) })
    await persistence.ready
    client.merge(page('c1', 2))
    client.send('c1', 'pending')
    await persistence.saveConversations([
      { id: 'c1', kind: 'direct', participants: [], unreadCount: 0, updatedAt: 1 },
    ])
    await waitFor(() => records.has('t:c1') && [...records.keys()].some((k) => k.startsWith('o:')))
    expect(await persistence.loadConversations()).toHaveLength(1)
    await client.signOut()
    expect([...records.keys()]).toEqual([])
    expect(persistence.conversations()).toBeUndefined()
    client.merge(page('c1', 5))
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect([...records.keys()]).toEqual([])
  })

  it('clearPersisted() wipes it while the client goes on in memory', async () => {
    const records = new Map<string, unknown>()
    const { client, persistence } = offlineClient({ storage: memoryStorage(records) })
    await persistence.ready
    client.merge(page('c1', 2))
    await waitFor(() => records.has('t:c1'))
    await client.clearPersisted()
    expect(records.size).toBe(0)
    expect(bodies(client, 'c1')).toHaveLength(2)
  })
})
