import { seededUsers } from './seed'

export type UserRole = 'trainer' | 'client' | 'member' | 'staff' | 'customer'

/** Someone who can sign in to the mock server. */
export interface MockUser {
  id: string
  name: string
  /** trainer/client (seeds 000, 001), member (002), staff/customer (004). */
  role: UserRole
  avatarUrl?: string
  email?: string
  /** For clients: the trainer whose client list (`GET /trainer/clients`) they are on. */
  trainerId?: string
}

export type TokenRejection = 'missing' | 'unknown' | 'expired' | 'revoked'

export type AuthResult =
  | { ok: true; user: MockUser; expiresAt: number | undefined }
  | { ok: false; rejection: TokenRejection }

export interface IssueTokenOptions {
  /** The token stops working this long after issue; live sessions holding it are closed then. */
  ttlMs?: number
}

export interface SessionModel {
  readonly users: readonly MockUser[]
  /** A fresh valid token for an existing user. Throws for an unknown user: a test typo, not a scenario. */
  issueToken(userId: string, options?: IssueTokenOptions): string
  authenticate(token: unknown): AuthResult
  /** Accept a token issued elsewhere (another tab's model) as if this model had issued it. */
  adoptToken(token: string, userId: string, expiresAt?: number): void
  /** False when the token was unknown or already invalid. */
  expireToken(token: string): boolean
  revokeToken(token: string): boolean
  /** Told whenever a token stops working early, so live sessions holding it can be closed. */
  onTokenInvalidated(
    listener: (token: string, rejection: 'expired' | 'revoked') => void,
  ): () => void
}

interface TokenRecord {
  userId: string
  expiresAt: number | undefined
  invalidated: 'expired' | 'revoked' | undefined
}

/** One model per backend instance: tests, stories and the demo never share tokens. */
export function createSessionModel(users: readonly MockUser[] = seededUsers): SessionModel {
  const tokens = new Map<string, TokenRecord>()
  const listeners = new Set<(token: string, rejection: 'expired' | 'revoked') => void>()
  let issued = 0

  const invalidate = (token: string, rejection: 'expired' | 'revoked'): boolean => {
    const record = tokens.get(token)
    if (!record || record.invalidated) return false
    record.invalidated = rejection
    for (const listener of [...listeners]) listener(token, rejection)
    return true
  }

  return {
    users,
    issueToken(userId, options = {}) {
      if (!users.some((user) => user.id === userId))
        throw new Error(`No mock user with id ${JSON.stringify(userId)}`)
      issued += 1
      // Deterministic per instance, so a failing test prints the same token every run.
      const token = `tok-${userId}-${issued}`
      const expiresAt = options.ttlMs === undefined ? undefined : Date.now() + options.ttlMs
      tokens.set(token, { userId, expiresAt, invalidated: undefined })
      return token
    },
    adoptToken(token, userId, expiresAt) {
      if (!tokens.has(token)) tokens.set(token, { userId, expiresAt, invalidated: undefined })
    },
    authenticate(token) {
      if (typeof token !== 'string' || token === '') return { ok: false, rejection: 'missing' }
      const record = tokens.get(token)
      const user = record && users.find((candidate) => candidate.id === record.userId)
      if (!record || !user) return { ok: false, rejection: 'unknown' }
      if (record.invalidated) return { ok: false, rejection: record.invalidated }
      if (record.expiresAt !== undefined && Date.now() >= record.expiresAt)
        return { ok: false, rejection: 'expired' }
      return { ok: true, user, expiresAt: record.expiresAt }
    },
    expireToken: (token) => invalidate(token, 'expired'),
    revokeToken: (token) => invalidate(token, 'revoked'),
    onTokenInvalidated(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
