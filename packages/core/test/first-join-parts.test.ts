import { describe, expect, it } from 'vitest'
import { createJoinBarrier } from '../src/join-barrier'
import { createPositions } from '../src/positions'

// The two parts behind first-join.test.ts, on their own: where a resuming client asks for a replay
// below a fresh join's baseline, and when a fill waits for a join no server answers.

describe('positions: history held below a fresh join', () => {
  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i)

  /** c1 joined fresh; the server's `joined` says `seq`. */
  function freshlyJoined(seq: number) {
    const positions = createPositions()
    expect(positions.resumeFrom('c1')).toBeUndefined()
    positions.joined('c1', seq)
    return positions
  }

  it('history ending at 40 under a join at 42: replay after 40, asked once', () => {
    const positions = freshlyJoined(42)
    expect(positions.missingBelowBaseline('c1', range(11, 40))).toBe(40)
    expect(positions.missingBelowBaseline('c1', range(11, 40))).toBeUndefined()
  })

  it('a hole below an own send stored before the join: replay from the hole, not above the send', () => {
    const positions = freshlyJoined(50)
    expect(positions.missingBelowBaseline('c1', [...range(11, 40), 45])).toBe(40)
  })

  it('nothing held below the baseline yet (live ones above it): waits for a page, then judges it', () => {
    const positions = freshlyJoined(42)
    expect(positions.missingBelowBaseline('c1', [43, 44])).toBeUndefined()
    expect(positions.missingBelowBaseline('c1', [...range(13, 42), 43, 44])).toBeUndefined()
    // Judged complete: an older page with a hole (a hard delete) asks for nothing later.
    expect(positions.missingBelowBaseline('c1', [1, 3, ...range(13, 44)])).toBeUndefined()
  })

  it('a resumed join, or a timeline seeded from a cache, has no fresh baseline to judge', () => {
    const positions = createPositions()
    positions.resumeFrom('c1')
    positions.joined('c1', 40, true) // a cached timeline ends at 40
    expect(positions.resumeFrom('c1')).toBe(40)
    positions.joined('c1', 45)
    expect(positions.missingBelowBaseline('c1', [1, 5, 40])).toBeUndefined()
  })
})

describe('join barrier: a fill waits for pongs to pings written after its join', () => {
  function barrier(ping = true) {
    const sent: string[] = []
    const ran: string[] = []
    const b = createJoinBarrier(
      ping ? () => 'ping' : undefined,
      (frame) => (sent.push(frame), true),
    )
    const fill = (id: string) => b.afterJoins(() => ran.push(id))
    return { b, sent, ran, fill }
  }
  const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve))

  it('every join written in one task shares one round of two pings', async () => {
    const { b, sent, ran, fill } = barrier()
    fill('a')
    fill('b')
    await tick()
    expect(sent).toEqual(['ping', 'ping'])
    // The first pong may answer a heartbeat ping written before the joins: it proves nothing.
    b.pong()
    expect(ran).toEqual([])
    b.pong()
    expect(ran).toEqual(['a', 'b'])
  })

  it('a join written while a round is out waits for the next round', async () => {
    const { b, sent, ran, fill } = barrier()
    fill('a')
    await tick()
    fill('b')
    await tick()
    expect(sent).toHaveLength(2)
    b.pong()
    b.pong()
    expect(ran).toEqual(['a'])
    expect(sent).toHaveLength(4)
    b.pong()
    b.pong()
    expect(ran).toEqual(['a', 'b'])
  })

  it('a drop forgets the round (the rejoin asks again); without ping a fill runs at once', async () => {
    const { b, ran, fill } = barrier()
    fill('a')
    await tick()
    b.dropped()
    b.pong()
    b.pong()
    expect(ran).toEqual([])
    const plain = barrier(false)
    plain.fill('x')
    expect(plain.ran).toEqual(['x'])
    expect(plain.sent).toEqual([])
  })
})
