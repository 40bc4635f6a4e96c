/**
 * Per conversation, where a resuming dialect rejoins: the highest sequence number up to which
 * nothing is missing (`upTo`), and the numbers seen beyond a gap. Frames can overtake each other,
 * so resuming from the highest number seen could skip one still in flight when the line drops.
 */
interface Position {
  upTo?: number | undefined
  above: Set<number>
  /** The server's latest seq at the last `joined`, and how many rejoins a gap below it outlived. */
  joinedSeq?: number
  staleJoins: number
  /** Where the last rejoin resumed, and whether its `joined` (sent after the replay) arrived. */
  resumedFrom?: number
  joinedSinceResume?: boolean
  joinedAt?: number
  /** The line stayed up SETTLED_AFTER_MS past the last `joined` before it dropped. */
  settled?: boolean
  /** A fresh join's seq, until what history holds below it has been compared with it. */
  freshBaseline?: number | undefined
}

/** A gap that outlived this many full replays is a hard delete on the server, not a lost frame. */
const PERMANENT_AFTER = 3
/** Seqs held beyond a gap, at most: past this the oldest gap is given up as permanent. */
const MAX_ABOVE = 5_000

/**
 * A replay is over only once its frames had time to land after `joined` (frames may overtake each
 * other): a line that drops sooner says nothing about the gap, so it is not counted against it.
 */
const SETTLED_AFTER_MS = 2_000

export function createPositions(now: () => number = Date.now) {
  const positions = new Map<string, Position>()

  const collapse = (p: Position) => {
    if (p.upTo === undefined) return
    for (const n of p.above) if (n <= p.upTo) p.above.delete(n)
    while (p.above.delete(p.upTo + 1)) p.upTo += 1
  }
  const skipGap = (p: Position) => {
    p.upTo = p.above.size ? Math.min(...p.above) : Math.max(p.upTo ?? 0, p.joinedSeq ?? 0)
    collapse(p)
  }

  return {
    /**
     * A message with `seq` arrived. Only conversations this client joined have a position: a frame
     * for another (a stray or hostile one) must not set where a later join resumes.
     */
    saw(conversationId: string, seq: number | undefined) {
      const p = positions.get(conversationId)
      if (!p || seq === undefined) return
      p.above.add(seq)
      collapse(p)
      if (p.above.size > MAX_ABOVE) skipGap(p)
    },
    /**
     * The server's `joined`: a fresh join's seq is the baseline for what comes live (a resumed one
     * keeps its own); what history holds below it is compared with it (`missingBelowBaseline`).
     * `seeded`: no server said it, a cached timeline ends there (the first join resumes after it).
     */
    joined(conversationId: string, seq: number | undefined, seeded?: boolean) {
      const p = positions.get(conversationId)
      if (!p) return
      if (p.upTo === undefined && !seeded) p.freshBaseline = seq
      p.upTo ??= seq
      p.joinedSinceResume = true
      p.joinedAt = now()
      if (seq !== undefined) p.joinedSeq = seq
      collapse(p)
    },
    /**
     * History read before a fresh join was handled ends below its baseline: what was stored in
     * between came neither in the page nor live. Given the seqs held, where a replay must resume
     * (the end of the run of seqs held from the lowest up), once; undefined when nothing is missing,
     * or when nothing below the baseline is held yet (a later history page is compared then).
     */
    /** A fresh join's baseline still waits to be compared with the history held. */
    awaitsBaseline: (conversationId: string) =>
      positions.get(conversationId)?.freshBaseline !== undefined,
    missingBelowBaseline(
      conversationId: string,
      held: readonly (number | undefined)[],
    ): number | undefined {
      const p = positions.get(conversationId)
      const baseline = p?.freshBaseline
      if (baseline === undefined) return undefined
      const below = new Set(held.filter((n): n is number => n! <= baseline)) // undefined <= n is false
      if (!below.size) return undefined
      p!.freshBaseline = undefined
      let upTo = baseline
      for (const n of below) upTo = Math.min(upTo, n)
      while (below.has(upTo + 1)) upTo++
      return upTo < baseline ? upTo : undefined
    },
    /** The line dropped: whether each replay had time to land is judged now, not at the rejoin. */
    dropped() {
      for (const p of positions.values()) p.settled = now() - (p.joinedAt ?? 0) >= SETTLED_AFTER_MS
    },
    /**
     * Where a (re)join resumes, recording that the conversation is joined: undefined for a first
     * join; 0 for one joined before whose `joined` never came and that saw nothing (its baseline is
     * unknown, and joining fresh would skip whatever was sent meanwhile).
     */
    resumeFrom(conversationId: string): number | undefined {
      const p = positions.get(conversationId)
      if (!p) {
        positions.set(conversationId, { above: new Set(), staleJoins: 0 })
        return undefined
      }
      // Stale: a whole replay came (its `joined` too), yet nothing below the server's latest moved.
      const stale =
        p.joinedSinceResume &&
        p.settled &&
        p.upTo === p.resumedFrom &&
        p.upTo !== undefined &&
        p.joinedSeq !== undefined &&
        p.upTo < p.joinedSeq
      if (!stale) p.staleJoins = 0
      else if (++p.staleJoins >= PERMANENT_AFTER) {
        skipGap(p)
        p.staleJoins = 0
      }
      const from = p.upTo ?? (p.above.size ? Math.min(...p.above) - 1 : 0)
      p.upTo = p.resumedFrom = from
      p.joinedSinceResume = false
      return from
    },
  }
}
