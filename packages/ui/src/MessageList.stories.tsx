import type { Message } from '@parley/core'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { compact, frame, rtl } from './demo'
import { ada, ben, chen, makeMessage, makeMessages, me, people } from './fixtures'
import type { MessageListProps } from './MessageList'
import { MessageList } from './MessageList'
import { staticTwin } from './storybook/staticTwin'

const timeline = makeMessages({ count: 200, senders: [me, ada, ben, chen] })

/** A list whose messages change: buttons add messages or a stream of 100 a second. */
function Live(props: Partial<MessageListProps> & { initial?: Message[]; pages?: number }) {
  // `messages` from the story's args is only the starting point here.
  const { initial = timeline, pages = 0, messages: _initial, ...rest } = props
  const [messages, setMessages] = useState(initial)
  const [older, setOlder] = useState(pages)
  const [loading, setLoading] = useState(false)
  const add = (count: number, everyMs: number) => {
    let sent = 0
    const timer = setInterval(() => {
      const i = sent++
      setMessages((list) => [
        ...list,
        makeMessage(`add-${list.length}`, {
          senderId: i % 2 ? 'ada' : 'ben',
          body: i % 4 ? `New message ${i + 1}` : `A longer one, number ${i + 1}, `.repeat(5),
        }),
      ])
      if (sent === count) clearInterval(timer)
    }, everyMs)
  }
  return (
    <>
      <div style={{ display: 'flex', gap: 8, paddingBlockEnd: 8 }}>
        <button type="button" onClick={() => add(3, 1)}>
          Add 3 messages
        </button>
        <button type="button" onClick={() => add(300, 10)}>
          Stream 300 messages
        </button>
        <output>{messages.length - initial.length} added</output>
      </div>
      <MessageList
        messages={messages}
        currentUserId="me"
        participants={people}
        showSenderNames
        hasOlder={older > 0}
        isLoadingOlder={loading}
        onLoadOlder={() => {
          setLoading(true)
          setTimeout(() => {
            setMessages((list) => [
              ...makeMessages({
                count: 25,
                senders: [ada, ben],
                idPrefix: `older${older}-`,
                end: list[0]!.createdAt - 60_000,
              }),
              ...list,
            ])
            setOlder((n) => n - 1)
            setLoading(false)
          }, 600)
        }}
        {...rest}
      />
    </>
  )
}

const meta = {
  title: 'Components/MessageList',
  component: MessageList,
  args: {
    messages: timeline,
    currentUserId: 'me',
    participants: people,
    showSenderNames: true,
    onRetry: fn(),
    onReply: fn(),
    onEdit: fn(),
    onDelete: fn(),
  },
  decorators: [frame(420, 480)],
} satisfies Meta<typeof MessageList>

export default meta
type Story = StoryObj<typeof meta>

const log = (canvasElement: HTMLElement) =>
  within(canvasElement).getByRole('log', { name: 'Messages' })
const atBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight < 1
/** Waits until react-virtuoso has placed the list (it hides rows until then) at the latest message. */
const settled = (el: HTMLElement) =>
  waitFor(() => {
    const rows = el.querySelector('[data-testid="virtuoso-item-list"]')
    expect(rows && getComputedStyle(rows).visibility).toBe('visible')
    expect(el.querySelector('.parley-message')).toBeTruthy()
    expect(atBottom(el)).toBe(true)
  })
/** What a user's scroll looks like to the list: a wheel gesture, then the scroll it causes. */
const scrollUpBy = (el: HTMLElement, px: number) => {
  el.dispatchEvent(new WheelEvent('wheel', { deltaY: -px, bubbles: true }))
  el.scrollTop -= px
}

export const Group: Story = {
  play: async ({ canvasElement }) => {
    const list = log(canvasElement)
    await settled(list)
    await expect(list.querySelectorAll('.parley-row__name').length).toBeGreaterThan(0)
  },
}

