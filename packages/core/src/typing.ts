/** Who is typing where: a signal lasts `ttlMs` unless refreshed, and expiries are scheduled, not polled. */
export function createTyping(options: {
  ttlMs: number
  now: () => number
  /** Called with a fresh snapshot when an entry expires on its own. */
  onExpire: (typing: Record<string, readonly string[]>) => void
}) {
  const until = new Map<string, Map<string, number>>()
  let timer: ReturnType<typeof setTimeout> | undefined

  /** Who is typing now; schedules the next expiry. */
  function snapshot(): Record<string, readonly string[]> {
    clearTimeout(timer)
    const t = options.now()
    let next = Infinity
    const typing: Record<string, string[]> = Object.create(null)
    for (const [conversationId, users] of until) {
      for (const [userId, end] of users) {
        if (end <= t) users.delete(userId)
        else {
          ;(typing[conversationId] ??= []).push(userId)
          next = Math.min(next, end)
        }
      }
    }
    if (next < Infinity) timer = setTimeout(() => options.onExpire(snapshot()), next - t)
    return typing
  }

  return {
    set(conversationId: string, userId: string, isTyping: boolean) {
      const users = until.get(conversationId) ?? new Map<string, number>()
      until.set(conversationId, users)
      if (isTyping) users.set(userId, options.now() + options.ttlMs)
      else users.delete(userId)
    },
    /** A message from someone ends their typing. */
    stop(conversationId: string, userId: string) {
      return until.get(conversationId)?.delete(userId) ?? false
    },
    snapshot,
    close: () => clearTimeout(timer),
  }
}
