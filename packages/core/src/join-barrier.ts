/**
 * For dialects whose server never answers a join (Salon, the seed backends): a history fill sent
 * beside a join may be read before the server handles the join, and a message stored in between is
 * then neither in the page nor sent live. Only an answer to a frame written after the join proves
 * the server has it: servers answer a socket's frames in order, so a pong to a ping written after
 * the joins does. Two pings, because the heartbeat may have one of its own unanswered, whose pong
 * would come first. (Several tabs sharing one socket each have a heartbeat: if two of their pings
 * were unanswered at once, a fill could still start one round early.)
 *
 * `ping` is the dialect's ping frame (without one nothing can be proven and fills run at once);
 * `send` writes a frame and says whether the line was open.
 */
export function createJoinBarrier(
  ping: (() => string) | undefined,
  send: (frame: string) => boolean,
) {
  /** Fills whose joins were written after the pings in flight (or with none in flight). */
  let waiting: (() => void)[] = []
  /** The fills the pings in flight prove, and how many pongs are still to come. */
  let proving: (() => void)[] = []
  let pongsLeft = 0

  /** One round for every join written in this task (a rejoin writes 50 per task). */
  const startRound = () => {
    if (pongsLeft || !waiting.length) return
    proving = waiting
    waiting = []
    const frame = ping!()
    // A line that just closed: run them as before; the rejoin after the next open asks again.
    pongsLeft = send(frame) && send(frame) ? 2 : 0
    if (!pongsLeft) proving.forEach((fill) => fill())
  }

  return {
    /** Run `fill` once the server has handled every join written before this call. */
    afterJoins(fill: () => void) {
      if (!ping) return fill()
      if (waiting.push(fill) === 1) queueMicrotask(startRound)
    },
    pong() {
      if (!pongsLeft || --pongsLeft) return
      proving.forEach((fill) => fill())
      startRound()
    },
    /** The line dropped: pongs will not come, and every watched conversation is joined again. */
    dropped() {
      pongsLeft = 0
      waiting = []
    },
  }
}
