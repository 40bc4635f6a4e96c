export interface BackoffOptions {
  /** First retry window in ms. */
  baseMs: number
  /** Growth per attempt. */
  factor: number
  /** Largest window in ms. */
  capMs: number
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, factor: 2, capMs: 16_000 }

/**
 * "Full jitter": a uniform pick in [0, min(cap, base·factor^attempt)).
 * Spreading every retry over the whole window is what keeps 1,000 clients that lost the same
 * server from arriving back at the same instant.
 */
export function backoffDelay(
  attempt: number,
  { baseMs, factor, capMs }: BackoffOptions = defaultBackoff,
  random: () => number = Math.random,
): number {
  const window = Math.min(capMs, baseMs * factor ** Math.max(0, attempt))
  return Math.floor(random() * window)
}
