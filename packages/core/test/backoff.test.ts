import { describe, expect, it } from 'vitest'
import { backoffDelay, defaultBackoff } from '../src'

describe('backoffDelay (full jitter)', () => {
  it('stays inside [0, min(cap, base·2^attempt)) for the extremes of the random source', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const window = Math.min(16_000, 500 * 2 ** attempt)
      expect(backoffDelay(attempt, defaultBackoff, () => 0)).toBe(0)
      const high = backoffDelay(attempt, defaultBackoff, () => 0.999_999)
      expect(high).toBeLessThan(window)
      expect(high).toBeGreaterThanOrEqual(window - 1)
    }
  })

  it('caps the window at capMs however many attempts pile up', () => {
    expect(backoffDelay(1_000, { baseMs: 500, factor: 2, capMs: 20_000 }, () => 0.999_999)).toBe(
      19_999,
    )
  })

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, defaultBackoff, () => 0.5)).toBe(250)
  })
})
