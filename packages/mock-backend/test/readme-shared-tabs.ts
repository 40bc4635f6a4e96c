import { createMockBackend } from '@parley/mock-backend'
import { shareAcrossTabs } from '@parley/mock-backend/shared'
import { setupWorker } from 'msw/browser'

/** In every tab of one origin: one server for all of them, in the tab that holds the lock. */
export async function startSharedMockBackend(url: string, apiUrl: string) {
  const backend = createMockBackend({ url, apiUrl, simulate: true })
  const shared = shareAcrossTabs(backend) // { name?: 'parley-mock-backend', locks?: navigator.locks }
  await shared.ready // this tab now knows whether it serves
  await setupWorker(...shared.handlers).start({ quiet: true })
  return backend
}
