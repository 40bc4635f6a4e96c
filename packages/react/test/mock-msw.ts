/**
 * @parley/mock-backend behind MSW for the hooks' tests, in-process (no socket): `start` serves a
 * backend for the test; the REST requests it answered are in `requests` ("GET /api/…"). Everything
 * started is disposed of after each test.
 */
import { cleanup } from '@testing-library/react'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import {
  createMockBackend,
  type MockBackend,
  type MockBackendOptions,
} from '../../mock-backend/src'

export const MOCK_URL = 'wss://parley.test/native'
export const API_URL = 'https://parley.test/api'

export function mockBackendServer() {
  const msw = setupServer()
  const backends: MockBackend[] = []
  const requests: string[] = []
  msw.events.on('request:start', ({ request }) => {
    const url = new URL(request.url)
    if (url.protocol === 'https:') requests.push(`${request.method} ${url.pathname}${url.search}`)
  })
  beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    cleanup()
    backends.splice(0).forEach((backend) => backend.dispose())
    msw.resetHandlers()
    requests.length = 0
  })
  afterAll(() => msw.close())
  const start = (options: Partial<MockBackendOptions> = {}) => {
    const backend = createMockBackend({ url: MOCK_URL, apiUrl: API_URL, ...options })
    msw.use(...backend.handlers)
    backends.push(backend)
    return backend
  }
  return { requests, start }
}
