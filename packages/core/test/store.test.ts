import { afterEach, describe, expect, it, vi } from 'vitest'
import { devtools } from 'zustand/middleware'
import { createStore, type Message } from '../src'
import { latestPage } from '../src/trim'
import { FakeSocket } from './fakes'
import { fakeSocketClient, storedMessage, waitFor } from './helpers'

// The client's store is a zustand vanilla store: the `Store` contract every package reads, the
// zustand API for slices and middleware, devtools naming each change by its event.

afterEach(() => {
  vi.unstubAllGlobals()
})

const client = fakeSocketClient
const message = (n: number, status: Message['status'] = 'sent') => storedMessage(n, { status })

describe('the zustand store', () => {
  it('is the store the contract reads: same state, and slices with the previous state', async () => {
    const c = client()
    expect(c.store.getState()).toBe(c.getSnapshot())
    const slices: [number, number][] = []
    c.store.subscribe((state, previous) => {
      const now = state.timelines.c1?.length ?? 0
      const before = previous.timelines.c1?.length ?? 0
      if (now !== before) slices.push([before, now])
    })
    c.merge([message(1), message(2)])
    await waitFor(() => slices.length === 1)
    expect(slices).toEqual([[0, 2]])
    expect(c.store.getState()).toBe(c.getSnapshot())
  })

  it('createStore keeps its contract: a listener unsubscribing another mid-notification does not skip it', () => {
    const store = createStore(0)
    const calls: string[] = []
    let offB = () => {}
    store.subscribe(() => {
      calls.push('a')
      offB()
    })
    offB = store.subscribe(() => calls.push('b'))
    store.setState(1)
    store.setState(1) // the same state notifies nobody
    store.setState(2)
    expect(calls).toEqual(['a', 'b', 'a'])
  })

  it('devtools middleware names each change by its event', async () => {
    const sent: string[] = []
    const connection = {
      init: () => {},
      send: (action: { type: string } | string) =>
        sent.push(typeof action === 'string' ? action : action.type),
      subscribe: () => () => {},
    }
    vi.stubGlobal('window', { __REDUX_DEVTOOLS_EXTENSION__: { connect: () => connection } })
    const c = client({
      storeMiddleware: (init) => devtools(init, { name: 'Parley', enabled: true }),
    })
    const before = FakeSocket.instances.length
    c.connect()
    await waitFor(() => FakeSocket.instances.length > before)
    FakeSocket.last().open()
    FakeSocket.last().welcome()
    c.merge([message(1)])
    await waitFor(() => sent.some((name) => name.startsWith('events')))
    FakeSocket.last().receive(
      JSON.stringify({ type: 'typing', conversationId: 'c1', userId: 'u2', isTyping: true }),
    )
    await waitFor(() => sent.includes('events: typing'))
    expect(sent).toContain('connection/connecting')
    expect(sent).toContain('connection/open')
    expect(sent.some((name) => /^events: .*history/.test(name))).toBe(true)
  })
})

describe('memory in long sessions', () => {
  it('latestPage keeps the newest page and any older pending send', () => {
    const list = [message(1, 'failed'), ...Array.from({ length: 99 }, (_, i) => message(i + 2))]
    const trimmed = latestPage(list, 50)
    expect(trimmed).toHaveLength(51)
    expect(trimmed[0]?.status).toBe('failed')
    expect(trimmed.at(-1)?.id).toBe('m100')
    expect(latestPage(trimmed.slice(0, 10), 50)).toHaveLength(10)
  })

  it('a conversation no longer watched is trimmed to its newest page after a while; watching again cancels it', async () => {
    const c = client({ trimUnwatchedAfterMs: 40 })
    c.merge(Array.from({ length: 300 }, (_, i) => message(i + 1)))
    const length = () => c.getSnapshot().timelines.c1?.length ?? 0
    await waitFor(() => length() === 300)
    const stop = c.watch('c1')
    stop()
    c.watch('c1') // back before the timer: nothing is trimmed
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(length()).toBe(300)
    c.close()

    const d = client({ trimUnwatchedAfterMs: 40 })
    d.merge(Array.from({ length: 300 }, (_, i) => message(i + 1)))
    await waitFor(() => (d.getSnapshot().timelines.c1?.length ?? 0) === 300)
    d.watch('c1')()
    await waitFor(() => d.getSnapshot().timelines.c1?.length === 50, 2_000, 'trimmed')
    expect(d.getSnapshot().timelines.c1?.at(-1)?.id).toBe('m300')
  })
})
