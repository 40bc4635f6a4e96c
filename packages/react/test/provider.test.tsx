import { createChatClient, type ChatClient } from '@parley/core'
import { createNativeProtocol } from '@parley/core/native'
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { getResponse } from 'msw'
import { act, render, renderHook } from '@testing-library/react'
import { Profiler, StrictMode, useState, type ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import {
  ChatProvider,
  useChat,
  useChatClient,
  useConnection,
  useConversations,
  usePresence,
  useTyping,
  useUpload,
} from '../src'
import { API_URL, chatOptions, liveSockets, socketsOpened, until, setupBackend } from './backend'
import { HeadlessChat } from './HeadlessChat'

const backend = setupBackend()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('ChatProvider', () => {
  it('opens one socket under StrictMode double mounting, and closes it on unmount', async () => {
    const b = await backend.start()
    const before = socketsOpened
    const view = render(
      <StrictMode>
        <ChatProvider options={chatOptions(b, 'alice')}>
          <HeadlessChat conversationId="room" />
        </ChatProvider>
      </StrictMode>,
    )
    await view.findByText('open')
    await sleep(100)
    expect(socketsOpened - before).toBe(1)
    expect(b.server.handshakes).toBe(1)
    expect(b.server.sockets.size).toBe(1)
    view.unmount()
    await until(() => b.server.sockets.size === 0, 3_000, 'server sees the close')
    expect(liveSockets.size).toBe(0)
  })

  it('connects a client it is given and closes it on unmount; REST uses the protocol passed along', async () => {
    const b = await backend.start({ room: { title: 'Room', participants: ['user-alice'] } })
    const options = chatOptions(b, 'alice')
    const client = createChatClient(options)
    const { result, unmount } = renderHook(() => useConversations(), {
      wrapper: ({ children }) => (
        <ChatProvider client={client} protocol={options.protocol} getToken={options.getToken}>
          {children}
        </ChatProvider>
      ),
    })
    await until(() => client.getSnapshot().connection.status === 'open', 3_000, 'open')
    await until(() => result.current.conversations.length === 1, 3_000, 'list')
    unmount()
    await until(() => client.getSnapshot().connection.status === 'closed', 1_000, 'closed')
  })

  it('every hook fails loudly outside a provider, naming the fix; the stack names the hook', () => {
    const hooks: [string, () => unknown][] = [
      ['useChat', () => useChat('room')],
      ['useConversations', () => useConversations()],
      ['useConnection', () => useConnection()],
      ['usePresence', () => usePresence('u')],
      ['useTyping', () => useTyping('room')],
      ['useUpload', () => useUpload()],
      ['useChatClient', () => useChatClient()],
    ]
    for (const [name, hook] of hooks) {
      let thrown: unknown
      try {
        renderHook(hook)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toMatchObject({ message: 'Parley hooks must be used inside <ChatProvider>' })
      expect((thrown as Error).stack).toContain(`at ${name} `)
    }
  })

  it("runs REST through the QueryClient it is given, else its own; the app's provider is left alone", async () => {
    const b = await backend.start({ room: { title: 'Room', participants: ['user-alice'] } })
    const options = chatOptions(b, 'alice', { environment: null })
    const given = new QueryClient()
    const outer = new QueryClient()
    const seen: QueryClient[] = []
    const List = () => {
      seen.push(useQueryClient())
      return <p>{useConversations().conversations.length} conversations</p>
    }
    const view = render(
      <QueryClientProvider client={outer}>
        <ChatProvider options={options} queryClient={given}>
          <List />
        </ChatProvider>
        <ChatProvider options={options}>
          <List />
        </ChatProvider>
      </QueryClientProvider>,
    )
    await until(() => view.queryAllByText('1 conversations').length === 2, 3_000, 'both lists')
    expect(seen.every((client) => client === outer)).toBe(true)
    const parley = (client: QueryClient) => client.getQueryCache().findAll({ queryKey: ['parley'] })
    expect(parley(given)).toHaveLength(1)
    expect(parley(outer)).toHaveLength(0)
    view.unmount()
    await until(() => parley(given).length === 0, 1_000, 'queries dropped on unmount')
  })
})

describe('selectors and renders', () => {
  it('a burst of 1,000 incoming messages causes a handful of renders, not 1,000', async () => {
    const b = await backend.start({
      room: { title: 'Room', participants: ['user-alice', 'user-bob'] },
    })
    let commits = 0
    const Screen = () => {
      const { messages } = useChat('room')
      const { conversations } = useConversations()
      return (
        <p>
          {messages.length} messages; {conversations[0]?.unreadCount ?? '-'} unread
        </p>
      )
    }
    const view = render(
      <ChatProvider options={chatOptions(b, 'alice')}>
        <Profiler id="chat" onRender={() => (commits += 1)}>
          <Screen />
        </Profiler>
      </ChatProvider>,
    )
    await view.findByText('0 messages; - unread')
    await until(() => b.frames('join').length === 1, 3_000, 'join')
    await view.findByText('0 messages; 0 unread')
    await sleep(50)
    const before = commits
    for (let i = 0; i < 1_000; i++) b.push('room', `burst ${i}`)
    await view.findByText('1000 messages; 1000 unread', {}, { timeout: 5_000 })
    await sleep(100)
    const renders = commits - before
    console.info(`1,000-message burst: ${renders} renders`)
    expect(renders).toBeLessThanOrEqual(10)
    view.unmount()
  })

  it('hooks return stable references while their slice is unchanged', async () => {
    const b = await backend.start()
    const { result, rerender } = renderHook(
      () => {
        const chat = useChat('room')
        return {
          messages: chat.messages,
          typing: chat.typingUsers,
          send: chat.send,
          markRead: chat.markRead,
          loadOlder: chat.loadOlder,
          other: useChat('elsewhere').messages,
          presence: usePresence('user-bob'),
          conversations: useConversations().conversations,
        }
      },
      {
        wrapper: ({ children }) => (
          <ChatProvider options={chatOptions(b, 'alice')}>{children}</ChatProvider>
        ),
      },
    )
    await until(() => b.frames('join').length === 2)
    await sleep(50)
    const first = result.current
    b.push('room', 'news')
    b.server.broadcastRaw(JSON.stringify({ type: 'presence', userId: 'user-carol', online: true }))
    await until(() => result.current.messages.length === 1)
    rerender()
    expect(result.current.messages).not.toBe(first.messages)
    for (const key of ['typing', 'send', 'markRead', 'other', 'presence', 'conversations'] as const)
      expect(result.current[key], key).toBe(first[key])
  })
})

/** Counts what a provider leaves behind: timers, window/document listeners, client subscriptions. */
function leakMeter() {
  const timers = new Set<unknown>()
  const listeners = new Map<string, number>()
  const real = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
  }
  const g = globalThis as Record<string, unknown>
  g.setTimeout = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const id = real.setTimeout(() => {
      timers.delete(id)
      fn(...args)
    }, ms)
    timers.add(id)
    return id
  }
  g.clearTimeout = (id: ReturnType<typeof setTimeout>) => (timers.delete(id), real.clearTimeout(id))
  g.setInterval = (fn: () => void, ms?: number) => {
    const id = real.setInterval(fn, ms)
    timers.add(id)
    return id
  }
  g.clearInterval = (id: ReturnType<typeof setInterval>) => (
    timers.delete(id),
    real.clearInterval(id)
  )
  const watched = ['online', 'offline', 'pageshow', 'visibilitychange', 'focus']
  const restores = [window, document].map((target) => {
    const { addEventListener: add, removeEventListener: remove } = target
    target.addEventListener = function (type: string, ...rest: unknown[]) {
      if (watched.includes(type)) listeners.set(type, (listeners.get(type) ?? 0) + 1)
      return (add as (...a: unknown[]) => void).call(this, type, ...rest)
    }
    target.removeEventListener = function (type: string, ...rest: unknown[]) {
      if (watched.includes(type)) listeners.set(type, (listeners.get(type) ?? 0) - 1)
      return (remove as (...a: unknown[]) => void).call(this, type, ...rest)
    }
    return () => Object.assign(target, { addEventListener: add, removeEventListener: remove })
  })
  return {
    timers,
    listeners: () => [...listeners].filter(([, n]) => n !== 0),
    restore() {
      Object.assign(globalThis, real)
      restores.forEach((restore) => restore())
    },
  }
}

