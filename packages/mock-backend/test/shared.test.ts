import type { ChatClient } from '@parley/core'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createMockBackend, type MockBackend, type MockBackendOptions } from '../src'
import { shareAcrossTabs } from '../src/shared'
import { fakeLocks } from './fake-locks'
import { API_URL, MOCK_URL, protocol, sleep, useMockServer, waitFor } from './helpers'

// Two "tabs" in one process: Node's BroadcastChannel links them as a browser's does between tabs,
// and one lock manager stands for the browser's Web Locks. Which tab's handlers MSW runs decides
// which tab a socket lives in. (A real two-tab run in Chromium is still to come.)
const { server, later, chat } = useMockServer()
const DM = 'dm-maya-sam'

async function tabs(firstOptions: Partial<MockBackendOptions> = {}) {
  const locks = fakeLocks()
  const name = `test-${crypto.randomUUID()}`
  const open = async (options: Partial<MockBackendOptions> = {}) => {
    const backend = createMockBackend({ url: MOCK_URL, apiUrl: API_URL, ...options })
    const shared = shareAcrossTabs(backend, { name, locks })
    later(() => (shared.dispose(), backend.dispose()))
    await shared.ready
    return { backend, shared, show: () => server.use(...shared.handlers) }
  }
  const first = await open(firstOptions)
  const second = await open()
  return { first, second, open }
}
const list = (client: ChatClient) => client.getSnapshot().timelines[DM] ?? []
const isOpen = (client: ChatClient) => client.getSnapshot().connection.status === 'open'
const connection = (client: ChatClient) => client.getSnapshot().connection
const sameFaults = (a: MockBackend, b: MockBackend) =>
  isDeepStrictEqual(a.controls.faults(), b.controls.faults())
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

  it('the next tab takes over the fault switches the serving tab had when it went', async () => {
    const { first, second } = await tabs()
    // Pressed in the relaying tab and in the serving one: all of them act on the one server.
    second.backend.controls.latency({ toClientMs: 30, toServerMs: 10, jitterMs: 5 })
    second.backend.controls.frames({
      toClient: { drop: 0.1, reorder: 0.2 },
      toServer: { duplicate: 0.3 },
    })
    first.backend.controls.uploads({ failRate: 0.5 })
    first.backend.controls.history({ delayMs: 40, failRate: 0.25 })
    first.backend.controls.refuseAuth(true)
    first.backend.controls.silence(true)
    await waitFor(() => first.backend.controls.faults().frames.toServer.duplicate === 0.3, 'relay')
    await waitFor(() => sameFaults(first.backend, second.backend), 'the copy in the second tab')
    // The last change, just before the serving tab goes: here it arrives after the takeover.
    first.backend.controls.silence(false)

    first.shared.dispose()
    await waitFor(() => second.shared.isLeader(), 'the takeover')
    await waitFor(() => !second.backend.controls.faults().silent, 'the last change')
    expect(second.backend.controls.faults()).toEqual({
      outageUntil: 0,
      latency: { toClientMs: 30, toServerMs: 10, jitterMs: 5 },
      refuseAuth: true,
      silent: false,
      frames: {
        toClient: { drop: 0.1, duplicate: 0, reorder: 0.2 },
        toServer: { drop: 0, duplicate: 0.3, reorder: 0 },
      },
      uploads: { delayMs: 0, failRate: 0.5 },
      history: { delayMs: 40, failRate: 0.25 },
    })
  })

  it('an outage still running goes on in the next tab for the time it has left', async () => {
    const { first, second } = await tabs()
    second.show()
    // REST rather than sockets: each socket refused in an outage leaks an MSW listener (README).
    const token = second.backend.model.issueToken('client-sam')
    const headers = { authorization: `Bearer ${token}` }
    const status = async () => (await fetch(`${API_URL}/conversations`, { headers })).status
    first.backend.controls.outage(400)
    const { outageUntil } = first.backend.controls.faults()
    expect(await status()).toBe(503)
    await waitFor(() => second.backend.controls.faults().outageUntil === outageUntil, 'the copy')

    first.shared.dispose()
    await waitFor(() => second.shared.isLeader(), 'the takeover')
    // Not a fresh 400 ms from the takeover: the same end, give or take the millisecond it took.
    expect(second.backend.controls.faults().outageUntil).toBeGreaterThanOrEqual(outageUntil - 1)
    expect(second.backend.controls.faults().outageUntil).toBeLessThanOrEqual(outageUntil + 1)
    expect(await status()).toBe(503)
    await sleep(outageUntil - Date.now())
    expect(await status()).toBe(200)
  })

  it('a switch that turned itself off in the serving tab stays off in the next one', async () => {
    // Played as the first tab's backend was made, before sharing: only the backend tells of it.
    const { first, second } = await tabs({ scenario: 'refuse-auth:300ms' })
    await waitFor(() => second.backend.controls.faults().refuseAuth, 'the switch on, in the copy')
    await waitFor(() => !first.backend.controls.faults().refuseAuth, 'the switch to turn off')
    await waitFor(() => !second.backend.controls.faults().refuseAuth, 'the copy to follow')

    first.shared.dispose()
    await waitFor(() => second.shared.isLeader(), 'the takeover')
    expect(second.backend.controls.faults().refuseAuth).toBe(false)
    second.show()
    const sam = chat(second.backend.model.issueToken('client-sam'))
    await waitFor(() => isOpen(sam), 'sign-in on the new server')
  })

  it('two tabs signed in as one user get tokens of their own: expiring one leaves the other', async () => {
    const { first, second } = await tabs()
    second.show()
    const inFirst = first.backend.model.issueToken('client-sam')
    const inSecond = second.backend.model.issueToken('client-sam')
    expect(inFirst).not.toBe(inSecond)
    const sam = chat(inSecond)
    await waitFor(() => isOpen(sam), 'open')
    first.backend.controls.expireToken(inFirst)
    await waitFor(() => !first.backend.model.authenticate(inFirst).ok, 'the expiry')
    await sleep(50)
    expect(second.backend.model.authenticate(inSecond)).toMatchObject({ ok: true })
    expect(isOpen(sam)).toBe(true)
  })

  it('tokens expired or revoked in any tab stay refused after a takeover', async () => {
    const { first, second } = await tabs()
    second.show()
    const expired = second.backend.model.issueToken('client-sam')
    const sam = chat(expired)
    await waitFor(() => isOpen(sam), 'open')
    const revokedInServing = first.backend.model.issueToken('trainer-maya')
    const revokedInRelaying = second.backend.model.issueToken('trainer-maya')
    const valid = second.backend.model.issueToken('client-sam')
    first.backend.controls.expireToken(expired)
    first.backend.model.revokeToken(revokedInServing)
    second.backend.model.revokeToken(revokedInRelaying)
    const verdicts = (backend: MockBackend) =>
      [expired, revokedInServing, revokedInRelaying, valid].map((token) => {
        const result = backend.model.authenticate(token)
        return result.ok ? 'valid' : result.rejection
      })
    const expected = ['expired', 'revoked', 'revoked', 'valid']
    await waitFor(() => connection(sam).status === 'unauthorized', 'the expiry to end the session')
    await waitFor(() => isDeepStrictEqual(verdicts(first.backend), expected), 'the serving tab')
    await waitFor(() => isDeepStrictEqual(verdicts(second.backend), expected), 'the relaying tab')

    first.shared.dispose()
    await waitFor(() => second.shared.isLeader(), 'the takeover')
    expect(verdicts(second.backend)).toEqual(expected)
    const again = chat(expired)
    const maya = chat(valid)
    await waitFor(() => connection(again).status === 'unauthorized', 'the refusal')
    expect(connection(again)).toMatchObject({ reason: { message: 'token expired' } })
    await waitFor(() => isOpen(maya), 'the valid token to sign in')
  })
})
