/**
 * One direction of one socket. A WebSocket rides on TCP, so however late a frame is, it never
 * overtakes an earlier one: every item waits for its own delay AND for the item before it.
 */
export interface DeliveryLane {
  push(delayMs: number, deliver: () => void): void
  /** Drop whatever is still in flight (the socket is gone). */
  dispose(): void
}

export function createDeliveryLane(): DeliveryLane {
  let queue: { dueAt: number; deliver: () => void }[] = []
  let timer: ReturnType<typeof setTimeout> | undefined

  const flush = () => {
    timer = undefined
    const now = Date.now()
    while (queue.length > 0 && queue[0]!.dueAt <= now) queue.shift()!.deliver()
    arm()
  }
  const arm = () => {
    const head = queue[0]
    if (head && !timer) timer = setTimeout(flush, Math.max(0, head.dueAt - Date.now()))
  }

  return {
    push(delayMs, deliver) {
      // No latency and nothing queued: deliver now, exactly as MSW would without us.
      if (delayMs <= 0 && queue.length === 0) return deliver()
      const previousDue = queue.at(-1)?.dueAt ?? 0
      queue.push({ dueAt: Math.max(Date.now() + delayMs, previousDue), deliver })
      arm()
    },
    dispose() {
      if (timer) clearTimeout(timer)
      timer = undefined
      queue = []
    },
  }
}

export interface FrameFaultRates {
  /** Fraction of frames lost. */
  drop: number
  /** Fraction of frames delivered twice. */
  duplicate: number
  /** Fraction of frames held back until the next one has gone (or 40 ms have passed). */
  reorder: number
}

export interface FaultyLane {
  push(deliver: () => void): void
  dispose(): void
}

/**
 * Loses, repeats and swaps frames at the rates `rates()` gives now, with `random` deciding each
 * frame: a seeded source makes the same run lose the same frames.
 */
export function createFaultyLane(random: () => number, rates: () => FrameFaultRates): FaultyLane {
  let held: (() => void) | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const release = () => {
    clearTimeout(timer)
    const frame = held
    held = undefined
    frame?.()
  }
  return {
    push(deliver) {
      const { drop, duplicate, reorder } = rates()
      if (drop > 0 && random() < drop) return
      const copies = duplicate > 0 && random() < duplicate ? 2 : 1
      for (let copy = 0; copy < copies; copy++) {
        if (!held && reorder > 0 && random() < reorder) {
          held = deliver
          timer = setTimeout(release, 40)
        } else {
          deliver()
          release()
        }
      }
    },
    dispose() {
      clearTimeout(timer)
      held = undefined
    },
  }
}
