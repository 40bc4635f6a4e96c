import { describe, expect, it } from 'vitest'
import type { ChatClient, ChatClientOptions } from '../src'
import {
  isOpen,
  pause,
  serveUnkind as serve,
  storedBodies as stored,
  unkindClient,
  waitFor,
} from './helpers'
import type { AckShape, UnkindServer } from './unkind-server'

// Issue 10's delivery scenarios, against real servers shaped like the seed backends: no dedupe by
// client id, no resume by sequence number, acks by echo (Salon) or by REST response (Vibe).

function connect(
  server: UnkindServer,
  ack: AckShape,
  token: string,
  overrides: Partial<ChatClientOptions> = {},
): ChatClient {
  const client = unkindClient(server, ack, token, overrides)
  client.watch('room')
  client.connect()
  return client
}

const list = (c: ChatClient) => c.getSnapshot().timelines.room ?? []
const bodies = (c: ChatClient) => list(c).map((m) => m.body)
const settled = (c: ChatClient) => list(c).every((m) => m.status === 'sent' || m.status === 'read')

describe.each(['echo', 'rest'] as const)(
  'delivery on a %s-acked server without dedupe or resume',
  (ack) => {
    it('gap-fill pages back past 50: away while 60 were sent, all 61 show, once each', async () => {
      const s = await serve(ack)
      const alice = connect(s, ack, 'alice')
      const bob = connect(s, ack, 'bob')
      await waitFor(() => isOpen(alice) && isOpen(bob))
      alice.send('room', 'first')
      await waitFor(() => bodies(bob).includes('first'), 5_000, 'bob has the first')
      bob.close()
      for (let n = 0; n < 60; n++) alice.send('room', `while away ${n}`)
      await waitFor(() => stored(s).length === 61 && settled(alice), 10_000, 'all stored')
      bob.connect()
      await waitFor(() => bodies(bob).length === 61, 10_000, 'bob filled the gap')
      expect(bodies(bob)).toEqual(stored(s))
      expect(bob.getSnapshot().sync.room).toEqual({ status: 'synced' })
    })

    it('an ack or echo later than the timeout confirms the send: no failed copy, stored once', async () => {
      const s = await serve(ack)
      const alice = connect(s, ack, 'alice', { ackTimeoutMs: 150 })
      await waitFor(() => isOpen(alice))
      await waitFor(() => alice.getSnapshot().sync.room?.status === 'synced')
      s.faults.echoDelayMs = 600
      const seen = new Set<string>()
      alice.subscribe(() => list(alice).forEach((m) => seen.add(m.status)))
      alice.send('room', 'late')
      await waitFor(() => list(alice)[0]?.status === 'sent', 5_000, 'confirmed late')
      // Unconfirmed at the timeout (then history or the late ack itself confirms it), never failed.
      expect([...seen].sort()).toEqual(['sending', 'sent', 'unconfirmed'])
      await pause(300)
      expect(list(alice)).toHaveLength(1)
      expect(stored(s)).toEqual(['late'])
    })

    it('a send stored just before the line dropped is reconciled from history, not stored twice', async () => {
      const s = await serve(ack)
      const alice = connect(s, ack, 'alice', { ackTimeoutMs: 5_000 })
      await waitFor(() => isOpen(alice))
      // The server stores it, but its ack never comes back: the line dies first.
      s.faults.echoDelayMs = 400
      alice.send('room', 'stored, ack lost')
      await waitFor(() => stored(s).length === 1, 3_000, 'stored')
      s.dropUser('user-alice')
      await waitFor(() => list(alice)[0]?.status === 'sent', 5_000, 'reconciled')
      s.faults.echoDelayMs = 0
      await pause(600)
      expect(stored(s)).toEqual(['stored, ack lost'])
      expect(bodies(alice)).toEqual(['stored, ack lost'])
    })

    it('after a restart, what reached the server is not re-sent and what did not goes out once, in order', async () => {
      const s = await serve(ack)
      const alice = connect(s, ack, 'alice', { ackTimeoutMs: 5_000 })
      await waitFor(() => isOpen(alice))
      s.faults.echoDelayMs = 10_000 // nothing is confirmed before the restart
      alice.send('room', 'one')
      await waitFor(() => stored(s).length === 1, 3_000)
      await s.kill()
      await waitFor(() => !isOpen(alice))
      alice.send('room', 'two') // queued while the server is down
      s.faults.echoDelayMs = 0
      await s.restart()
      await waitFor(() => settled(alice) && list(alice).length === 2, 10_000, 'both confirmed')
      expect(stored(s)).toEqual(['one', 'two'])
      expect(bodies(alice)).toEqual(['one', 'two'])
      expect(alice.getSnapshot().connection.status).toBe('open') // never `unauthorized`
    })

    it('a refetch that fails during the rejoin is a sync error the app can retry, not silence', async () => {
      const s = await serve(ack)
      const alice = connect(s, ack, 'alice')
      const bob = connect(s, ack, 'bob')
      await waitFor(() => bob.getSnapshot().sync.room?.status === 'synced' && isOpen(alice))
      s.faults.historyFails = true
      s.dropUser('user-bob')
      alice.send('room', 'missed')
      await waitFor(() => bob.getSnapshot().sync.room?.status === 'error', 5_000, 'sync error')
      expect(bob.getSnapshot().sync.room).toMatchObject({ error: { code: 'sync-failed' } })
      s.faults.historyFails = false
      await bob.resync('room')
      await waitFor(() => bodies(bob).includes('missed'), 5_000, 'filled on retry')
      await waitFor(() => bob.getSnapshot().sync.room?.status === 'synced', 5_000, 'synced')
      expect(bodies(bob).filter((b) => b === 'missed')).toHaveLength(1)
    })
  },
)

