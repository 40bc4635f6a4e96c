import type { Message } from '@parley/core'
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { useEffect, useState } from 'react'
import { Virtuoso } from 'react-virtuoso'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { userEvent as browserEvent } from 'vitest/browser'
import type { MessageBubbleProps, MessageListProps } from '../src'
import { ComponentsProvider, MessageBubble, MessageList } from '../src'
import { ada, ben, makeMessage, makeMessages, me, people, picture } from '../src/fixtures'
import '../src/styles.css'
import { mountList, type ListControls } from './list-harness'

// These tests drive the list the way an app does, with updates from timers and network callbacks
// outside React's act(): React schedules them as it would in production.
declare const globalThis: { IS_REACT_ACT_ENVIRONMENT?: boolean }
beforeAll(() => void (globalThis.IS_REACT_ACT_ENVIRONMENT = false))
afterAll(() => void (globalThis.IS_REACT_ACT_ENVIRONMENT = true))
afterEach(cleanup)

/** Messages whose text names them, so the test can find each one. */
const named = (messages: Message[]) =>
  messages.map((m) => ({ ...m, body: `#${m.id} ${m.body || 'a picture'}` }))

/** A MessageList in a 360×400 box whose messages and props the test changes from outside. */
const mount = (initial: Message[], props: Partial<MessageListProps> = {}) =>
  mountList(initial, props, { width: 360, height: 400 })

const distanceFromBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight

/** Waits until the list shows its last message at the very bottom and has stopped moving. */
async function atLatest(log: HTMLElement, lastText: RegExp | string) {
  await waitFor(() => {
    expect(screen.getByText(lastText)).toBeVisible()
    expect(distanceFromBottom(log)).toBeLessThan(1)
  })
  await settle(log)
}

/** Waits until the scroll position has not moved for five frames (wheel scrolling animates). */
async function settle(el: HTMLElement) {
  let still = 0
  let last = el.scrollTop
  while (still < 5) {
    await frames(1)
    still = el.scrollTop === last ? still + 1 : 0
    last = el.scrollTop
  }
}

const frames = (n: number) =>
  new Promise<void>((resolve) => {
    const step = () => (n-- <= 0 ? resolve() : requestAnimationFrame(step))
    step()
  })

/** The first message whose bubble is at least partly inside the log's viewport. */
function firstVisibleBubble(log: HTMLElement) {
  const top = log.getBoundingClientRect().top
  const bubbles = [...log.querySelectorAll<HTMLElement>('.parley-message__bubble')]
  return bubbles.find((b) => b.getBoundingClientRect().bottom > top + 1)!
}

/**
 * Appends `total` messages of mixed heights at 100 a second: every 10 ms timer tick adds as many as
 * the schedule asks for (more than one when a tick came late), so a busy machine gets bursts rather
 * than a slower stream. Returns the rate achieved.
 */
async function stream(set: ListControls['set'], total: number) {
  const started = performance.now()
  let sent = 0
  const message = (i: number) =>
    makeMessage(`s${i}`, {
      senderId: i % 3 ? 'ada' : 'ben',
      body: `#s${i} ${i % 5 === 0 ? 'a long message that wraps over several lines '.repeat(4) : 'hi'}`,
      ...(i % 13 === 0 && {
        kind: 'image' as const,
        attachments: [{ kind: 'image' as const, url: picture(400, 300), width: 400, height: 300 }],
      }),
    })
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const due = Math.min(
        total,
        Math.max(sent + 1, Math.floor((performance.now() - started) / 10)),
      )
      const batch: Message[] = []
      while (sent < due) batch.push(message(sent++))
      set((current) => [...current, ...batch])
      if (sent === total) {
        clearInterval(timer)
        done()
      }
    }, 10)
  })
  return Math.round(total / ((performance.now() - started) / 1000))
}

