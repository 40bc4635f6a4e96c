/**
 * Issue 12 in real Chromium: what the cache in IndexedDB shows before the socket opens, and how it
 * stays within its bounds, survives corruption and refusal, and is wiped on sign-out.
 */
import { createChatClient, type ChatClient, type ProtocolAdapter } from '@parley/core'
import { createNativeProtocol } from '@parley/core/native'
import {
  createPersistence,
  indexedDbStorage,
  SCHEMA_VERSION,
  type PersistStorage,
  type PersistWarning,
} from '@parley/core/persist'
import { ChatProvider, useChat, useConnection } from '@parley/react'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { API_URL, SOCKET_URL, serveMockBackend } from '../src/backend'
import { openTab, storedKeys, until } from './persist-page'

const open: ChatClient[] = []
afterEach(() => {
  cleanup()
  open.splice(0).forEach((client) => client.close())
})

const message = (conversationId: string, n: number) => ({
  id: `${conversationId}-${n}`,
  conversationId,
  senderId: 'client-sam',
  kind: 'text' as const,
  body: `cached ${n}`,
  attachments: [],
  createdAt: 1_700_000_000_000 + n,
  seq: n,
  status: 'sent' as const,
})

/** A client that is never connected, persisting under `scope`. */
function offline(scope: string, persist: Parameters<typeof createPersistence>[0] = {}) {
  const warnings: PersistWarning[] = []
  const persistence = createPersistence({
    scope,
    writeDelayMs: 10,
    onWarning: (w) => warnings.push(w),
    ...persist,
  })
  const client = createChatClient({
    url: SOCKET_URL,
    protocol: createNativeProtocol({ apiUrl: API_URL }),
    userId: 'trainer-maya',
    batchMs: 0,
    persist: persistence,
  })
  open.push(client)
  return { client, persistence, warnings }
}

function Conversation({ id }: { id: string }) {
  const { messages } = useChat(id)
  const { status } = useConnection()
  return (
    <section aria-label="Conversation" data-connection={status}>
      <ul>
        {messages.map((m) => (
          <li key={m.id}>{m.body}</li>
        ))}
      </ul>
    </section>
  )
}

describe('a conversation from the cache', () => {
  it('renders before the socket opens, then reconciles with what was missed: once each', async () => {
    const backend = await serveMockBackend()
    const conversationId = backend.model.listConversations('trainer-maya').conversations[0]!.id
    const scope = crypto.randomUUID()
    const protocol = createNativeProtocol({ apiUrl: API_URL })
    const first = openTab(backend, protocol, scope)
    open.push(first.client)
    first.client.watch(conversationId)
    first.client.connect()
    await first.client.resync(conversationId)
    await until(() => !!first.client.getSnapshot().timelines[conversationId]?.length, 'history')
    const held = first.client.getSnapshot().timelines[conversationId]!.map((m) => m.body)
    expect(held.length).toBeGreaterThan(0)
    await until(async () => (await storedKeys(scope)).includes(`t:${conversationId}`), 'cached')
    first.client.close()

    // Back later: the token is slow to come and the history endpoint hangs: only the cache can show.
    const hanging: ProtocolAdapter = { ...protocol, fetchHistory: () => new Promise(() => {}) }
    const later = createChatClient({
      url: SOCKET_URL,
      protocol: hanging,
      getToken: () => new Promise<string>(() => {}),
      userId: 'trainer-maya',
      persist: createPersistence({ scope }),
    })
    open.push(later)
    render(
      <ChatProvider client={later} protocol={hanging}>
        <Conversation id={conversationId} />
      </ChatProvider>,
    )
    const region = await screen.findByRole('region', { name: 'Conversation' })
    await until(() => region.querySelectorAll('li').length === held.length, 'the cached timeline')
    expect([...region.querySelectorAll('li')].map((li) => li.textContent)).toEqual(held)
    expect(region.dataset.connection).not.toBe('open')
    cleanup()
    later.close()

    // Meanwhile the other side wrote: the next start shows the cache at once and the join's replay adds his message.
    const other = backend.model.participantIds(conversationId).find((id) => id !== 'trainer-maya')!
    backend.model.send(other, {
      conversationId,
      clientId: 'other-1',
      body: 'while you were away',
    })
    const online = openTab(backend, protocol, scope)
    open.push(online.client)
    await online.persistence.ready
    online.client.watch(conversationId)
    online.client.connect()
    const bodies = () =>
      (online.client.getSnapshot().timelines[conversationId] ?? []).map((m) => m.body)
    await until(() => bodies().includes('while you were away'), 'the gap filled')
    expect(bodies()).toEqual([...held, 'while you were away'])
  })
})

