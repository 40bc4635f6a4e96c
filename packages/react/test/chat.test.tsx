import type { ChatClientOptions } from '@parley/core'
import { act, renderHook } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ChatProvider, useChat, useConnection } from '../src'
import { chatOptions, until, setupBackend, type Backend } from './backend'
import { renderChatScreen } from './screen'

const backend = setupBackend()
afterEach(() => void vi.useRealTimers())

/** The headless chat screen for one user on the test server, in 'room'. */
function screenFor(b: Backend, token: string, overrides: Partial<ChatClientOptions> = {}) {
  const screen = renderChatScreen(chatOptions(b, token, overrides), 'room')
  return { ...screen, open: () => screen.findByText('open', {}, { timeout: 3_000 }) }
}

const frames = (b: Backend, type: string) => b.frames(type)

describe('useChat against a real ws server', () => {
  it('send and receive: optimistic at once, sent on the ack, delivered to the other user', async () => {
    const b = await backend.start()
    const alice = screenFor(b, 'alice')
    const bob = screenFor(b, 'bob')
    await Promise.all([alice.open(), bob.open()])
    await until(() => frames(b, 'join').length >= 2, 3_000, 'joins')
    b.server.setAckDelay(150)
    await alice.send('hello bob')
    expect(alice.statuses()).toEqual(['sending'])
    expect(alice.texts()).toEqual(['hello bob'])
    await until(() => alice.statuses()[0] === 'sent', 3_000, 'ack')
    await until(() => bob.texts().length === 1, 3_000, 'delivery')
    expect(bob.texts()).toEqual(['hello bob'])
    await bob.send('hi alice')
    await until(() => alice.texts().length === 2, 3_000, 'reply')
    expect(alice.texts()).toEqual(['hello bob', 'hi alice'])
    // Bob's screen marks what it shows read: Alice sees her message read.
    await until(() => alice.statuses().join() === 'read,sent', 3_000, 'receipt')
  })

  it('a late ack: the send is unconfirmed, never failed, and goes through once by itself', async () => {
    const b = await backend.start()
    const alice = screenFor(b, 'alice', { ackTimeoutMs: 150 })
    await alice.open()
    b.server.setAckDelay(500)
    await alice.send('slow')
    await until(() => alice.statuses()[0] === 'unconfirmed', 3_000, 'unconfirmed')
    expect(alice.queryByRole('button', { name: 'Retry' })).toBeNull()
    b.server.setAckDelay(0)
    await until(() => alice.statuses()[0] === 'sent', 3_000, 'sent')
    expect(alice.texts()).toEqual(['slow'])
    // The native server deduplicates by client id: every re-send is one stored message.
    expect(b.server.conversations.get('room')).toHaveLength(1)
  })

  it('offline queue: sends made while the server is down go out, in order, once it is back', async () => {
    const b = await backend.start()
    const alice = screenFor(b, 'alice')
    await alice.open()
    await b.server.kill()
    await alice.findByText(/^reconnecting/, {}, { timeout: 3_000 })
    await alice.send('one')
    await alice.send('two')
    expect(alice.statuses()).toEqual(['sending', 'sending'])
    await b.server.restart()
    await until(() => alice.statuses().join() === 'sent,sent', 5_000, 'queued sends')
    expect(alice.texts()).toEqual(['one', 'two'])
    expect(b.server.conversations.get('room')?.map((m) => m.body)).toEqual(['one', 'two'])
  })

  it('load older: pages walk back through history, merged into one ordered timeline', async () => {
    const b = await backend.start()
    b.seed('room', 70)
    const alice = screenFor(b, 'alice')
    await until(() => alice.items().length === 30, 3_000, 'first page')
    await alice.open()
    expect(alice.texts()[0]).toBe('message 41')
    b.push('room', 'live one')
    await until(() => alice.items().length === 31, 3_000, 'live message')
    await userEvent.click(alice.getByRole('button', { name: 'Load older' }))
    await until(() => alice.items().length === 61, 3_000, 'second page')
    await userEvent.click(alice.getByRole('button', { name: 'Load older' }))
    await until(() => alice.items().length === 71, 3_000, 'last page')
    expect(alice.texts()).toEqual([
      ...Array.from({ length: 70 }, (_, i) => `message ${i + 1}`),
      'live one',
    ])
    await until(() => !alice.queryByRole('button', { name: 'Load older' }), 3_000, 'no more')
    expect(b.requests.filter((r) => r.startsWith('history'))).toEqual([
      'history room ',
      'history room m-room-41',
      'history room m-room-11',
    ])
  })

  it('loadOlder cannot run away: calls while a page loads, or after the last, request nothing', async () => {
    const b = await backend.start()
    b.seed('room', 50)
    const { result } = renderHook(() => useChat('room', { pageSize: 20 }), {
      wrapper: ({ children }) => (
        <ChatProvider options={chatOptions(b, 'alice')}>{children}</ChatProvider>
      ),
    })
    await until(() => result.current.messages.length === 20 && !result.current.isLoadingOlder)
    await act(async () => {
      await Promise.all(Array.from({ length: 10 }, () => result.current.loadOlder()))
    })
    await until(() => result.current.messages.length === 40 && !result.current.isLoadingOlder)
    for (let i = 0; i < 5; i++) await act(() => result.current.loadOlder())
    await until(() => !result.current.hasOlder)
    await act(() => result.current.loadOlder())
    await until(() => result.current.messages.length === 50)
    expect(b.requests.filter((r) => r.startsWith('history'))).toHaveLength(3)
  })

  it('typing: throttled while typing, stops by itself, and expires on the other side (fake timers)', async () => {
    const b = await backend.start()
    // The core reads the clock through `now`: make it the (soon fake) global one.
    const clock = { typingTtlMs: 6_000, now: () => Date.now() }
    const alice = screenFor(b, 'alice', clock)
    const bob = screenFor(b, 'bob', clock)
    await Promise.all([alice.open(), bob.open()])
    await until(() => frames(b, 'join').length >= 2, 3_000, 'joins')
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true })
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) })
    await user.type(bob.getByRole('textbox', { name: 'Message' }), 'hey there')
    // Nine keystrokes, one `typing: true` on the wire.
    await vi.waitFor(() => expect(alice.getByText('user-bob typing…')).toBeTruthy())
    expect(frames(b, 'typing')).toEqual([
      { type: 'typing', conversationId: 'room', isTyping: true },
    ])
    // Bob stops typing without sending: after 5 s his client says so by itself.
    await act(() => vi.advanceTimersByTimeAsync(5_000))
    await vi.waitFor(() => expect(frames(b, 'typing')).toHaveLength(2))
    expect(frames(b, 'typing')[1]).toMatchObject({ isTyping: false })
    await vi.waitFor(() => expect(alice.queryByText(/typing…/)).toBeNull())

    // A typing signal whose `false` never arrives expires on the receiver after its TTL.
    b.server.broadcastRaw(
      JSON.stringify({
        type: 'typing',
        conversationId: 'room',
        userId: 'user-carol',
        isTyping: true,
      }),
    )
    await vi.waitFor(() => expect(alice.getByText('user-carol typing…')).toBeTruthy(), {
      interval: 10,
    })
    await act(() => vi.advanceTimersByTimeAsync(5_700))
    expect(alice.getByText('user-carol typing…')).toBeTruthy()
    await act(() => vi.advanceTimersByTimeAsync(400))
    expect(alice.queryByText(/typing…/)).toBeNull()
  })

  it('markRead is batched: many calls, one receipt for the latest message; unread goes to 0', async () => {
    const b = await backend.start()
    const { result } = renderHook(() => useChat('room'), {
      wrapper: ({ children }) => (
        <ChatProvider options={chatOptions(b, 'alice')}>{children}</ChatProvider>
      ),
    })
    await until(() => frames(b, 'join').length === 1, 3_000, 'join')
    for (const body of ['a', 'b', 'c']) b.push('room', body)
    await until(() => result.current.unread === 3, 3_000, 'unread')
    act(() => result.current.messages.forEach((m) => result.current.markRead(m.id)))
    act(() => result.current.markRead('m-room-1')) // an older one: never moves the receipt back
    await until(() => frames(b, 'read').length === 1, 3_000, 'receipt')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(frames(b, 'read')).toEqual([
      { type: 'read', conversationId: 'room', messageId: 'm-room-3' },
    ])
    expect(result.current.unread).toBe(0)
    // Marking the same message again sends nothing.
    act(() => result.current.markRead())
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(frames(b, 'read')).toHaveLength(1)
  })

  it('edit and remove go through the server; the timeline shows its confirmed version', async () => {
    const b = await backend.start()
    const { result } = renderHook(() => ({ ...useChat('room'), connection: useConnection() }), {
      wrapper: ({ children }) => (
        <ChatProvider options={chatOptions(b, 'alice')}>{children}</ChatProvider>
      ),
    })
    await until(() => frames(b, 'join').length === 1, 3_000, 'join')
    act(() => void result.current.send('frist'))
    await until(() => result.current.messages[0]?.status === 'sent', 3_000, 'sent')
    const id = result.current.messages[0]!.id
    await act(() => result.current.edit(id, 'first'))
    await until(() => result.current.messages[0]?.body === 'first', 3_000, 'edited')
    await act(() => result.current.remove(id))
    await until(() => result.current.messages[0]?.deletedAt !== undefined, 3_000, 'removed')
    await b.server.kill()
    await until(() => result.current.connection.status !== 'open', 3_000, 'disconnected')
    await expect(result.current.edit(id, 'offline')).rejects.toMatchObject({
      code: 'mutation-failed',
    })
  })
})
