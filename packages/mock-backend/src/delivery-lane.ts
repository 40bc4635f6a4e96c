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