/** A client whose subscriptions are counted. */
function countedClient(client: ChatClient) {
  let live = 0
  const counted =
    <A extends unknown[]>(fn: (...args: A) => () => unknown) =>
    (...args: A) => {
      live += 1
      const off = fn(...args)
      return () => {
        live -= 1
        off()
      }
    }
  return {
    client: {
      ...client,
      subscribe: counted(client.subscribe),
      onEvent: counted(client.onEvent),
      watch: counted(client.watch),
    } as ChatClient,
    live: () => live,
  }
}

describe('1,000 mount/unmount cycles', () => {
  it('leave no socket, listener or timer behind', async () => {
    const b = await backend.start({
      room: { title: 'Room', participants: ['user-alice', 'user-bob'] },
    })
    b.seed('room', 40)
    // The same REST handlers, answered without MSW's interception pipeline (2,000 renders' worth
    // of requests through it would take most of this test's time).
    const fetch = async (input: RequestInfo | URL) =>
      (await getResponse(b.handlers, new Request(input)))!
    const protocol = createNativeProtocol({ apiUrl: API_URL, fetch })
    const options = chatOptions(b, 'alice', { protocol })
    const { getToken } = options
    const shared = countedClient(createChatClient(chatOptions(b, 'bob', { protocol })))
    const App = ({ children }: { children: ReactNode }) => {
      const [search] = useState('')
      useConversations({ search })
      usePresence('user-bob')
      useUpload({ maxBytes: 10 })
      return <>{children}</>
    }
    const meter = leakMeter()
    try {
      for (let i = 0; i < 1_000; i++) {
        const view = render(
          <StrictMode>
            <ChatProvider options={options}>
              <App>
                <HeadlessChat conversationId="room" />
              </App>
            </ChatProvider>
            <ChatProvider client={shared.client} protocol={protocol} getToken={getToken}>
              <HeadlessChat conversationId="room" />
            </ChatProvider>
          </StrictMode>,
        )
        // Every 100th cycle lives long enough to connect, load history and type.
        if (i % 100 === 0) {
          await view.findAllByText('open', {}, { timeout: 3_000 })
          await until(() => view.queryAllByRole('listitem').length === 60, 3_000, 'history')
          act(() => {
            const input = view.getAllByRole('textbox')[0] as HTMLInputElement
            input.value = 'x'
          })
        }
        view.unmount()
        await Promise.resolve()
      }
      await until(
        () => liveSockets.size === 0 && b.server.sockets.size === 0,
        5_000,
        'sockets closed',
      )
      await until(
        () => meter.timers.size === 0,
        3_000,
        `timers cleared (${meter.timers.size} left)`,
      )
      expect(meter.listeners()).toEqual([])
      expect(shared.live()).toBe(0)
      expect(shared.client.getSnapshot().connection.status).toBe('closed')
    } finally {
      meter.restore()
    }
  }, 120_000)
})