describe('MessageList scrolling', () => {
  it('opens at the latest message', async () => {
    const messages = named(makeMessages({ count: 200 }))
    const { log } = mount(messages)
    await waitFor(() => expect(screen.getByText(/^#m199 /)).toBeVisible())
    await atLatest(log, /^#m199 /)
    expect(screen.queryByRole('button', { name: /new message|latest/i })).toBeNull()
  })

  it('loads older messages on reaching the top, keeping the first visible message exactly in place, one page at a time', async () => {
    const onLoadOlder = vi.fn()
    const page1 = named(makeMessages({ count: 40, idPrefix: 'p1-', end: Date.now() - 60_000 }))
    const { controls, log } = mount(page1, { hasOlder: true, onLoadOlder })
    await atLatest(log, /^#p1-39 /)
    expect(onLoadOlder).not.toHaveBeenCalled()

    // The reader scrolls to the top with the wheel.
    await waitFor(async () => {
      await browserEvent.wheel(log, { delta: { y: -2000 } })
      expect(onLoadOlder).toHaveBeenCalledTimes(1)
    })
    controls.props({ isLoadingOlder: true })
    await waitFor(() => expect(log).toHaveTextContent('Loading earlier messages…'))
    // While the page loads, more scrolling at the top asks for nothing more.
    await browserEvent.wheel(log, { delta: { y: -500 }, times: 3 })
    await frames(30) // longer than react-virtuoso's 200 ms debounce of startReached
    expect(onLoadOlder).toHaveBeenCalledTimes(1)

    const anchor = firstVisibleBubble(log)
    const anchorText = anchor.textContent
    const before = anchor.getBoundingClientRect().top

    const oldest = page1[0]!.createdAt
    const page2 = named(makeMessages({ count: 30, idPrefix: 'p2-', end: oldest - 60_000 }))
    controls.set((current) => [...page2, ...current])
    controls.props({ isLoadingOlder: false })
    await waitFor(() => expect(log.querySelector('[data-item-index]')).toBeTruthy())
    await frames(10)

    // The same message, at the same pixel.
    const same = [...log.querySelectorAll('.parley-message__bubble')].find(
      (b) => b.textContent === anchorText,
    )!
    expect(same).toBeTruthy()
    // Scroll offsets are whole pixels here (devicePixelRatio 1) and rows are not: the message may
    // move by less than one device pixel, never more.
    expect(Math.abs(same.getBoundingClientRect().top - before)).toBeLessThan(1)
    // The new page is above, out of view, and was not asked for again.
    await frames(30)
    expect(onLoadOlder).toHaveBeenCalledTimes(1)
    expect(screen.getByText(/^#p2-29 /)).toBeTruthy()

    // Scrolling up into the new page's top asks for the next page.
    await waitFor(async () => {
      await browserEvent.wheel(log, { delta: { y: -3000 } })
      expect(onLoadOlder).toHaveBeenCalledTimes(2)
    })
  })

  it('asks for the older page while the reader is still screens away from the top', async () => {
    const onLoadOlder = vi.fn()
    const page1 = named(makeMessages({ count: 80, idPrefix: 'p1-', end: Date.now() - 60_000 }))
    const { controls, log } = mount(page1, { hasOlder: true, onLoadOlder })
    await atLatest(log, /^#p1-79 /)
    expect(onLoadOlder).not.toHaveBeenCalled()

    // Scrolling up a wheel notch at a time, as a reader does.
    let topWhenAsked = Infinity
    while (!onLoadOlder.mock.calls.length) {
      await browserEvent.wheel(log, { delta: { y: -100 } })
      await frames(2)
      topWhenAsked = log.scrollTop
    }
    expect(topWhenAsked).toBeGreaterThan(log.clientHeight)
    controls.props({ isLoadingOlder: true })
    await settle(log)
    const anchor = firstVisibleBubble(log)
    const before = anchor.getBoundingClientRect().top
    const scrolled = log.scrollTop
    const page2 = named(
      makeMessages({ count: 30, idPrefix: 'p2-', end: page1[0]!.createdAt - 60_000 }),
    )
    controls.set((current) => [...page2, ...current])
    controls.props({ isLoadingOlder: false })
    // The page went in above, out of sight (not rendered yet): the scroll offset grew by its height.
    await waitFor(() => expect(log.scrollTop).toBeGreaterThan(scrolled + 500))
    await frames(10)
    // Loaded out of sight: what the reader reads has not moved.
    expect(Math.abs(anchor.getBoundingClientRect().top - before)).toBeLessThan(1)
    expect(onLoadOlder).toHaveBeenCalledTimes(1)
  })

  it("stops following after any scroll away from the bottom, not only a gesture: a page prepended after an app's scrollTo stays put", async () => {
    const onLoadOlder = vi.fn()
    const page1 = named(makeMessages({ count: 40, idPrefix: 'p1-', end: Date.now() - 60_000 }))
    const onAtBottomChange = vi.fn()
    const { controls, log } = mount(page1, { hasOlder: true, onLoadOlder, onAtBottomChange })
    await atLatest(log, /^#p1-39 /)

    // An app's scrollTo, find-in-page or assistive technology: no wheel, touch, key or pointer.
    log.scrollTo({ top: 0 })
    await waitFor(() => expect(onLoadOlder).toHaveBeenCalledTimes(1))
    expect(onAtBottomChange).toHaveBeenLastCalledWith(false)
    await settle(log)
    const anchor = firstVisibleBubble(log)
    const anchorText = anchor.textContent
    const before = anchor.getBoundingClientRect().top

    const page2 = named(
      makeMessages({ count: 30, idPrefix: 'p2-', end: page1[0]!.createdAt - 60_000 }),
    )
    controls.set((current) => [...page2, ...current])
    await waitFor(() => expect(screen.getByText(/^#p2-29 /)).toBeTruthy())
    await frames(20)
    await settle(log)
    // Where the reader was, not thrown to the bottom: the same message at the same pixel.
    const same = [...log.querySelectorAll('.parley-message__bubble')].find(
      (b) => b.textContent === anchorText,
    )!
    expect(Math.abs(same.getBoundingClientRect().top - before)).toBeLessThan(1)
    expect(distanceFromBottom(log)).toBeGreaterThan(1000)

    // A new message meanwhile is counted, not scrolled to.
    controls.set((current) => [...current, makeMessage('late', { senderId: 'ada', body: '#late' })])
    expect(await screen.findByRole('button', { name: '1 new message' })).toBeVisible()
    expect(Math.abs(same.getBoundingClientRect().top - before)).toBeLessThan(1)
  })

  it('follows a stream of 100 messages a second while the reader is at the bottom', async () => {
    const onAtBottomChange = vi.fn()
    const initial = named(makeMessages({ count: 50 }))
    const { controls, log } = mount(initial, { onAtBottomChange })
    await atLatest(log, /^#m49 /)

    // 300 messages, one every 10 ms, of mixed heights: one-liners, long paragraphs and pictures.
    let jumpButtonSeen = false
    let maxLag = 0
    const observer = new MutationObserver(() => {
      if (document.querySelector('.parley-jump')) jumpButtonSeen = true
    })
    observer.observe(log.parentElement!, { childList: true, subtree: true })
    // What the reader sees: how far from the bottom each painted frame is.
    let sampling = true
    const sample = () => {
      maxLag = Math.max(maxLag, distanceFromBottom(log))
      if (sampling) requestAnimationFrame(sample)
    }
    requestAnimationFrame(sample)
    const rate = await stream(controls.set, 300)
    sampling = false
    observer.disconnect()
    console.info(`followed ${rate} messages/s; at most ${maxLag}px from the bottom in a frame`)

    // It never let go of the bottom…
    expect(jumpButtonSeen).toBe(false)
    expect(onAtBottomChange).not.toHaveBeenCalledWith(false)
    // …and settles on the very last message.
    await waitFor(() => {
      expect(distanceFromBottom(log)).toBeLessThan(1)
      expect(screen.getByText(/^#s299 /)).toBeVisible()
    })
  })

  // The control experiment: the same stream with react-virtuoso's own followOutput="auto" and the
  // same rows. If this ever starts passing, MessageList's own following may be retired.
  it('baseline: react-virtuoso\'s followOutput="auto" alone loses such a stream', async () => {
    const controls = {} as ListControls
    function Plain() {
      const [messages, setMessages] = useState(() => makeMessages({ count: 50 }))
      useEffect(() => void (controls.set = setMessages), [])
      return (
        <Virtuoso
          style={{ width: 360, height: 400 }}
          data={messages}
          followOutput="auto"
          initialTopMostItemIndex={messages.length - 1}
          itemContent={(_, m) => (
            <div className="parley-row">
              <MessageBubble message={m} />
            </div>
          )}
        />
      )
    }
    const { container } = render(<Plain />)
    const scroller = container.querySelector<HTMLElement>('[data-virtuoso-scroller]')!
    await settle(scroller)
    await stream(controls.set, 300)
    await frames(30)
    expect(distanceFromBottom(scroller)).toBeGreaterThan(1000)
  })

  it('stops following when the reader scrolls up, counts new messages and jumps down on request', async () => {
    const onAtBottomChange = vi.fn()
    const initial = named(makeMessages({ count: 120 }))
    const { controls, log } = mount(initial, { onAtBottomChange })
    await atLatest(log, /^#m119 /)

    await browserEvent.wheel(log, { delta: { y: -600 } })
    await waitFor(() => expect(onAtBottomChange).toHaveBeenLastCalledWith(false))
    const jump = await screen.findByRole('button', { name: 'Jump to latest' })
    await settle(log)
    const reading = firstVisibleBubble(log)
    const top = reading.getBoundingClientRect().top

    controls.set((current) => [
      ...current,
      makeMessage('n1', { senderId: 'ada', body: '#n1' }),
      makeMessage('n2', { senderId: 'ben', body: '#n2' }),
      makeMessage('n3', { senderId: 'ada', body: '#n3' }),
    ])
    await waitFor(() => expect(jump).toHaveAccessibleName('3 new messages'))
    await frames(10)
    // Not followed: what the reader is reading has not moved.
    expect(reading.getBoundingClientRect().top).toBe(top)
    expect(firstVisibleBubble(log)).toBe(reading)

    await userEvent.click(jump)
    await waitFor(() => {
      expect(distanceFromBottom(log)).toBeLessThan(1)
      expect(screen.getByText('#n3')).toBeVisible()
    })
    expect(screen.queryByRole('button', { name: /new message|latest/i })).toBeNull()
    expect(document.activeElement).toBe(log) // focus does not fall to <body> with the button
    expect(onAtBottomChange).toHaveBeenLastCalledWith(true)

    // Following again: the next message from someone else scrolls into view.
    controls.set((current) => [...current, makeMessage('n4', { senderId: 'ada', body: '#n4' })])
    await waitFor(() => expect(screen.getByText('#n4')).toBeVisible())
  })

  it('around a failed send: the reader at the bottom sees each new message, the reader above gets the pill', async () => {
    const initial = named(makeMessages({ count: 60 }))
    const failed = makeMessage('f1', {
      senderId: 'me',
      status: 'failed',
      body: '#failed ' + 'x'.repeat(300),
      createdAt: Date.now() - 1000,
    })
    const { controls, log } = mount([...initial, failed])
    await atLatest(log, /^#failed /)
    const ada = (id: string) => makeMessage(id, { senderId: 'ada', body: `#${id}` })

    // In time order, after the failed one: in view at once.
    controls.set((current) => [...current, ada('a1')])
    await waitFor(() => expect(screen.getByText('#a1')).toBeVisible())
    await atLatest(log, '#a1')
    // A timeline that still places it above the failed one: in view as well.
    controls.set((current) => [...current.slice(0, -2), ada('a2'), ...current.slice(-2)])
    await waitFor(() => expect(screen.getByText('#a2')).toBeVisible())

    // Scrolled up: counted, wherever the timeline puts it.
    await browserEvent.wheel(log, { delta: { y: -800 } })
    const jump = await screen.findByRole('button', { name: 'Jump to latest' })
    controls.set((current) => [...current.slice(0, -1), ada('a3'), ...current.slice(-1)])
    await waitFor(() => expect(jump).toHaveAccessibleName('1 new message'))
    controls.set((current) => [...current, ada('a4')])
    await waitFor(() => expect(jump).toHaveAccessibleName('2 new messages'))
    // An older page above is not news.
    controls.set((current) => [ada('old'), ...current])
    await frames(5)
    expect(jump).toHaveAccessibleName('2 new messages')
  })

  it('jumps to the bottom when the reader sends a message while scrolled up', async () => {
    const initial = named(makeMessages({ count: 120 }))
    const { controls, log } = mount(initial)
    await atLatest(log, /^#m119 /)
    await browserEvent.wheel(log, { delta: { y: -800 } })
    await screen.findByRole('button', { name: 'Jump to latest' })
    controls.set((current) => [
      ...current,
      makeMessage('mine', { senderId: 'me', status: 'sending', body: '#mine' }),
    ])
    await waitFor(() => {
      expect(screen.getByText('#mine')).toBeVisible()
      expect(distanceFromBottom(log)).toBeLessThan(1)
    })
  })

  it('keeps a keyboard user who scrolls up with Page Up where they are', async () => {
    const initial = named(makeMessages({ count: 120 }))
    const { controls, log } = mount(initial)
    await atLatest(log, /^#m119 /)
    log.focus()
    await browserEvent.keyboard('{PageUp}') // a real key press: the browser scrolls natively
    await screen.findByRole('button', { name: 'Jump to latest' })
    await settle(log)
    const reading = firstVisibleBubble(log)
    const top = reading.getBoundingClientRect().top
    controls.set((current) => [...current, makeMessage('k1', { senderId: 'ada', body: '#k1' })])
    await screen.findByRole('button', { name: '1 new message' })
    await frames(5)
    expect(reading.getBoundingClientRect().top).toBe(top)
  })
})

describe('MessageList reply quotes', () => {
  /** The row of the message whose text starts with `#id ` (not a quote of it). */
  const rowOf = (log: HTMLElement, id: string) =>
    [...log.querySelectorAll<HTMLElement>('.parley-row')].find((row) =>
      row.querySelector('.parley-text')?.textContent?.startsWith(`#${id} `),
    )
  /** 120 messages, then one from Ada replying to the 11th. */
  const withReply = () => {
    const initial = named(makeMessages({ count: 120 }))
    const reply = makeMessage('reply', {
      senderId: 'ada',
      body: '#reply yes, that',
      replyTo: 'm10',
    })
    return mount([...initial, reply])
  }

  it('a click on a quote shows the quoted message: in view, focused, and the list stops following', async () => {
    const { controls, log } = withReply()
    await atLatest(log, /^#reply /)
    expect(rowOf(log, 'm10')).toBeUndefined() // virtualised: far above, not rendered

    await userEvent.click(screen.getByRole('button', { name: /#m10 / }))
    await waitFor(() => {
      const row = rowOf(log, 'm10')!
      expect(row).toHaveFocus()
      const box = row.getBoundingClientRect()
      const view = log.getBoundingClientRect()
      expect(box.top).toBeGreaterThanOrEqual(view.top)
      expect(box.bottom).toBeLessThanOrEqual(view.bottom)
    })
    await screen.findByRole('button', { name: 'Jump to latest' })
    await settle(log)
    // The reader stays with the quoted message while others write.
    const reading = rowOf(log, 'm10')!.getBoundingClientRect().top
    controls.set((current) => [...current, makeMessage('n1', { senderId: 'ben', body: '#n1' })])
    await screen.findByRole('button', { name: '1 new message' })
    await frames(5)
    expect(rowOf(log, 'm10')!.getBoundingClientRect().top).toBe(reading)
  })

  it('works from the keyboard, and a quote of a message not loaded is no button', async () => {
    const { log } = withReply()
    await atLatest(log, /^#reply /)
    screen.getByRole('button', { name: /#m10 / }).focus()
    await userEvent.keyboard('{Enter}')
    await waitFor(() => expect(rowOf(log, 'm10')).toHaveFocus())

    cleanup()
    const orphan = makeMessage('orphan', { body: '#orphan', replyTo: 'not-loaded' })
    mount([orphan])
    await waitFor(() => expect(screen.getByText('Original message not loaded')).toBeVisible())
    expect(screen.queryByRole('button', { name: /Original message/ })).toBeNull()
  })
})

describe('MessageList rendering', () => {
  it('re-renders only the rows whose message changed', async () => {
    const renders = new Map<string, number>()
    function CountingBubble(props: MessageBubbleProps) {
      renders.set(props.message.id, (renders.get(props.message.id) ?? 0) + 1)
      return <MessageBubble {...props} />
    }
    const components = { MessageBubble: CountingBubble }
    const initial = makeMessages({ count: 30, senders: [ada], imageEvery: 0 })
    const controls = {} as { set: (fn: (m: Message[]) => Message[]) => void }
    function Harness() {
      const [messages, setMessages] = useState(initial)
      useEffect(() => void (controls.set = setMessages), [])
      return (
        <ComponentsProvider components={components}>
          <div style={{ width: 360, height: 400, display: 'flex' }}>
            <MessageList
              messages={messages}
              currentUserId="me"
              participants={people}
              onRetry={() => {}} // a new function every render must not re-render rows either
            />
          </div>
        </ComponentsProvider>
      )
    }
    render(<Harness />)
    await waitFor(() => expect(renders.get('m29')).toBeGreaterThan(0))
    await frames(10)

    // One more message in the same run of messages: only its row renders.
    renders.clear()
    const last = initial[initial.length - 1]!
    controls.set((current) => [
      ...current,
      makeMessage('new', { senderId: 'ada', createdAt: last.createdAt + 1000 }),
    ])
    await waitFor(() => expect(renders.get('new')).toBeGreaterThan(0))
    await frames(10)
    expect([...renders.keys()]).toEqual(['new'])

    // One message changes (an edit arrives): only its row renders.
    renders.clear()
    controls.set((current) =>
      current.map((m) =>
        m.id === 'm28' ? { ...m, body: 'changed text', editedAt: Date.now() } : m,
      ),
    )
    await waitFor(() => expect(screen.getByText('changed text')).toBeTruthy())
    await frames(10)
    expect([...renders.keys()]).toEqual(['m28'])
  })

  it('shows date separators, the unread divider and sender names in groups', async () => {
    const day = 86_400_000
    const today = new Date().setHours(12, 0, 0, 0)
    const messages: Message[] = [
      makeMessage('a', { senderId: 'ada', createdAt: today - 2 * day, body: 'two days ago' }),
      makeMessage('b', { senderId: 'ada', createdAt: today - day, body: 'yesterday 1' }),
      makeMessage('c', { senderId: 'ada', createdAt: today - day + 60_000, body: 'yesterday 2' }),
      makeMessage('d', { senderId: 'ben', createdAt: today - day + 120_000, body: 'ben joins' }),
      makeMessage('e', { senderId: 'me', createdAt: today, body: 'today, mine' }),
      makeMessage('f', { senderId: 'ada', createdAt: today + 60_000, body: 'unread one' }),
    ]
    const { log } = mount(messages, { showSenderNames: true, firstUnreadId: 'f' })
    await waitFor(() => expect(screen.getByText('unread one')).toBeVisible())
    const text = log.textContent!
    const order = ['Yesterday', 'yesterday 1', 'yesterday 2', 'Ben Carter', 'ben joins', 'Today']
    const positions = order.map((s) => text.indexOf(s))
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect(screen.getByText('Unread messages')).toBeVisible()
    // One name per run: "Ada Lovelace" is shown above the first of her two messages of yesterday only.
    expect(log.querySelectorAll('.parley-row__name')).toHaveLength(4) // Ada, Ada (new day), Ben, Ada
    expect(text.indexOf('Unread messages')).toBeLessThan(text.indexOf('unread one'))
  })

  it('announces new messages from others through a polite live region, a burst as a count', async () => {
    const initial = makeMessages({ count: 10 })
    const { controls } = mount(initial)
    const region = document.querySelector('.parley-list > [aria-live="polite"]')!
    expect(region.textContent).toBe('')
    controls.set((m) => [...m, makeMessage('x1', { senderId: 'ada', body: 'Are you there?' })])
    await waitFor(() => expect(region.textContent).toBe('Ada Lovelace: Are you there?'))
    controls.set((m) => [...m, makeMessage('x2', { senderId: 'me', body: 'mine' })])
    controls.set((m) => [
      ...m,
      ...[1, 2, 3].map((i) => makeMessage(`y${i}`, { senderId: 'ben', body: `b${i}` })),
    ])
    await waitFor(() => expect(region.textContent).toBe('3 new messages'))
  })

  it('shows a skeleton while loading and an empty state without messages', async () => {
    const { controls } = mount([], { isLoading: true })
    expect(screen.getByRole('log', { name: 'Messages' })).toHaveAttribute('aria-busy', 'true')
    expect(screen.getByText('Loading messages…')).toBeTruthy()
    controls.props({ isLoading: false })
    expect(await screen.findByText('No messages yet. Say hello!')).toBeVisible()
  })

  it('has no axe violations, light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      const messages = makeMessages({ count: 40, senders: [me, ada, ben] })
      messages.push(makeMessage('f', { senderId: 'me', status: 'failed', body: 'failed one' }))
      const { container } = render(
        <div data-parley-theme={theme} style={{ width: 400, height: 500, display: 'flex' }}>
          <MessageList
            messages={messages}
            currentUserId="me"
            participants={people}
            showSenderNames
            firstUnreadId={messages[35]!.id}
            hasOlder
            onRetry={() => {}}
            onReply={() => {}}
          />
        </div>,
      )
      await waitFor(() => expect(screen.getByText('failed one')).toBeVisible())
      const { violations } = await axe.run(container)
      expect(
        violations.map(
          (v) => `${theme} ${v.id}: ${v.nodes[0]?.html} ${v.nodes[0]?.any[0]?.message}`,
        ),
      ).toEqual([])
      cleanup()
    }
  })
})