/** A sender's consecutive messages form a run: joined corners, the name once above it. */
export const Runs: Story = {
  args: {
    showSenderNames: true,
    messages: [
      ['ada', 'Are we still on for Tuesday?'],
      ['ada', 'I can bring the cones'],
      ['ada', 'and the stopwatch'],
      ['me', 'Yes! 6pm at the track'],
      ['me', 'Thanks for the cones'],
      ['ben', 'Count me in'],
      ['ben', '🏃🏽‍♀️🏃'],
    ].map(([senderId = '', body = ''], i) =>
      makeMessage(`r${i}`, {
        senderId,
        body,
        createdAt: Date.now() - (10 - i) * 30_000,
        ...(senderId === 'me' && { status: 'read' as const }),
      }),
    ),
  },
  play: async ({ canvasElement }) => {
    const list = log(canvasElement)
    await settled(list)
    await expect(
      [...list.querySelectorAll('.parley-row__name')].map((name) => name.textContent),
    ).toEqual(['Ada Lovelace', 'Ben Carter'])
    await expect(list.querySelectorAll('.parley-message:not([data-group-start])')).toHaveLength(4)
  },
}

export const TenThousandMessages: Story = {
  args: { messages: makeMessages({ count: 10_000, senders: [me, ada, ben] }) },
  play: async ({ canvasElement }) => {
    const list = log(canvasElement)
    await settled(list)
    // Virtualised: a screenful of rows in the document, not ten thousand.
    await expect(list.querySelectorAll('.parley-message').length).toBeLessThan(60)
  },
}

export const Empty: Story = {
  args: { messages: [] },
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByText('No messages yet. Say hello!'),
    ).toBeVisible()
  },
}

export const Loading: Story = {
  args: { messages: [], isLoading: true },
  play: async ({ canvasElement }) => {
    await expect(log(canvasElement)).toHaveAttribute('aria-busy', 'true')
  },
}

export const UnreadDivider: Story = {
  args: { firstUnreadId: timeline[195]!.id },
  play: async ({ canvasElement }) => {
    await settled(log(canvasElement))
    await expect(await within(canvasElement).findByText('Unread messages')).toBeVisible()
  },
}

export const LoadingOlder: Story = {
  args: { hasOlder: true, isLoadingOlder: true, messages: timeline.slice(-6) },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('Loading earlier messages…')).toBeVisible()
  },
}

export const LoadOlderOnScrollUp: Story = {
  render: (args) => <Live {...args} initial={timeline.slice(-40)} pages={3} />,
  play: async ({ canvasElement }) => {
    const list = log(canvasElement)
    await settled(list)
    scrollUpBy(list, list.scrollTop)
    await expect(await within(canvasElement).findByText('Loading earlier messages…')).toBeVisible()
    const anchor = [...list.querySelectorAll('.parley-message__bubble')].find(
      (b) => b.getBoundingClientRect().bottom > list.getBoundingClientRect().top,
    )!
    const top = anchor.getBoundingClientRect().top
    await waitFor(() => expect(list).not.toHaveTextContent('Loading earlier messages…'), {
      timeout: 3000,
    })
    await waitFor(() => expect(Math.abs(anchor.getBoundingClientRect().top - top)).toBeLessThan(1))
  },
}

export const LoadOlderOnScrollUpStart = staticTwin(LoadOlderOnScrollUp)

/** A reply's quote is a button: it scrolls to the quoted message, highlights and focuses it. */
export const ReplyQuote: Story = {
  args: {
    messages: [
      ...timeline.slice(0, 100),
      makeMessage('question', {
        senderId: 'ben',
        body: 'Who brings the kettlebells on Saturday?',
        createdAt: timeline[99]!.createdAt + 1,
      }),
      ...timeline.slice(100),
      makeMessage('reply', {
        senderId: 'ada',
        body: 'I will!',
        replyTo: 'question',
        createdAt: timeline.at(-1)!.createdAt + 60_000,
      }),
    ],
  },
  play: async ({ canvasElement }) => {
    const list = log(canvasElement)
    await settled(list)
    await userEvent.click(within(list).getByRole('button', { name: /kettlebells/ }))
    const row = await waitFor(() => {
      expect(document.activeElement).toHaveClass('parley-row')
      return document.activeElement!
    })
    await expect(row).toHaveTextContent('Who brings the kettlebells on Saturday?')
    await expect(row).toHaveAttribute('data-flash')
  },
}

