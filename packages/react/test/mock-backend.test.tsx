/**
 * The hooks against @parley/mock-backend: its chat model behind MSW's `ws` and `http` handlers,
 * in-process (no socket), with its seed data, simulated faults and its own REST validation.
 * The same flows run against a real socket server in the other test files.
 */
import type { ChatClientOptions } from '@parley/core'
import { createNativeProtocol } from '@parley/core/native'
import { act, render, renderHook } from '@testing-library/react'
import { QueryClient } from '@tanstack/react-query'
import { File as NodeFile } from 'node:buffer'
import { type ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MockBackend } from '../../mock-backend/src'
import { ChatProvider, useChat, useConnection, useConversations, useUpload } from '../src'
import { stubNodeBlobs } from '../../../test/node-blobs'
import { until } from './backend'
import { API_URL, MOCK_URL, mockBackendServer } from './mock-msw'
import { renderChatScreen } from './screen'

const { requests, start } = mockBackendServer()
afterEach(() => vi.unstubAllGlobals())

const optionsFor = (
  backend: MockBackend,
  userId: string,
  overrides: Partial<ChatClientOptions> = {},
): ChatClientOptions => {
  const token = backend.model.issueToken(userId)
  return {
    url: MOCK_URL,
    getToken: () => token,
    protocol: createNativeProtocol({ apiUrl: API_URL }),
    environment: null,
    backoff: { baseMs: 100, capMs: 300 },
    batchMs: 5,
    ...overrides,
  }
}

const screenFor = (
  backend: MockBackend,
  userId: string,
  conversationId: string,
  overrides: Partial<ChatClientOptions> = {},
) => renderChatScreen(optionsFor(backend, userId, overrides), conversationId)

const joined = (backend: MockBackend, userId: string, conversationId: string) =>
  until(
    () =>
      backend.controls
        .sessions()
        .some(
          (s) =>
            s.userId === userId && (s as { joined?: string[] }).joined?.includes(conversationId),
        ),
    3_000,
    `${userId} joined ${conversationId}`,
  )

