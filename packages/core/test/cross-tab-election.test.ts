import { afterEach, describe, expect, it } from 'vitest'
import { channelElection, type Election } from '../src/cross-tab/election'
import { waitFor } from './native-server'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.()
})

interface Candidate {
  id: string
  leading: boolean
  wins: number
  losses: number
  election: Election
  /** Stop hearing and speaking, as a crashed tab does. */
  crash(): void
  /** Leave the election as a closing tab does: stop, and say `bye` if leading. */
  leave(): void
}

/** A tab in the channel election, with its own channel named `name`. */
function candidate(name: string, id: string, timing = { deadMs: 300, settleMs: 60 }) {
  const channel = new BroadcastChannel(name)
  let alive = true
  const post = (note: unknown) => alive && channel.postMessage(note)
  const c = { id, leading: false, wins: 0, losses: 0 } as Candidate
  c.election = channelElection(
    id,
    post,
    {
      won: () => ((c.leading = true), (c.wins += 1), post({ t: 'hb', from: id })),
      lost: () => ((c.leading = false), (c.losses += 1)),
    },
    timing,
  )
  // What the shared socket's hub does around the election: heartbeats while leading, ticks.
  const ticker = setInterval(() => {
    if (c.leading) post({ t: 'hb', from: id })
    c.election.tick()
  }, 100)
  channel.onmessage = (event) => alive && c.election.hear(event.data)
  c.crash = () => {
    alive = false
    c.leading = false
    c.election.stop()
    clearInterval(ticker)
    channel.close()
  }
  c.leave = () => {
    if (c.leading) post({ t: 'bye', from: id })
    c.crash()
  }
  cleanups.push(() => c.crash())
  return c
}
const leaders = (list: Candidate[]) => list.filter((c) => c.leading)

describe('the BroadcastChannel election', () => {
  it('tabs opening one after another agree on one leader, the smallest id', async () => {
    // Each tab's channel opens after the previous tab claimed: the late ones never heard that claim.
    const list = ['a', 'd', 'b', 'c'].map((id) => candidate('e1', id))
    await waitFor(() => leaders(list).length === 1, 2_000, 'a leader')
    await new Promise((resolve) => setTimeout(resolve, 400)) // several heartbeats and timeouts
    expect(leaders(list).map((c) => c.id)).toEqual(['a'])
    expect(list.map((c) => c.wins)).toEqual([1, 0, 0, 0])
  })

  it('a tab joining later defers to the leader it hears, whatever its id', async () => {
    const first = candidate('e2', 'm')
    await waitFor(() => first.leading, 2_000, 'first leads')
    const late = candidate('e2', 'a')
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect([first.leading, late.leading, late.wins]).toEqual([true, false, 0])
  })

  it('a leader that says bye is replaced at once; a crashed one after its heartbeats stop', async () => {
    const list = ['a', 'b', 'c'].map((id) => candidate('e3', id))
    await waitFor(() => list[0]!.leading, 2_000, 'a leads')
    let since = Date.now()
    list[0]!.leave()
    await waitFor(() => list[1]!.leading, 2_000, 'b leads')
    expect(Date.now() - since).toBeLessThan(250) // a claim's settle time, not a timeout
    since = Date.now()
    list[1]!.crash()
    await waitFor(() => list[2]!.leading, 2_000, 'c leads')
    expect(Date.now() - since).toBeGreaterThanOrEqual(300) // it waited for the missed heartbeats
    expect(leaders(list)).toHaveLength(1)
  })

  it('two leaders that meet settle it: the larger id yields', async () => {
    // Two groups that could not hear each other each elected a leader, then the wall came down.
    const left = candidate('e4-left', 'a')
    const right = candidate('e4-right', 'b')
    await waitFor(() => left.leading && right.leading, 2_000, 'two leaders')
    const bridge = new BroadcastChannel('e4-left')
    const bridgeBack = new BroadcastChannel('e4-right')
    bridge.onmessage = (event) => bridgeBack.postMessage(event.data)
    bridgeBack.onmessage = (event) => bridge.postMessage(event.data)
    cleanups.push(() => (bridge.close(), bridgeBack.close()))
    await waitFor(() => !right.leading, 2_000, 'b yields')
    expect([left.leading, right.losses]).toEqual([true, 1])
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect([left.leading, right.leading]).toEqual([true, false])
  })
})
