import type { ChatState } from '../client'
import { isPending, type Message } from '../model'
import type { PersistHost, RestoredSend } from '../persist-host'
import { findMessage } from '../timeline'
import type { LockManagerLike, PersistContext } from './context'
import { fromStored, outboxKey, readSends, toStored, type StoredSend } from './records'

/** This client's message with that client id: in its conversation when known, else anywhere. */
function findSend(state: ChatState, clientId: string, conversationId?: string) {
  const key = `c:${clientId}`
  if (conversationId !== undefined) return findMessage(state.timelines[conversationId] ?? [], key)
  for (const list of Object.values(state.timelines)) {
    const found = findMessage(list, key)
    if (found) return found
  }
  return undefined
}

const STATUS = { queued: 'sending', unconfirmed: 'unconfirmed', failed: 'failed' } as const

/**
 * One tab's outbox on disk (`o:<tabId>`), rewritten whenever a send moves, and the adoption of
 * outboxes whose tab is gone. Each tab holds a Web Lock named after itself while it lives; a tab
 * that can take another's lock knows it is dead and, under one shared `adopt` lock, moves that
 * tab's sends into its own outbox: a persisted send is flushed by exactly one tab.
 */
export function createOutboxRecords(
  context: PersistContext,
  host: PersistHost,
  {
    tabId,
    lockPrefix,
    locks,
  }: { tabId: string; lockPrefix: string; locks: LockManagerLike | null },
) {
  const own = outboxKey(tabId)
  let written = '[]'
  let saving = false
  let adopting = Promise.resolve()

  const current = (): StoredSend[] => {
    const state = host.store.getSnapshot()
    return host.outbox.records().flatMap(({ clientId, conversationId, stage, anchor }) => {
      const message = findSend(state, clientId, conversationId)
      if (!message || !isPending(message)) return []
      return [{ message: toStored(message), stage, anchor: anchor && toStored(anchor) }]
    })
  }

  /** Write this tab's outbox if it changed; the one write queued at a time reads it when it runs. */
  function save() {
    if (saving || !context.active()) return
    if (written === '[]' && host.outbox.records().length === 0) return
    saving = true
    void context.run(async () => {
      saving = false
      const sends = current()
      const text = JSON.stringify(sends)
      if (text === written) return
      if (sends.length) await context.storage.setMany([[own, { sends }]])
      else await context.storage.delMany([own])
      written = text
    })
  }

  /** Put persisted sends back: into their timelines first (the outbox finds them there), then the outbox. */
  function restore(sends: StoredSend[], delivered: (clientId: string) => boolean) {
    const restored: RestoredSend[] = []
    for (const { message: stored, stage, anchor } of sends) {
      const clientId = stored.clientId!
      const held = (id: string) =>
        host.outbox.records().some((r) => r.clientId === id) ||
        restored.some((r) => r.message.clientId === id)
      if (delivered(clientId) || held(clientId)) continue
      const back = stage === 'wire' ? 'unconfirmed' : stage
      const message: Message = { ...fromStored(stored), status: STATUS[back] }
      if (back !== 'failed') delete message.error
      host.insert(message)
      restored.push({ message, stage: back, anchor: anchor && fromStored(anchor) })
    }
    if (restored.length) host.outbox.restore(restored)
    return restored.length
  }

  const isDead = (tab: string) =>
    locks!.request(`${lockPrefix}:tab:${tab}`, { ifAvailable: true }, (lock) => lock !== null)

  /**
   * Take over the outboxes of tabs that are gone (all of them without Web Locks: one tab is
   * assumed) and send them from here. `delivered` tells a send the cache shows confirmed.
   */
  async function adopt(delivered: (clientId: string) => boolean) {
    const work = async () => {
      if (!context.active()) return
      const orphans: string[] = []
      for (const key of await context.storage.keys()) {
        if (key.startsWith('o:') && key !== own && (!locks || (await isDead(key.slice(2)))))
          orphans.push(key)
      }
      if (!orphans.length) return
      const sends: StoredSend[] = []
      for (const key of orphans) {
        const read = readSends(await context.storage.get(key))
        if (read) sends.push(...read)
        else
          context.warn({ code: 'corrupt-record', message: 'An unreadable outbox was dropped', key })
      }
      const confirmedHere = (clientId: string) => {
        const found = findSend(host.store.getSnapshot(), clientId)
        return delivered(clientId) || (!!found && !isPending(found))
      }
      const count = restore(sends, confirmedHere)
      // Ours written and theirs emptied in one transaction: a crash leaves one copy, never two.
      const mine = current()
      const emptied = orphans.map((key): [string, unknown] => [key, { sends: [] }])
      await context.storage.setMany([[own, { sends: mine }], ...emptied])
      written = JSON.stringify(mine)
      await context.storage.delMany(orphans)
      if (count) host.resume()
    }
    // One adoption at a time in this tab too (at start and on each reconnect).
    adopting = adopting.then(async () => {
      try {
        await (locks ? locks.request(`${lockPrefix}:adopt`, {}, work) : work())
      } catch (cause) {
        context.fail(cause)
      }
    })
    return adopting
  }

  return { save, adopt }
}
