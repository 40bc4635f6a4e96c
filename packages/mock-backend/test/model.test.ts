import { describe, expect, it, vi } from 'vitest'
import { createSessionModel, seededUsers } from '../src'

describe('session model', () => {
  it('seeds the people of the four seed systems, each with a role', () => {
    const roles = new Set(createSessionModel().users.map((user) => user.role))
    expect([...roles].sort()).toEqual(['client', 'customer', 'member', 'staff', 'trainer'])
    expect(seededUsers.slice(0, 2)).toMatchObject([
      { id: 'trainer-maya', name: 'Maya Okafor', role: 'trainer' },
      { id: 'client-sam', name: 'Sam Lee', role: 'client', trainerId: 'trainer-maya' },
    ])
  })

  it('authenticates the tokens it issued, and only those', () => {
    const model = createSessionModel()
    const token = model.issueToken('trainer-maya')

    expect(model.authenticate(token)).toEqual({
      ok: true,
      user: seededUsers[0],
      expiresAt: undefined,
    })
    expect(model.authenticate('tok-trainer-maya-99')).toEqual({ ok: false, rejection: 'unknown' })
    expect(model.authenticate(undefined)).toEqual({ ok: false, rejection: 'missing' })
    expect(model.authenticate('')).toEqual({ ok: false, rejection: 'missing' })
    expect(() => model.issueToken('nobody')).toThrow('No mock user with id "nobody"')
  })

  it('keeps instances apart: a token from one model means nothing to another', () => {
    const token = createSessionModel().issueToken('client-sam')
    const other = createSessionModel()
    expect(other.authenticate(token).ok).toBe(false)
  })

  it('expires and revokes tokens once, telling listeners each time', () => {
    const model = createSessionModel()
    const listener = vi.fn()
    model.onTokenInvalidated(listener)
    const expiring = model.issueToken('client-sam')
    const revoked = model.issueToken('client-sam')

    expect(model.expireToken(expiring)).toBe(true)
    expect(model.expireToken(expiring)).toBe(false)
    expect(model.revokeToken(revoked)).toBe(true)
    expect(model.revokeToken('never-issued')).toBe(false)

    expect(listener.mock.calls).toEqual([
      [expiring, 'expired'],
      [revoked, 'revoked'],
    ])
    expect(model.authenticate(expiring)).toEqual({ ok: false, rejection: 'expired' })
    expect(model.authenticate(revoked)).toEqual({ ok: false, rejection: 'revoked' })
  })

  it('lets a token with a ttl run out', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    try {
      const model = createSessionModel()
      const token = model.issueToken('client-sam', { ttlMs: 60_000 })
      expect(model.authenticate(token)).toMatchObject({ ok: true, expiresAt: 1_060_000 })

      vi.setSystemTime(1_060_000)

      expect(model.authenticate(token)).toEqual({ ok: false, rejection: 'expired' })
    } finally {
      vi.useRealTimers()
    }
  })
})
