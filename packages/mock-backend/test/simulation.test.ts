import type { ChatClient } from '@parley/core'
import { describe, expect, it } from 'vitest'
import type { ChatEvent, MockBackend } from '../src'
import { sleep, useMockServer, waitFor } from './helpers'

const { startBackend, chat } = useMockServer()
const fast = { readAfterMs: 30, typingMs: 60, presenceEveryMs: 0 }
const DM = 'dm-maya-sam'
const list = (client: ChatClient, id = DM) => client.getSnapshot().timelines[id] ?? []

async function samAlone(backend: MockBackend, conversationId = DM) {
  const sam = chat(backend.model.issueToken('client-sam'))
  sam.watch(conversationId)
  await waitFor(
    () =>
      backend.controls
        .sessions()
        .some((s) => s.userId === 'client-sam' && s.joined.includes(conversationId)),
    'the join',
  )
  return sam
}
const record = (backend: MockBackend) => {
  const events: ChatEvent[] = []
  backend.model.onEvent((event) => events.push(event))
  return events
}

describe('simulated participants', () => {
  it('read what was sent, type, then reply, and are online while they do', async () => {
    const backend = startBackend({ simulate: fast })
    const sam = await samAlone(backend)
    const typingSeen: string[] = []
    sam.subscribe(() => typingSeen.push(...(sam.getSnapshot().typing[DM] ?? [])))

    sam.send(DM, 'Practice went well!')

    await waitFor(() => list(sam).length === 2, 'the reply', 2_000)
    const [mine, reply] = list(sam)
    expect(mine).toMatchObject({ body: 'Practice went well!', status: 'read' })
    expect(reply).toMatchObject({ senderId: 'trainer-maya', seq: 9 })
    expect(reply!.body.length).toBeGreaterThan(0)
    expect(typingSeen).toContain('trainer-maya')
    expect(sam.getSnapshot().typing[DM] ?? []).toEqual([]) // stopped typing when the reply came
    expect(sam.getSnapshot().presence['trainer-maya']).toBe(true)
  })

  it('answer a burst with one reply, and in a group one member replies while all read', async () => {
    const backend = startBackend({ simulate: fast })
    const events = record(backend)
    const sam = await samAlone(backend, 'group-morning-run')

    for (const text of ['Tomorrow?', 'Same place?', 'I can bring water']) {
      sam.send('group-morning-run', text)
      await sleep(10)
    }

    await waitFor(() => list(sam, 'group-morning-run').length === 4, 'one reply', 2_000)
    await sleep(200)
    expect(list(sam, 'group-morning-run')).toHaveLength(4)
    const readers = new Set(events.flatMap((e) => (e.type === 'receipt' ? [e.userId] : [])))
    expect([...readers].sort()).toEqual([
      'member-ana',
      'member-kwame',
      'member-lena',
      'trainer-maya',
    ])
  })

  it('never play someone who is signed in', async () => {
    const backend = startBackend({ simulate: fast })
    const maya = chat(backend.model.issueToken('trainer-maya'))
    const sam = await samAlone(backend)
    await waitFor(() => maya.getSnapshot().connection.status === 'open', 'Maya open')

    sam.send(DM, 'Maya is here for real')
    await sleep(300)
    expect(list(sam)).toHaveLength(1)
  })

  it('are off unless asked for', async () => {
    const backend = startBackend()
    const sam = await samAlone(backend)
    sam.send(DM, 'anyone?')
    await sleep(300)
    expect(list(sam).map((m) => m.status)).toEqual(['sent'])
    expect(Object.values(sam.getSnapshot().presence)).toEqual([])
  })

  it('come online and go offline on their own, and all go offline when stopped', async () => {
    const backend = startBackend({ simulate: { ...fast, presenceEveryMs: 20 } })
    const events = record(backend)
    const sam = await samAlone(backend)

    await waitFor(
      () => events.filter((e) => e.type === 'presence').length >= 6,
      'presence flips',
      2_000,
    )
    expect(Object.keys(sam.getSnapshot().presence).length).toBeGreaterThan(0)

    backend.controls.simulate(false)
    const played = backend.model.users.filter((user) => user.id !== 'client-sam')
    expect(played.filter((user) => backend.model.isOnline(user.id))).toEqual([])
  })
})