describe('bounds and failures', () => {
  it('evicts the least recently updated conversation first', async () => {
    const scope = crypto.randomUUID()
    let clock = 0
    const { client, persistence } = offline(scope, { maxConversations: 2, now: () => ++clock })
    await persistence.ready
    for (const id of ['oldest', 'middle', 'newest']) {
      client.merge([message(id, 1)])
      await until(async () => (await storedKeys(scope)).includes(`t:${id}`), `t:${id}`)
    }
    await until(async () => !(await storedKeys(scope)).includes('t:oldest'), 'oldest evicted')
    expect((await storedKeys(scope)).filter((k) => k.startsWith('t:')).sort()).toEqual([
      't:middle',
      't:newest',
    ])
  })

  it('quota exceeded on write: a typed warning, memory from then on, the chat goes on', async () => {
    const scope = crypto.randomUUID()
    const real = indexedDbStorage(`parley:${scope}`)
    const full: PersistStorage = {
      ...real,
      setMany: () => Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError')),
    }
    const { client, persistence, warnings } = offline(scope, { storage: full })
    await persistence.ready
    client.merge([message('c1', 1)])
    const sent = client.send('c1', 'still shown')
    await until(() => warnings.length > 0, 'a warning')
    expect(warnings.map((w) => w.code)).toEqual(['quota-exceeded'])
    expect(client.getSnapshot().timelines.c1?.some((m) => m.clientId === sent.clientId)).toBe(true)
  })

  it('a corrupt record is dropped with a typed warning; the rest of the cache loads', async () => {
    const scope = crypto.randomUUID()
    // Written as another page (or an older, buggier build) might have left them.
    await indexedDbStorage(`parley:${scope}`).setMany([
      [
        'meta',
        {
          version: SCHEMA_VERSION,
          userId: 'trainer-maya',
          conversations: { broken: { usedAt: 2, count: 1 }, fine: { usedAt: 1, count: 1 } },
        },
      ],
      ['t:broken', { messages: 'not messages' }],
      ['t:fine', { messages: [message('fine', 1)] }],
    ])
    const { client, persistence, warnings } = offline(scope)
    await persistence.ready
    await until(() => client.getSnapshot().timelines.fine?.length === 1, 'the good record')
    expect(warnings.map((w) => [w.code, w.key])).toEqual([['corrupt-record', 't:broken']])
    expect(await storedKeys(scope)).not.toContain('t:broken')
  })

  it('a database it cannot use (another shape under the name) degrades to memory', async () => {
    const scope = crypto.randomUUID()
    // A database of that name at a higher version without the expected object store.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(`parley:${scope}`, 5)
      request.onupgradeneeded = () => request.result.createObjectStore('something-else')
      request.onsuccess = () => (request.result.close(), resolve())
      request.onerror = () => reject(request.error)
    })
    const { client, persistence, warnings } = offline(scope)
    await persistence.ready
    client.send('c1', 'hello')
    expect(warnings.map((w) => w.code)).toEqual(['storage-unavailable'])
    expect(client.getSnapshot().timelines.c1).toHaveLength(1)
  })

  it('sign-out wipes the outbox, the cached timelines and the list', async () => {
    const scope = crypto.randomUUID()
    const { client, persistence } = offline(scope)
    await persistence.ready
    client.merge([message('c1', 1)])
    client.send('c1', 'unsent')
    await persistence.saveConversations([
      { id: 'c1', kind: 'direct', participants: [], unreadCount: 0, updatedAt: 1 },
    ])
    await until(async () => (await storedKeys(scope)).length >= 4, 'meta, list, timeline, outbox')
    await client.signOut()
    expect(await storedKeys(scope)).toEqual([])
    expect(await persistence.loadConversations()).toBeUndefined()
  })
})
