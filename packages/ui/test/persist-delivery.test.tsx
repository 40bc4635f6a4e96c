/**
 * Issue 12 in real Chromium, over the page's IndexedDB and Web Locks: messages written offline
 * survive a reload and are delivered once, also with two tabs open; each send frame is counted,
 * and the dialect is driven as one that never dedupes.
 */
import type { ChatClient } from '@parley/core'
import { afterEach, expect, it } from 'vitest'
import { serveMockBackend } from '../src/backend'
import { countingProtocol, openTab, storedBodies, storedKeys, until } from './persist-page'

const open: ChatClient[] = []
afterEach(() => open.splice(0).forEach((client) => client.close()))

const WRITTEN = ['on the train', 'no signal', 'see you at six']

/** The trainer's first conversation in the seed. */
const firstConversation = (backend: Awaited<ReturnType<typeof serveMockBackend>>) =>
  backend.model.listConversations('trainer-maya').conversations[0]!.id

it('three messages written offline, the page reloaded, back online: each delivered once, in order', async () => {
  const backend = await serveMockBackend()
  const conversationId = firstConversation(backend)
  const before = storedBodies(backend, conversationId)
  const scope = crypto.randomUUID()
  const { protocol, frames } = countingProtocol()

  const train = openTab(backend, protocol, scope)
  open.push(train.client)
  await train.persistence.ready
  for (const text of WRITTEN) train.client.send(conversationId, text)
  await until(
    async () => (await storedKeys(scope)).some((k) => k.startsWith('o:')),
    'the outbox in IndexedDB',
  )
  train.client.close() // the lid closes; nothing ever reached the server

  const home = openTab(backend, protocol, scope)
  open.push(home.client)
  await home.persistence.ready
  const pending = () => home.client.getSnapshot().timelines[conversationId] ?? []
  expect(pending().map((m) => m.status)).toEqual(['sending', 'sending', 'sending'])
  home.client.watch(conversationId)
  home.client.connect()
  await until(() => storedBodies(backend, conversationId).length === before.length + 3, 'delivered')
  await until(
    () =>
      pending()
        .filter((m) => WRITTEN.includes(m.body))
        .every((m) => m.status === 'sent'),
    'confirmed',
  )
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(storedBodies(backend, conversationId).slice(before.length)).toEqual(WRITTEN)
  expect([...frames.values()]).toEqual([1, 1, 1])
  await until(
    async () => !(await storedKeys(scope)).some((k) => k.startsWith('o:')),
    'the outbox emptied',
  )
})

it('two tabs open after the reload: one sends, none doubles', async () => {
  const backend = await serveMockBackend()
  const conversationId = firstConversation(backend)
  const before = storedBodies(backend, conversationId).length
  const scope = crypto.randomUUID()
  const { protocol, frames } = countingProtocol()

  const gone = openTab(backend, protocol, scope)
  open.push(gone.client)
  await gone.persistence.ready
  gone.client.send(conversationId, 'written in the closed tab')
  await until(
    async () => (await storedKeys(scope)).some((k) => k.startsWith('o:')),
    'the outbox in IndexedDB',
  )
  gone.client.close()

  const tabs = [openTab(backend, protocol, scope), openTab(backend, protocol, scope)]
  for (const tab of tabs) {
    open.push(tab.client)
    tab.client.watch(conversationId)
    tab.client.connect()
  }
  await Promise.all(tabs.map((tab) => tab.persistence.ready))
  await until(() => storedBodies(backend, conversationId).length === before + 1, 'delivered')
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(storedBodies(backend, conversationId).slice(before)).toEqual(['written in the closed tab'])
  expect([...frames.values()]).toEqual([1])
  // Both tabs show it once: the sender as its own send, the other from the live message.
  for (const tab of tabs) {
    await until(
      () =>
        (tab.client.getSnapshot().timelines[conversationId] ?? []).filter(
          (m) => m.body === 'written in the closed tab',
        ).length === 1,
      'shown once in each tab',
    )
  }
})

it('a tab that is still open keeps its own queued send: a second tab does not take it', async () => {
  const backend = await serveMockBackend()
  const conversationId = firstConversation(backend)
  const before = storedBodies(backend, conversationId).length
  const scope = crypto.randomUUID()
  const { protocol, frames } = countingProtocol()

  const offline = openTab(backend, protocol, scope)
  open.push(offline.client)
  await offline.persistence.ready
  offline.client.send(conversationId, 'mine')
  await until(async () => (await storedKeys(scope)).some((k) => k.startsWith('o:')), 'persisted')

  const beside = openTab(backend, protocol, scope)
  open.push(beside.client)
  beside.client.connect()
  await beside.persistence.ready
  await until(() => beside.client.getSnapshot().connection.status === 'open', 'beside online')
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(frames.size).toBe(0)

  offline.client.connect()
  await until(
    () => storedBodies(backend, conversationId).length === before + 1,
    'sent by its own tab',
  )
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect([...frames.values()]).toEqual([1])
})