export const ReplyQuoteStart = staticTwin(ReplyQuote)

/** The first page of history failed: said where the list begins, with Retry. */
export const LoadError: Story = {
  args: {
    messages: [],
    loadError: 'Earlier messages could not be loaded',
    onLoadOlder: fn(),
  },
  play: async ({ canvasElement, args }) => {
    const list = log(canvasElement)
    await expect(await within(list).findByRole('alert')).toHaveTextContent(args.loadError!)
    await userEvent.click(within(list).getByRole('button', { name: 'Retry' }))
    await expect(args.onLoadOlder).toHaveBeenCalledOnce()
  },
}

export const LoadErrorStart = staticTwin(LoadError)

export const FollowsAStream: Story = {
  render: (args) => <Live {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const list = log(canvasElement)
    await settled(list)
    await userEvent.click(canvas.getByRole('button', { name: 'Stream 300 messages' }))
    // waitFor checks on every DOM change: a cheap check while the stream runs (a whole-page text
    // query there doubled the stream's own time), the real one once it is over.
    const added = canvas.getByRole('status')
    await waitFor(() => expect(added).toHaveTextContent('300 added'), { timeout: 25_000 })
    await waitFor(() => {
      expect(canvas.getByText('New message 300')).toBeVisible()
      expect(atBottom(list)).toBe(true)
    })
    await expect(canvas.queryByRole('button', { name: /new message|latest/ })).toBeNull()
  },
}

export const FollowsAStreamStart = staticTwin(FollowsAStream)

export const JumpToLatest: Story = {
  render: (args) => <Live {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const list = log(canvasElement)
    await settled(list)
    scrollUpBy(list, 800)
    await canvas.findByRole('button', { name: 'Jump to latest' })
    await userEvent.click(canvas.getByRole('button', { name: 'Add 3 messages' }))
    const jump = await canvas.findByRole('button', { name: '3 new messages' })
    await userEvent.click(jump)
    await settled(list)
    await expect(list).toHaveFocus()
  },
}

export const JumpToLatestStart = staticTwin(JumpToLatest)

export const FailedSend: Story = {
  args: {
    messages: [
      ...timeline.slice(-10),
      makeMessage('failed', { senderId: 'me', status: 'failed', body: 'This one did not go out' }),
    ],
  },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await userEvent.click(await canvas.findByRole('button', { name: 'Retry' }))
    await expect(args.onRetry).toHaveBeenCalledOnce()
  },
}

export const FailedSendStart = staticTwin(FailedSend)

export const Dark: Story = {
  globals: { parleyTheme: 'dark' },
  args: { firstUnreadId: timeline[196]!.id },
  play: async ({ canvasElement }) => {
    await settled(log(canvasElement))
    await expect(await within(canvasElement).findByText('Unread messages')).toBeVisible()
  },
}

export const RightToLeft: Story = {
  decorators: [rtl],
  args: {
    messages: [
      makeMessage('a', {
        senderId: 'ada',
        body: 'مرحبا! كيف حالك؟',
        createdAt: Date.now() - 120_000,
      }),
      makeMessage('b', {
        senderId: 'me',
        body: 'بخير، شكرا',
        createdAt: Date.now() - 60_000,
        status: 'read',
      }),
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await settled(log(canvasElement))
    const theirs = (await canvas.findByText('مرحبا! كيف حالك؟')).getBoundingClientRect()
    const mine = (await canvas.findByText('بخير، شكرا')).getBoundingClientRect()
    await expect(mine.left).toBeLessThan(theirs.left)
  },
}

export const Compact: Story = {
  decorators: [compact],
  play: async ({ canvasElement }) => {
    await settled(log(canvasElement))
  },
}
