import { act, renderHook } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { ChatProvider, useChat, useConversations } from '../src'
import { chatOptions, setupBackend, until, type Backend, type Room } from './backend'

const backend = setupBackend()

const rooms: Record<string, Room> = {
  room: { title: 'Alice and Bob', participants: ['user-alice', 'user-bob'] },
  lobby: { title: 'Lobby', participants: ['user-alice', 'user-bob', 'user-carol'] },
  quiet: { title: 'Quiet corner', participants: ['user-alice', 'user-carol'] },
}

function renderList(b: Backend, hook: () => ReturnType<typeof useConversations>) {
  return renderHook(hook, {
    wrapper: ({ children }) => (
      <ChatProvider options={chatOptions(b, 'alice')}>{children}</ChatProvider>
    ),
  })
}
const listRequests = (b: Backend) => b.requests.filter((r) => r.startsWith('conversations'))

describe('useConversations', () => {
  it('lists conversations with their last message, unread count and presence', async () => {
    const b = await backend.start({ ...rooms })
    b.seed('room', 2)
    b.seed('lobby', 1, 'user-carol')
    const { result } = renderList(b, () => useConversations())
    await until(() => result.current.conversations.length === 3, 3_000, 'list')
    expect(
      result.current.conversations.map((c) => [c.id, c.lastMessage?.body, c.unreadCount]),
    ).toEqual([
      ['room', 'message 2', 0],
      ['lobby', 'message 1', 0],
      ['quiet', undefined, 0],
    ])
    expect(result.current.conversations.every((c) => !c.online)).toBe(true)
    // The list comes over REST; presence needs the socket, which may still be signing in.
    await b.signedIn()
    b.server.broadcastRaw(JSON.stringify({ type: 'presence', userId: 'user-carol', online: true }))
    await until(() => result.current.conversations.some((c) => c.online), 3_000, 'presence')
    expect(result.current.conversations.map((c) => c.online)).toEqual([false, true, true])
  })

  it('socket events patch the cached list in place: preview, unread, order; no refetch', async () => {
    const b = await backend.start({ ...rooms })
    b.seed('room', 2)
    const { result } = renderList(b, () => useConversations())
    await until(() => result.current.conversations.length === 3, 3_000, 'list')
    await b.signedIn()
    for (let i = 1; i <= 20; i++) b.push('quiet', `quiet ${i}`, 'user-carol')
    await until(() => result.current.conversations[0]?.id === 'quiet', 3_000, 'moved to top')
    await until(() => result.current.conversations[0]?.unreadCount === 20, 3_000, 'all counted')
    expect(result.current.conversations[0]?.lastMessage?.body).toBe('quiet 20')
    expect(result.current.conversations.map((c) => c.id)).toEqual(['quiet', 'room', 'lobby'])
    // A replayed (older) message changes nothing.
    b.server.broadcastRaw(
      JSON.stringify({
        type: 'message',
        message: { ...b.server.conversations.get('quiet')![4], clientId: undefined },
      }),
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(result.current.conversations[0]).toMatchObject({ unreadCount: 20 })
    expect(listRequests(b)).toEqual(['conversations '])
  })

  it('a message in a conversation the list lacks refetches the list once', async () => {
    const directory = { ...rooms }
    const b = await backend.start(directory)
    const { result } = renderList(b, () => useConversations())
    await until(() => result.current.conversations.length === 3, 3_000, 'list')
    await b.signedIn()
    Object.assign(directory, {
      fresh: { title: 'Fresh', participants: ['user-alice', 'user-bob'] },
    })
    for (let i = 0; i < 5; i++) b.push('fresh', `hello ${i}`)
    await until(() => result.current.conversations.length === 4, 3_000, 'refetched list')
    expect(result.current.conversations[0]).toMatchObject({
      id: 'fresh',
      lastMessage: { body: 'hello 4' },
    })
    // One refetch for the whole burst (a second at most, if the burst straddles two batches).
    expect(listRequests(b).length).toBeLessThanOrEqual(3)
  })

  it('search filters through the server; reading a conversation updates its unread count', async () => {
    const b = await backend.start({ ...rooms })
    const { result, rerender } = renderHook(
      ({ search }: { search: string }) => ({
        list: useConversations({ search }),
        chat: useChat('lobby'),
      }),
      {
        initialProps: { search: '' },
        wrapper: ({ children }) => (
          <ChatProvider options={chatOptions(b, 'alice')}>{children}</ChatProvider>
        ),
      },
    )
    await until(() => result.current.list.conversations.length === 3, 3_000, 'list')
    rerender({ search: 'lob' })
    await until(() => result.current.list.conversations.length === 1, 3_000, 'search')
    expect(result.current.list.conversations[0]?.id).toBe('lobby')
    expect(listRequests(b)).toEqual(['conversations ', 'conversations lob'])
    await until(() => b.frames('join').some((f) => f.conversationId === 'lobby'), 3_000, 'join')
    b.push('lobby', 'one', 'user-carol')
    b.push('lobby', 'two', 'user-carol')
    await until(() => result.current.list.conversations[0]?.unreadCount === 2, 3_000, 'unread')
    await until(() => result.current.chat.messages.length === 2, 3_000, 'timeline')
    act(() => result.current.chat.markRead())
    await until(() => result.current.list.conversations[0]?.unreadCount === 0, 3_000, 'read')
    rerender({ search: '' })
    await until(() => result.current.list.conversations.length === 3, 3_000, 'back')
    expect(result.current.list.conversations.find((c) => c.id === 'lobby')?.unreadCount).toBe(0)
  })
})

describe('an explicit current user (the `userId` option)', () => {
  it('is right from the first render, whatever the socket does: own sends are ours, even queued', async () => {
    const b = await backend.start({ ...rooms })
    b.seed('room', 1, 'user-alice')
    // A wrong socket URL: REST works, the socket never greets.
    const options = {
      ...chatOptions(b, 'alice'),
      url: 'ws://127.0.0.1:9/nowhere',
      userId: 'user-alice',
    }
    const { result } = renderHook(() => ({ chat: useChat('room'), list: useConversations() }), {
      wrapper: ({ children }) => <ChatProvider options={options}>{children}</ChatProvider>,
    })
    await until(() => result.current.chat.messages.length === 1, 3_000, 'history')
    act(() => void result.current.chat.send('queued while the socket is down'))
    const [history, queued] = result.current.chat.messages
    expect(history?.senderId).toBe('user-alice')
    expect(queued).toMatchObject({ senderId: 'user-alice', status: 'sending' })
    await until(() => result.current.list.conversations.length === 3, 3_000, 'list')
    // Alice's own messages count as read by her, not as unread from someone else.
    expect(result.current.list.conversations.find((c) => c.id === 'room')?.unreadCount).toBe(0)
  })
})

describe('a wrong socket URL while REST works', () => {
  it('warns in development, naming the address tried without its query', async () => {
    const b = await backend.start({ ...rooms })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const options = {
        ...chatOptions(b, 'alice'),
        url: 'ws://127.0.0.1:9/wrong-path?token=secret',
        backoff: { baseMs: 10, capMs: 30 },
      }
      const { result } = renderHook(() => useConversations(), {
        wrapper: ({ children }) => <ChatProvider options={options}>{children}</ChatProvider>,
      })
      await until(() => result.current.conversations.length === 3, 3_000, 'the list over REST')
      const parley = () =>
        warn.mock.calls.map((args) => String(args[0])).filter((m) => m.startsWith('[parley]'))
      await until(() => parley().some((m) => m.includes('WebSocket failed')), 5_000, 'warned')
      const [message] = parley().filter((m) => m.includes('WebSocket failed'))
      expect(message).toContain('ws://127.0.0.1:9/wrong-path')
      expect(message).not.toContain('secret')
    } finally {
      warn.mockRestore()
    }
  })
})
