import { createMockBackend } from '@parley/mock-backend'
import { setupWorker } from 'msw/browser'

/** Development only: a chat server inside the page, signed in as Maya. Returns her getToken. */
export async function startMockBackend(url: string, apiUrl: string) {
  const backend = createMockBackend({ url, apiUrl, simulate: true })
  await setupWorker(...backend.handlers).start({ quiet: true })
  const token = backend.model.issueToken('trainer-maya')
  return () => token
}
