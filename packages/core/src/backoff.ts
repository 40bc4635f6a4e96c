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

/**
 * How long to wait before asking `getToken()` again while `unauthorized`: the window doubles from
 * `baseMs` to `capMs`, and the wait is a uniform pick in its upper half. Unlike a retry it must not
 * be near zero (asking the app every few ms is useless), but 1,000 clients refused by the same
 * server still spread their polls, in case `getToken` calls a refresh endpoint.
 */
export function pollDelay(
  attempt: number,
  { baseMs, capMs }: Pick<BackoffOptions, 'baseMs' | 'capMs'>,
  random: () => number = Math.random,
): number {
  const window = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt))
  return Math.floor(window / 2 + (random() * window) / 2)
}
