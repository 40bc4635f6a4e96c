/**
 * For dialects whose server never answers a join (Salon, the seed backends): a history fill sent
 * beside a join may be read before the server handles the join, and a message stored in between is
 * then neither in the page nor sent live. Only an answer to a frame written after the join proves
 * the server has it: servers answer a socket's frames in order, so a pong to a ping written after
 * the joins does. Two pings, because the heartbeat may have one of its own unanswered, whose pong
 * would come first. (Several tabs sharing one socket each have a heartbeat: if two of their pings
 * were unanswered at once, a fill could still start one round early.)
 */
export function createJoinBarrier(o: {
  /** The dialect's ping frame; without one nothing can be proven and fills run at once. */
  ping: (() => string) | undefined
  /** Writes a frame; false when the line is not open. */
  send: (frame: string) => boolean
}) {
  /** Fills whose joins were written after the pings in flight (or with none in flight). */
  let waiting: (() => void)[] = []
  let round: { pongsLeft: number; fills: (() => void)[] } | undefined
  let scheduled = false

  const runAll = (fills: (() => void)[]) => fills.forEach((fill) => fill())
  /** Ping once for every join written in this task (a rejoin writes 50 per task). */
  const startRound = () => {
    scheduled = false
    if (round || !waiting.length) return
    const fills = waiting
    waiting = []
    const ping = o.ping!()
    // A line that just closed: the rejoin after the next open asks again; run these as before.
    if (!o.send(ping) || !o.send(ping)) return runAll(fills)
    round = { pongsLeft: 2, fills }
  }

  return {
    /** Run `fill` once the server has handled every join written before this call. */
    afterJoins(fill: () => void) {
      if (!o.ping) return fill()
      waiting.push(fill)
      if (!scheduled) {
        scheduled = true
        queueMicrotask(startRound)
      }
    },
    pong() {
      if (!round || --round.pongsLeft > 0) return
      const { fills } = round
      round = undefined
      runAll(fills)
      startRound()
    },
    /** The line dropped: pongs will not come, and every watched conversation is joined again. */
    dropped() {
      round = undefined
      waiting = []
    },
  }
}
