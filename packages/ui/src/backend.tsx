/*
 * Stories and browser tests on @parley/mock-backend (not part of the published package): one MSW
 * worker per page, serving a fresh backend per story or test, and a ChatProvider signed in as one
 * of its users.
 */
import { createNativeProtocol } from '@parley/core/native'
import type { ChatClientOptions } from '@parley/core'
import { createMockBackend, type MockBackend, type MockBackendOptions } from '@parley/mock-backend'
import { ChatProvider } from '@parley/react'
import { setupWorker, type SetupWorker } from 'msw/browser'
import { useState, type ReactNode } from 'react'

/** Never reaches a network: MSW answers inside the page. */
export const SOCKET_URL = 'wss://parley.test/native'
export const API_URL = '/api'

let worker: Promise<SetupWorker> | undefined
let serving: MockBackend | undefined

/** Serve a new backend in this page (the previous one is disposed, its sockets closed). */
export async function serveMockBackend(options: Partial<MockBackendOptions> = {}) {
  serving?.dispose()
  const backend = createMockBackend({ url: SOCKET_URL, apiUrl: API_URL, ...options })
  serving = backend
  worker ??= (async () => {
    const started = setupWorker()
    await started.start({ onUnhandledRequest: 'bypass', quiet: true })
    return started
  })()
  ;(await worker).resetHandlers(...backend.handlers)
  return backend
}

export interface MockChatProviderProps {
  backend: MockBackend
  /** A user of the backend's seed, e.g. `client-sam` or `trainer-maya`. */
  userId: string
  options?: Partial<ChatClientOptions>
  children?: ReactNode
}

/** A ChatProvider connected to `backend` as `userId`. */
export function MockChatProvider({ backend, userId, options, children }: MockChatProviderProps) {
  const [token] = useState(() => backend.model.issueToken(userId))
  return (
    <ChatProvider
      options={{
        url: SOCKET_URL,
        protocol: createNativeProtocol({ apiUrl: API_URL }),
        getToken: () => token,
        ...options,
      }}
    >
      {children}
    </ChatProvider>
  )
}
