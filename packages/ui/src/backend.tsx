/*
 * Stories and browser tests on @parley/mock-backend (not part of the published package): one MSW
 * worker per page, serving a fresh backend per story or test, and a ChatProvider signed in as one
 * of its users.
 */
import { createNativeProtocol } from '@parley/core/native'
import type { ChatClientOptions, Conversation } from '@parley/core'
import { createMockBackend, type MockBackend, type MockBackendOptions } from '@parley/mock-backend'
import { ChatProvider } from '@parley/react'
import { QueryClient } from '@tanstack/react-query'
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

/**
 * A Storybook `loaders` entry: a fresh backend for the story (as `loaded.backend`), with `arrange`
 * run on it before the story renders (faults, seed changes).
 */
export const loadMockBackend =
  (options: Partial<MockBackendOptions> = {}, arrange?: (backend: MockBackend) => void) =>
  async () => {
    const backend = await serveMockBackend(options)
    arrange?.(backend)
    return { backend }
  }

/** A conversation as `userId` sees it, for a ConnectedChatWindow shown without the list. */
export function mockConversation(
  backend: MockBackend,
  conversationId: string,
  userId: string,
): Conversation {
  // The list's last message is not needed to show the conversation itself.
  const { lastMessage: _, ...conversation } = backend.model.summary(conversationId, userId)
  return conversation
}

export interface MockChatProviderProps {
  backend: MockBackend
  /** A user of the backend's seed, e.g. `client-sam` or `trainer-maya`. */
  userId: string
  options?: Partial<ChatClientOptions> | undefined
  /** REST requests fail at once instead of after TanStack Query's three retries. */
  noRetry?: boolean | undefined
  children?: ReactNode
}

const MOCK_CAPABILITIES = { maxMessageLength: 4000 }

/** A ChatProvider connected to `backend` as `userId`. */
export function MockChatProvider({
  backend,
  userId,
  options,
  noRetry,
  children,
}: MockChatProviderProps) {
  const [token] = useState(() => backend.model.issueToken(userId))
  const [queryClient] = useState(() =>
    noRetry ? new QueryClient({ defaultOptions: { queries: { retry: false } } }) : undefined,
  )
  return (
    <ChatProvider
      {...(queryClient && { queryClient })}
      options={{
        url: SOCKET_URL,
        // The native dialect does not say how long a message may be; the mock backend's limit is
        // 4,000 characters unless it was built with another.
        protocol: { ...createNativeProtocol({ apiUrl: API_URL }), capabilities: MOCK_CAPABILITIES },
        getToken: () => token,
        ...options,
      }}
    >
      {children}
    </ChatProvider>
  )
}

/** A real PNG (the backend sniffs uploads), drawn on a canvas. */
export async function pngFile(name: string, width = 64, height = 48): Promise<File> {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d')!
  context.fillStyle = '#2f80ed'
  context.fillRect(0, 0, width, height)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  return new File([blob!], name, { type: 'image/png' })
}
