import { createStore, type Store } from '@parley/core'
import type { MockUser, SessionModel } from '@parley/mock-backend'

/** The signed-in demo user and their current token, as an app's auth layer would hold them. */
export interface DemoSession {
  user: MockUser
  /** The current token; subscribe to redraw when "New token" replaces it. */
  token: Store<string>
  /** What the connection calls before every attempt. */
  getToken(): string
  /** Sign in again: the mock issues a fresh valid token. */
  renewToken(): void
}

export function createDemoSession(model: SessionModel, userId: string): DemoSession {
  const user = model.users.find((candidate) => candidate.id === userId)
  if (!user) throw new Error(`The mock backend has no user ${JSON.stringify(userId)}`)
  const token = createStore(model.issueToken(userId))
  return {
    user,
    token,
    getToken: token.getSnapshot,
    renewToken: () => token.setState(model.issueToken(userId)),
  }
}
