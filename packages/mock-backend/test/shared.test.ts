import type { ChatClient } from '@parley/core'
import { describe, expect, it } from 'vitest'
import { createMockBackend, type MockBackend } from '../src'
import { shareAcrossTabs } from '../src/shared'
import { API_URL, MOCK_URL, protocol, useMockServer, waitFor } from './helpers'

// Two "tabs" in one process: Node's BroadcastChannel links them as a browser's does between tabs,
// and one lock manager stands for the browser's Web Locks. Which tab's handlers MSW runs decides
// which tab a socket lives in. (A real two-tab run in Chromium is still to come.)
const { server, later, chat } = useMockServer()
const DM = 'dm-maya-sam'

/** Web Locks as one browser has them: one holder per name, the rest queue. */
function fakeLocks(): Pick<LockManager, 'request'> {
  const held = new Set<string>()
  const queues = new Map<string, (() => void)[]>()
  const request = (name: string, ...rest: unknown[]): Promise<unknown> => {
    const callback = rest.at(-1) as (lock: unknown) => unknown
    const ifAvailable = rest.length === 2 && (rest[0] as LockOptions).ifAvailable === true
    return new Promise((resolve) => {
      const run = () => {
        held.add(name)
        void Promise.resolve(callback({ name })).then((value) => {
          held.delete(name)
          resolve(value)
          queues.get(name)?.shift()?.()
        })
      }
      if (!held.has(name)) run()
      else if (ifAvailable) void Promise.resolve(callback(null)).then(resolve)
      else queues.set(name, [...(queues.get(name) ?? []), run])
    })
  }
  return { request } as Pick<LockManager, 'request'>
}

async function tabs() {
  const locks = fakeLocks()
  const name = `test-${crypto.randomUUID()}`
  const open = async () => {
    const backend = createMockBackend({ url: MOCK_URL, apiUrl: API_URL })
    const shared = shareAcrossTabs(backend, { name, locks })
    later(() => (shared.dispose(), backend.dispose()))
    await shared.ready
    return { backend, shared, show: () => server.use(...shared.handlers) }
  }
  const first = await open()
  const second = await open()
  return { first, second, open }
}
const list = (client: ChatClient) => client.getSnapshot().timelines[DM] ?? []
const isOpen = (client: ChatClient) => client.getSnapshot().connection.status === 'open'
const joinedIn = (backend: MockBackend, count: number) =>
  waitFor(
    () => backend.controls.sessions().filter((s) => s.joined.includes(DM)).length === count,
    `${count} sessions joined`,
  )

describe('shareAcrossTabs', () => {
  it('one tab serves; a trainer in it and a client in another tab chat live', async () => {
    const { first, second } = await tabs()
    expect([first.shared.isLeader(), second.shared.isLeader()]).toEqual([true, false])

    first.show()
    const maya = chat(first.backend.model.issueToken('trainer-maya'))
    maya.watch(DM)
    await joinedIn(first.backend, 1)
    server.resetHandlers()
    second.show()
    // A token issued in the second tab, for a socket the second tab relays to the first.
    const sam = chat(second.backend.model.issueToken('client-sam'))
    sam.watch(DM)
    await joinedIn(first.backend, 2)
    expect(second.backend.controls.sessions()).toEqual([])

    sam.send(DM, 'Hi from tab 2')
    await waitFor(() => list(maya).length === 1, 'delivery to tab 1')
    maya.send(DM, 'Hi from tab 1')
    await waitFor(() => list(sam).length === 2 && list(sam)[0]?.status === 'sent', 'reply in tab 2')
    expect(list(sam).map((m) => [m.seq, m.body])).toEqual([
      [8, 'Hi from tab 2'],
      [9, 'Hi from tab 1'],
    ])
    expect(first.backend.model.latestSeq(DM)).toBe(9)

    // REST from the second tab is answered by the first tab's server.
    const token = second.backend.model.issueToken('client-sam')
    const page = await protocol.fetchHistory!({ conversationId: DM, limit: 2 }, { token })
    expect(page.messages.map((m) => m.body)).toEqual(['Hi from tab 2', 'Hi from tab 1'])
  })

  it('controls pressed in any tab act on the one server', async () => {
    const { first, second } = await tabs()
    second.show()
    const sam = chat(second.backend.model.issueToken('client-sam'))
    await waitFor(() => isOpen(sam), 'open')

    second.backend.controls.latency({ toClientMs: 30 })
    await waitFor(() => first.backend.controls.faults().latency.toClientMs === 30, 'the latency')
    await waitFor(() => second.backend.controls.faults().latency.toClientMs === 30, 'the copy')
    second.backend.controls.disconnectAll(4000, 'restart')

    await waitFor(() => !isOpen(sam), 'the disconnect')
    await waitFor(() => isOpen(sam), 'the reconnect')
  })

  it('when the serving tab closes, the next one takes over and relayed sockets reconnect to it', async () => {
    const { first, second } = await tabs()
    second.show()
    const sam = chat(second.backend.model.issueToken('client-sam'))
    await waitFor(() => isOpen(sam), 'open')
    expect(first.backend.controls.sessions()).toHaveLength(1)

    first.shared.dispose()

    await waitFor(() => second.shared.isLeader(), 'the takeover')
    await waitFor(() => second.backend.controls.sessions().length === 1 && isOpen(sam), 'reconnect')
    expect(first.backend.controls.sessions()).toEqual([])
  })

  it('the next tab takes over where the serving tab left off: same messages, ids and seqs', async () => {
    const { first, second, open } = await tabs()
    second.show()
    const sam = chat(second.backend.model.issueToken('client-sam'))
    sam.watch(DM)
    await joinedIn(first.backend, 1)
    sam.send(DM, 'One')
    sam.send(DM, 'Two')
    await waitFor(() => list(sam).filter((m) => m.status === 'sent').length === 2, 'the acks')
    first.backend.model.markRead('trainer-maya', DM, `${DM}.8`)
    // A tab opened after the changes asks for them.
    const third = await open()
    await waitFor(() => third.backend.model.latestSeq(DM) === 9, 'the third tab to catch up')
    // The last change, just before the serving tab goes: it is sent as the tab closes.
    first.backend.model.edit('client-sam', DM, `${DM}.9`, 'Two (edited)')

    first.shared.dispose()
    await waitFor(() => second.shared.isLeader(), 'the takeover')
    await waitFor(() => isOpen(sam) && second.backend.controls.sessions().length === 1, 'reconnect')
    const server = second.backend.model
    for (const seq of [8, 9])
      expect(server.message(DM, seq)).toEqual(first.backend.model.message(DM, seq))
    expect(server.message(DM, 9)).toMatchObject({ id: `${DM}.9`, body: 'Two (edited)' })
    expect(server.summary(DM, 'client-sam').lastMessage?.status).toBe('sent')
    expect(server.history('client-sam', DM, { limit: 2 }).messages[0]?.status).toBe('read')

    sam.send(DM, 'Three')
    await waitFor(() => list(sam).at(-1)?.status === 'sent', 'the ack from the new server')
    expect(list(sam).map((m) => [m.id, m.seq, m.body])).toEqual([
      [`${DM}.8`, 8, 'One'],
      [`${DM}.9`, 9, 'Two'],
      [`${DM}.10`, 10, 'Three'],
    ])
    // The third tab follows the new server.
    await waitFor(() => third.backend.model.latestSeq(DM) === 10, 'the third tab to follow')
  })
})