describe('REST sends (Vibe shape)', () => {
  it('a socket drop does not clear an in-flight REST send: it is posted once', async () => {
    const s = await serve('rest')
    const alice = connect(s, 'rest', 'alice', { ackTimeoutMs: 5_000 })
    await waitFor(() => isOpen(alice))
    s.faults.echoDelayMs = 400 // the REST answer is slow
    alice.send('room', 'over rest')
    await waitFor(() => s.restSends === 1, 3_000)
    s.dropUser('user-alice')
    await waitFor(() => list(alice)[0]?.status === 'sent', 5_000, 'answered')
    await waitFor(() => isOpen(alice))
    await pause(300)
    expect(s.restSends).toBe(1)
    expect(stored(s)).toEqual(['over rest'])
  })

  it('a REST send that stores and then answers 500 is found in history, not posted again', async () => {
    const s = await serve('rest')
    const alice = connect(s, 'rest', 'alice')
    await waitFor(() => isOpen(alice))
    s.faults.restFailsAfterStore = true
    alice.send('room', 'stored then 500')
    await waitFor(() => list(alice)[0]?.status === 'sent', 5_000, 'reconciled')
    expect(s.restSends).toBe(1)
    expect(stored(s)).toEqual(['stored then 500'])
  })

  it('a refused REST send fails with a typed error and can be discarded', async () => {
    const s = await serve('rest')
    const alice = connect(s, 'rest', 'alice')
    await waitFor(() => isOpen(alice))
    const { clientId } = alice.send('room', '   ')
    await waitFor(() => list(alice)[0]?.status === 'failed', 5_000, 'failed')
    expect(list(alice)[0]?.error).toMatchObject({ code: 'send-failed' })
    alice.discard(clientId!)
    expect(list(alice)).toEqual([])
  })
})

describe('echo acks (Salon shape)', () => {
  it('two identical texts sent quickly are confirmed once each', async () => {
    const s = await serve('echo')
    const alice = connect(s, 'echo', 'alice')
    await waitFor(() => isOpen(alice))
    alice.send('room', 'same')
    alice.send('room', 'same')
    await waitFor(() => settled(alice) && list(alice).length === 2, 5_000)
    expect(new Set(list(alice).map((m) => m.id)).size).toBe(2)
    expect(new Set(list(alice).map((m) => m.clientId)).size).toBe(2)
  })

  it('a send written before the greeting named the user is matched by its echo once it is', async () => {
    const s = await serve('echo')
    const client = unkindClient(s, 'echo', 'alice')
    client.watch('room')
    client.send('room', 'before anyone signed in')
    expect(list(client)[0]?.senderId).toBe('')
    client.connect()
    await waitFor(() => list(client)[0]?.status === 'sent', 5_000, 'confirmed by the echo')
    expect(list(client)).toHaveLength(1)
    expect(list(client)[0]?.senderId).toBe('user-alice')
    expect(stored(s)).toEqual(['before anyone signed in'])
  })

  it('an unconfirmed send cannot be discarded: its fate is unknown', async () => {
    const s = await serve('echo')
    const alice = connect(s, 'echo', 'alice', { ackTimeoutMs: 100 })
    await waitFor(() => isOpen(alice))
    s.faults.echoDelayMs = 500
    s.faults.historyFails = true // nothing can tell its fate until the echo comes
    const { clientId } = alice.send('room', 'maybe')
    await waitFor(() => list(alice)[0]?.status === 'unconfirmed', 3_000)
    alice.discard(clientId!)
    expect(list(alice)).toHaveLength(1)
    await waitFor(() => list(alice)[0]?.status === 'sent', 5_000)
  })
})
