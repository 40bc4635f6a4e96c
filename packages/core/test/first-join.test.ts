import { describe, expect, it } from 'vitest'
import type { ChatClient, Message } from '../src'
import { decodeMessage } from '../src/native'
import {
  isOpen,
  nativeClient,
  pause,
  serveNative,
  serveUnkind,
  storedBodies,
  timeline,
  unkindClient,
  untilOpen,
  waitFor,
} from './helpers'
import type { NativeServer } from './native-server'
import type { AckShape } from './unkind-server'

// A message stored after the history answer was produced but before the server handled the join
// is in neither: the history predates it, and the server sent it live only to those already joined.
// An app loads the newest history page and watches the conversation at about the same time (as
// useChat does), so the engine must close that window itself. The test servers hold each socket's
// join, and every frame it sends after it, until the test lets them through: a busy server.

const bodies = (c: ChatClient, conversationId: string) =>
  timeline(c, conversationId).map((m) => m.body)

describe('native dialect (resumes): messages stored between the history read and the first join', () => {
  const c1 = (s: NativeServer) => s.conversations.get('c1') ?? []
  /** The newest page as the server's history would answer it now (without the sender's client ids). */
  const historyNow = (s: NativeServer): Message[] =>
    c1(s).flatMap(({ clientId: _omit, ...stored }) => decodeMessage(stored) ?? [])

  /** Alice in c1 with three messages stored; bob signed in, c1 not yet watched. */
  async function aliceSentThree() {
    const s = await serveNative()
    const alice = nativeClient(s, 'alice')
    alice.watch('c1')
    await waitFor(() => alice.getSnapshot().sync.c1?.status === 'synced', 5_000, 'alice joined')
    for (const n of [1, 2, 3]) alice.send('c1', `before ${n}`)
    await waitFor(() => c1(s).length === 3, 5_000, 'three stored')
    return { s, alice }
  }

  async function sendTwoMore(s: NativeServer, alice: ChatClient) {
    alice.send('c1', 'while joining 1')
    alice.send('c1', 'while joining 2')
    await waitFor(() => c1(s).length === 5, 5_000, 'five stored')
  }

  const all = ['before 1', 'before 2', 'before 3', 'while joining 1', 'while joining 2']

  it.each(['before', 'after'] as const)(
    'history read before two sends, merged %s the join is answered: all five, once, in order',
    async (when) => {
      const { s, alice } = await aliceSentThree()
      const bob = nativeClient(s, 'bob')
      await untilOpen(bob)
      s.holdJoins()
      bob.watch('c1')
      await waitFor(() => s.heldJoins === 1, 5_000, "bob's join held")
      const page = historyNow(s)
      if (when === 'before') bob.merge(page)
      await sendTwoMore(s, alice)
      s.releaseJoins()
      await waitFor(() => bob.getSnapshot().sync.c1?.status === 'synced', 5_000, 'joined')
      if (when === 'after') bob.merge(page)
      await waitFor(() => bodies(bob, 'c1').length === 5, 5_000, 'bob has all five')
      await pause(100) // a replay answered twice would show here
      expect(bodies(bob, 'c1')).toEqual(all)
      expect(timeline(bob, 'c1').map((m) => m.seq)).toEqual([1, 2, 3, 4, 5])
      expect(bob.getSnapshot().sync.c1).toEqual({ status: 'synced' })
    },
  )

  it('history loaded while the socket connects, two sent before it opens: all five', async () => {
    const { s, alice } = await aliceSentThree()
    s.holdJoins()
    const bob = nativeClient(s, 'bob')
    bob.merge(historyNow(s))
    bob.watch('c1')
    await waitFor(() => s.heldJoins === 1, 5_000, "bob's join (written on open) held")
    await sendTwoMore(s, alice)
    s.releaseJoins()
    await waitFor(() => bodies(bob, 'c1').length === 5, 5_000, 'bob has all five')
    await pause(100)
    expect(bodies(bob, 'c1')).toEqual(all)
  })

  it('nothing held when the join is answered: nothing is replayed (history stays on demand)', async () => {
    const { s } = await aliceSentThree()
    const bob = nativeClient(s, 'bob')
    bob.watch('c1')
    await waitFor(() => bob.getSnapshot().sync.c1?.status === 'synced', 5_000, 'joined')
    await pause(100)
    expect(bodies(bob, 'c1')).toEqual([])
    const joins = s.received.filter((f) => (f as { type?: unknown }).type === 'join')
    expect(joins).toHaveLength(2) // alice's and bob's, neither asking for a replay
  })
})

describe.each(['echo', 'rest'] as const)(
  '%s-acked server without resume: messages stored while the join waits at the server',
  (ack: AckShape) => {
    /** Alice in the room with three messages stored. */
    async function aliceSentThree() {
      const s = await serveUnkind(ack)
      const alice = unkindClient(s, ack, 'alice')
      alice.watch('room')
      alice.connect()
      await waitFor(() => alice.getSnapshot().sync.room?.status === 'synced', 5_000, 'alice')
      for (const n of [1, 2, 3]) alice.send('room', `before ${n}`)
      await waitFor(() => storedBodies(s).length === 3, 5_000, 'three stored')
      return { s, alice }
    }

    it('the first join: the history fill is not read before the server has the join', async () => {
      const { s, alice } = await aliceSentThree()
      s.holdJoins()
      const bob = unkindClient(s, ack, 'bob')
      bob.watch('room')
      bob.connect()
      await waitFor(() => s.heldJoins === 1, 5_000, "bob's join held")
      await pause(150) // a fill sent beside the join would have read the three by now
      alice.send('room', 'while joining 1')
      alice.send('room', 'while joining 2')
      await waitFor(() => storedBodies(s).length === 5, 5_000, 'five stored')
      s.releaseJoins()
      await waitFor(() => bodies(bob, 'room').length === 5, 5_000, 'bob has all five')
      await pause(100)
      expect(bodies(bob, 'room')).toEqual(storedBodies(s))
      expect(bob.getSnapshot().sync.room).toEqual({ status: 'synced' })
    })

    it('a rejoin after a drop: its fill waits for the join as well', async () => {
      const { s, alice } = await aliceSentThree()
      const bob = unkindClient(s, ack, 'bob')
      bob.watch('room')
      bob.connect()
      await waitFor(() => bodies(bob, 'room').length === 3, 5_000, 'bob has three')
      s.holdJoins()
      s.dropUser('user-bob')
      await waitFor(() => s.heldJoins === 1 && isOpen(bob), 5_000, "bob's rejoin held")
      await pause(150)
      alice.send('room', 'while rejoining 1')
      alice.send('room', 'while rejoining 2')
      await waitFor(() => storedBodies(s).length === 5, 5_000, 'five stored')
      s.releaseJoins()
      await waitFor(() => bodies(bob, 'room').length === 5, 5_000, 'bob has all five')
      await pause(100)
      expect(bodies(bob, 'room')).toEqual(storedBodies(s))
    })
  },
)