describe('@parley/react against @parley/mock-backend', () => {
  it('StrictMode opens one session; history loads; a send is optimistic, then sent, delivered and read', async () => {
    const backend = start()
    backend.controls.latency({ toClientMs: 100 })
    const sam = screenFor(backend, 'client-sam', 'dm-maya-sam')
    await until(() => sam.items().length > 0, 3_000, 'history')
    const seeded = sam.items().length
    expect(backend.controls.sessions()).toHaveLength(1)
    const maya = screenFor(backend, 'trainer-maya', 'dm-maya-sam')
    await joined(backend, 'trainer-maya', 'dm-maya-sam')
    await joined(backend, 'client-sam', 'dm-maya-sam')
    await sam.send('See you at 7')
    expect(sam.statuses().at(-1)).toBe('sending')
    await until(() => sam.statuses().at(-1) !== 'sending', 3_000, 'ack')
    await until(() => maya.texts().at(-1) === 'See you at 7', 3_000, 'delivery')
    // Maya's screen marks what it shows read: Sam sees his message read.
    await until(() => sam.statuses().at(-1) === 'read', 3_000, 'receipt')
    expect(sam.items()).toHaveLength(seeded + 1)
    expect(backend.controls.sessions()).toHaveLength(2)
  })

  it('lost acks: the send is unconfirmed (no Retry offered), re-sent by itself, stored once', async () => {
    const backend = start()
    const sam = screenFor(backend, 'client-sam', 'dm-maya-sam', {
      ackTimeoutMs: 300,
    })
    await joined(backend, 'client-sam', 'dm-maya-sam')
    const before = backend.model.latestSeq('dm-maya-sam')
    backend.controls.frames({ toClient: { drop: 1 } })
    await sam.send('lost ack')
    await until(() => sam.statuses().at(-1) === 'unconfirmed', 3_000, 'unconfirmed')
    expect(sam.queryByRole('button', { name: 'Retry' })).toBeNull()
    backend.controls.frames()
    await until(() => sam.statuses().at(-1) === 'sent', 3_000, 'sent once the acks get through')
    expect(backend.model.latestSeq('dm-maya-sam')).toBe(before + 1)
    expect(sam.texts().filter((t) => t === 'lost ack')).toHaveLength(1)
  })

  it('offline queue: sends made during an outage go out, in order, when it ends', async () => {
    const backend = start()
    const sam = screenFor(backend, 'client-sam', 'dm-maya-sam', {
      backoff: { baseMs: 400, capMs: 400 },
    })
    await joined(backend, 'client-sam', 'dm-maya-sam')
    backend.controls.outage(800)
    await sam.findByText(/^reconnecting/, {}, { timeout: 3_000 })
    await sam.send('one')
    await sam.send('two')
    expect(sam.statuses().slice(-2)).toEqual(['sending', 'sending'])
    await until(() => sam.statuses().slice(-2).join() === 'sent,sent', 5_000, 'queued sends')
    const latest = backend.model.latestSeq('dm-maya-sam')
    expect(
      [latest - 1, latest].map((seq) => backend.model.message('dm-maya-sam', seq)?.body),
    ).toEqual(['one', 'two'])
  })

  it('load older walks the 12,000-message conversation a page at a time, in order, no gaps', async () => {
    const backend = start()
    const { result } = renderHook(() => useChat('dm-maya-diego', { pageSize: 50 }), {
      wrapper: ({ children }) => (
        <ChatProvider options={optionsFor(backend, 'trainer-maya')}>{children}</ChatProvider>
      ),
    })
    await until(() => result.current.messages.length === 50 && !result.current.isLoadingOlder)
    for (let page = 2; page <= 4; page++) {
      await act(() => result.current.loadOlder())
      await until(() => result.current.messages.length === page * 50, 3_000, `page ${page}`)
    }
    const seqs = result.current.messages.map((m) => m.seq!)
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => 12_000 - 199 + i))
    expect(result.current.hasOlder).toBe(true)
    expect(requests.filter((r) => r.includes('/messages'))).toHaveLength(4)
  })

  it('a failed history page is retried by loadOlder, the first page too; nothing is duplicated', async () => {
    const backend = start()
    backend.controls.history({ failRate: 1 })
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    const { result } = renderHook(() => useChat('dm-maya-diego', { pageSize: 50 }), {
      wrapper: ({ children }) => (
        <ChatProvider options={optionsFor(backend, 'trainer-maya')} queryClient={queryClient}>
          {children}
        </ChatProvider>
      ),
    })
    await until(() => !!result.current.historyError, 3_000, 'the first page fails')
    expect(result.current.historyError).toMatchObject({ code: 'http-error' })
    expect(result.current).toMatchObject({ messages: [], hasOlder: false })

    backend.controls.history()
    await act(() => result.current.loadOlder())
    await until(() => result.current.messages.length === 50, 3_000, 'the first page, retried')
    expect(result.current.historyError).toBeNull()

    // A later page fails, and is retried from where it failed.
    backend.controls.history({ failRate: 1 })
    await act(() => result.current.loadOlder())
    await until(() => !!result.current.historyError, 3_000, 'the second page fails')
    expect(result.current.messages).toHaveLength(50)
    backend.controls.history()
    await act(() => result.current.loadOlder())
    await until(() => result.current.messages.length === 100, 3_000, 'the second page, retried')
    const seqs = result.current.messages.map((m) => m.seq!)
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => 12_000 - 99 + i))
    expect(requests.filter((r) => r.includes('/messages'))).toHaveLength(4)
  })

  it('typing reaches the other side and expires there', async () => {
    const backend = start()
    const sam = screenFor(backend, 'client-sam', 'dm-maya-sam', { typingTtlMs: 400 })
    const { result } = renderHook(() => useChat('dm-maya-sam'), {
      wrapper: ({ children }) => (
        <ChatProvider options={optionsFor(backend, 'trainer-maya')}>{children}</ChatProvider>
      ),
    })
    await joined(backend, 'client-sam', 'dm-maya-sam')
    await joined(backend, 'trainer-maya', 'dm-maya-sam')
    act(() => result.current.setTyping(true))
    await sam.findByText('trainer-maya typing…', {}, { timeout: 3_000 })
    // Maya's client refreshes `typing: true` only every 3 s: Sam's 400 ms TTL runs out first.
    await until(() => !sam.queryByText(/typing…/), 3_000, 'expired')
  })

  it('the conversation list: seeded unread counts, presence, live patches without refetching, search', async () => {
    const backend = start()
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ChatProvider options={optionsFor(backend, 'client-sam')}>{children}</ChatProvider>
    )
    const { result, rerender } = renderHook(
      ({ search }: { search: string }) => useConversations({ search }),
      { wrapper, initialProps: { search: '' } },
    )
    await until(() => result.current.conversations.length > 0, 3_000, 'list')
    const unread = (id: string) =>
      result.current.conversations.find((c) => c.id === id)?.unreadCount
    expect(unread('dm-maya-sam')).toBe(1)
    expect(unread('group-morning-run')).toBe(2)
    // The list joins what it shows, so messages in any listed conversation reach it.
    await joined(backend, 'client-sam', 'group-nutrition')
    const listRequests = requests.filter((r) => r.startsWith('GET /api/conversations?')).length

    // Maya comes online (a real session) and writes.
    const maya = render(
      <ChatProvider options={optionsFor(backend, 'trainer-maya')}>
        <p>maya</p>
      </ChatProvider>,
    )
    await until(
      () => result.current.conversations.find((c) => c.id === 'dm-maya-sam')?.online === true,
      3_000,
      'presence',
    )
    for (const body of ['Running late', 'Start without me']) {
      backend.model.send('trainer-maya', {
        conversationId: 'dm-maya-sam',
        clientId: `c-${body}`,
        body,
      })
    }
    await until(() => unread('dm-maya-sam') === 3, 3_000, 'unread patched')
    expect(result.current.conversations[0]).toMatchObject({
      id: 'dm-maya-sam',
      lastMessage: { body: 'Start without me' },
    })
    expect(requests.filter((r) => r.startsWith('GET /api/conversations?'))).toHaveLength(
      listRequests,
    )
    maya.unmount()

    rerender({ search: 'morning' })
    await until(
      () => result.current.conversations.map((c) => c.id).join() === 'group-morning-run',
      3_000,
      'search',
    )
  })

  it('uploads: progress, the stored file; refused types stop before sending; cancel aborts', async () => {
    await stubNodeBlobs()
    const backend = start()
    const { result } = renderHook(
      () => useUpload({ accept: ['image/*', '.pdf'], maxBytes: 1_000_000 }),
      {
        wrapper: ({ children }) => (
          <ChatProvider options={optionsFor(backend, 'client-sam')}>{children}</ChatProvider>
        ),
      },
    )
    const gif = new NodeFile(
      [new Uint8Array([71, 73, 70, 56, 57, 97, 3, 0, 2, 0, 0, 0, 0])],
      'dot.gif',
      {
        type: 'image/gif',
      },
    )
    let stored: unknown
    await act(async () => {
      stored = await result.current.upload(gif as unknown as Blob)
    })
    expect(stored).toMatchObject({ name: 'dot.gif', mimeType: 'image/gif', width: 3, height: 2 })
    expect(result.current.progress).toBe(1)

    const uploadsBefore = requests.filter((r) => r === 'POST /api/uploads').length
    const text = new NodeFile(['hi'], 'notes.txt', { type: 'text/plain' })
    await act(() =>
      expect(result.current.upload(text as unknown as Blob)).rejects.toMatchObject({
        code: 'invalid-upload',
      }),
    )
    expect(requests.filter((r) => r === 'POST /api/uploads')).toHaveLength(uploadsBefore)

    backend.controls.uploads({ delayMs: 2_000 })
    let pending: Promise<unknown> = Promise.resolve()
    act(() => {
      pending = result.current.upload(gif as unknown as Blob)
    })
    await until(
      () => requests.filter((r) => r === 'POST /api/uploads').length === uploadsBefore + 1,
    )
    act(() => result.current.cancel())
    await act(() => expect(pending).rejects.toMatchObject({ code: 'aborted' }))
  })

  it('useConnection follows an outage: reconnecting with a reason, then open again', async () => {
    const backend = start()
    const { result } = renderHook(() => useConnection(), {
      wrapper: ({ children }) => (
        <ChatProvider
          options={optionsFor(backend, 'client-sam', { backoff: { baseMs: 600, capMs: 600 } })}
        >
          {children}
        </ChatProvider>
      ),
    })
    await until(() => result.current.status === 'open', 3_000, 'open')
    backend.controls.outage(300)
    await until(() => result.current.status === 'reconnecting', 3_000, 'reconnecting')
    // A loaded machine may see the first retry fail inside the outage before it looks.
    expect(result.current.attempt).toBeGreaterThanOrEqual(1)
    expect(result.current.reason).toMatchObject({ kind: 'close' })
    expect(result.current.secondsToRetry).toBeLessThanOrEqual(1)
    await until(() => result.current.status === 'open', 5_000, 'open again')
  })
})
