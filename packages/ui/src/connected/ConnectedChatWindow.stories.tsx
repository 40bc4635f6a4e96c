import { ParleyError, type ChatClientOptions } from '@parley/core'
import type { MockBackend } from '@parley/mock-backend'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { loadMockBackend, MockChatProvider, mockConversation, pngFile } from '../backend'
import { frame, opened } from '../demo'
import type { ConnectedChatWindowProps } from './ConnectedChatWindow'
import { ConnectedChatWindow } from './ConnectedChatWindow'
import { staticTwin } from '../storybook/staticTwin'

interface Args extends Omit<ConnectedChatWindowProps, 'conversation'> {
  /** Who is signed in (a user of the backend's seed). */
  userId: string
  conversationId: string
  /** ChatClient options on top of MockChatProvider's (timeouts, backoff). */
  client?: Partial<ChatClientOptions>
  /** REST requests fail at once instead of after TanStack Query's three retries. */
  noRetry?: boolean
}

/**
 * One conversation on its own backend (the story's loader serves a fresh @parley/mock-backend),
 * signed in as a seed user. Errors given to `onError` are shown above the window as an alert.
 */
function Window({ backend, userId, conversationId, client, noRetry, ...props }: Args & Loaded) {
  const [conversation] = useState(() => mockConversation(backend, conversationId, userId))
  const [error, setError] = useState<string>()
  return (
    <MockChatProvider backend={backend} userId={userId} options={client} noRetry={noRetry}>
      {error && (
        <p role="alert" className="parley-story-error">
          {error}
        </p>
      )}
      <ConnectedChatWindow
        {...props}
        conversation={conversation}
        onError={(e) => setError(e instanceof ParleyError ? `${e.code}: ${e.message}` : String(e))}
      />
    </MockChatProvider>
  )
}

interface Loaded {
  backend: MockBackend
}

const meta = {
  title: 'Connected/ConnectedChatWindow',
  args: { userId: 'client-sam', conversationId: 'dm-maya-sam' },
  argTypes: { client: { control: false } },
  decorators: [frame(460, 620)],
  loaders: [loadMockBackend()],
  render: (args, { loaded }) => <Window {...args} {...(loaded as Loaded)} />,
} satisfies Meta<Args>

export default meta
type Story = StoryObj<typeof meta>

const backendOf = (loaded: unknown) => (loaded as Loaded).backend
const messageLog = (el: HTMLElement) => within(el).findByRole('log', { name: 'Messages' })
const atBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight < 2
/** Waits until react-virtuoso has placed the list (it hides rows until then) at the latest message. */
const settled = (log: HTMLElement) =>
  waitFor(() => {
    const rows = log.querySelector('[data-testid="virtuoso-item-list"]')
    expect(rows && getComputedStyle(rows).visibility).toBe('visible')
    expect(log.querySelector('.parley-message')).toBeTruthy()
    expect(atBottom(log)).toBe(true)
  })
/** What a user's scroll looks like to the list: a wheel gesture, then the scroll it causes. */
const scrollUpBy = (el: HTMLElement, px: number) => {
  el.dispatchEvent(new WheelEvent('wheel', { deltaY: -px, bubbles: true }))
  el.scrollTop -= px
}
const bubbleOf = (log: HTMLElement, text: string) =>
  within(log).getByText(text).closest<HTMLElement>('.parley-message')!
const isSent = (el: HTMLElement) =>
  expect(['sent', 'delivered', 'read']).toContain(el.getAttribute('data-status'))

/** Sam and Maya's conversation: a photo, a reply, a voice note; Sam sends, Maya's side stores it. */
export const Direct: Story = {
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement)
    const log = await opened(canvasElement)
    await expect(canvas.getByRole('heading', { name: 'Maya Okafor' })).toBeVisible()
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Connected'))
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Went well!{Enter}')
    await waitFor(() => isSent(bubbleOf(log, 'Went well!')))
    const stored = backendOf(loaded).model.history('trainer-maya', 'dm-maya-sam').messages
    await expect(stored.filter((m) => m.body === 'Went well!')).toHaveLength(1)
  },
}

export const DirectStart = staticTwin(Direct)

/** 12,000 messages: scrolling to the top loads the page before without moving what is on screen. */
export const TwelveThousandMessages: Story = {
  args: { userId: 'trainer-maya', conversationId: 'dm-maya-diego' },
  loaders: [loadMockBackend({ scenario: 'slow-history:400ms' })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const log = await opened(canvasElement, null)
    await settled(log)
    // Maya has two unread check-ins from Diego.
    await expect(canvas.getByText('Unread messages')).toBeVisible()
    scrollUpBy(log, log.scrollTop)
    await expect(await canvas.findByText('Loading earlier messages…')).toBeVisible()
    // The first message on screen, by its row's index (which prepending keeps), and where it is.
    const top = log.getBoundingClientRect().top
    const row = await waitFor(() => {
      const rows = [...log.querySelectorAll<HTMLElement>('[data-index]')]
      const first = rows.find((r) => {
        const rect = r.getBoundingClientRect()
        return rect.bottom > top && rect.top < top + log.clientHeight
      })
      expect(first).toBeDefined()
      return first!
    })
    const anchorTop = row.getBoundingClientRect().top
    const anchor = () => log.querySelector(`[data-index="${row.dataset['index']}"]`)!
    await waitFor(() => expect(log).not.toHaveTextContent('Loading earlier messages…'), {
      timeout: 3000,
    })
    await waitFor(() =>
      expect(Math.abs(anchor().getBoundingClientRect().top - anchorTop)).toBeLessThan(1),
    )
    // The older page is above, not instead of, what was on screen.
    await waitFor(() => expect(log.scrollTop).toBeGreaterThan(0))
    // Back down by keyboard.
    const jump = await canvas.findByRole('button', { name: 'Jump to latest' })
    jump.focus()
    await userEvent.keyboard('{Enter}')
    await settled(log)
    await expect(log).toHaveFocus()
  },
}

export const TwelveThousandMessagesStart = staticTwin(TwelveThousandMessages)

/** A group: sender names, a system message, an edited and a deleted message, two unread. */
export const Group: Story = {
  args: { conversationId: 'group-morning-run' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const log = await opened(canvasElement, null)
    await settled(log)
    await expect(canvas.getByRole('heading', { name: 'Morning Run Crew' })).toBeVisible()
    await expect(log.querySelectorAll('.parley-row__name').length).toBeGreaterThan(0)
    await expect(within(log).getByText('Unread messages')).toBeVisible()
  },
}

/**
 * The server goes down: the badge counts down to the next attempt, a message sent meanwhile waits
 * as "sending" and goes out once, when the connection is back.
 */
export const Outage: Story = {
  args: {
    // A fixed 3 s retry window, so the countdown is there to see.
    client: { backoff: { baseMs: 3000, factor: 1, capMs: 3000 }, random: () => 0.99 },
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement)
    const backend = backendOf(loaded)
    const log = await opened(canvasElement)
    const badge = canvas.getByRole('status')
    await waitFor(() => expect(badge).toHaveTextContent('Connected'))
    backend.controls.outage(2000)
    await waitFor(() => expect(badge).toHaveTextContent(/Reconnecting in [1-3]s/))
    await expect(badge).toHaveTextContent('Reconnecting, attempt 1')
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Sent while down{Enter}')
    await expect(bubbleOf(log, 'Sent while down')).toHaveAttribute('data-status', 'sending')
    await waitFor(() => expect(badge).toHaveTextContent('Connected'), { timeout: 8000 })
    await waitFor(() => isSent(bubbleOf(log, 'Sent while down')))
    const stored = backend.model.history('client-sam', 'dm-maya-sam').messages
    await expect(stored.filter((m) => m.body === 'Sent while down')).toHaveLength(1)
  },
}

export const OutageStart = staticTwin(Outage)

/** The server refuses the token: the badge says so and offers to reconnect. */
export const Unauthorized: Story = {
  args: { noRetry: true },
  loaders: [loadMockBackend({ scenario: 'refuse-auth' })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Sign-in expired'))
    await expect(canvas.getByRole('button', { name: 'Reconnect' })).toBeVisible()
  },
}

/** History pages take 3 s: a skeleton, then the messages. */
export const SlowHistory: Story = {
  loaders: [loadMockBackend({ scenario: 'slow-history:3s' })],
  play: async ({ canvasElement }) => {
    const log = await messageLog(canvasElement)
    await expect(log).toHaveAttribute('aria-busy', 'true')
    await expect(log).toHaveTextContent('Loading messages…')
    await opened(canvasElement)
  },
}

/**
 * Every history page fails with 503: the error reaches `onError`; live messages still arrive. Once
 * the server heals, Retry beside the error loads the history, under the live message, once.
 */
export const FailingHistory: Story = {
  args: { noRetry: true },
  loaders: [loadMockBackend({ scenario: 'fail-history' })],
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement)
    // The app's onError hears the typed error; the list says it where the history would be.
    await expect(await canvas.findByText(/^http-error:/)).toHaveAttribute('role', 'alert')
    const list = await messageLog(canvasElement)
    await expect(await within(list).findByRole('alert')).toHaveTextContent(
      'Earlier messages could not be loaded',
    )
    const backend = backendOf(loaded)
    await waitFor(() => expect(backend.controls.sessions()[0]?.joined).toContain('dm-maya-sam'))
    backend.model.send('trainer-maya', {
      conversationId: 'dm-maya-sam',
      clientId: 'live-1',
      body: 'Are you there?',
    })
    const log = await opened(canvasElement, 'Are you there?')
    await waitFor(() => expect(within(log).getByText('Are you there?')).toBeVisible())

    backend.controls.history()
    await userEvent.click(within(log).getByRole('button', { name: 'Retry' }))
    await opened(canvasElement, 'How did the practice go?')
    await expect(within(log).queryByRole('alert')).toBeNull()
    await expect(within(log).getAllByText('Are you there?')).toHaveLength(1)
  },
}

export const FailingHistoryStart = staticTwin(FailingHistory)

/**
 * Every frame to the server is lost, so the send is never acknowledged: after 1 s it waits for the
 * server (its fate unknown, no Retry); once the network heals it goes through, stored once.
 */
export const UnacknowledgedSend: Story = {
  args: { client: { ackTimeoutMs: 1000 } },
  loaders: [loadMockBackend({}, (backend) => backend.controls.frames({ toServer: { drop: 1 } }))],
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement)
    const backend = backendOf(loaded)
    const log = await opened(canvasElement)
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Lost in transit{Enter}')
    // No ack: its fate is unknown, so it waits (no Retry that could send it twice).
    await waitFor(
      () => expect(bubbleOf(log, 'Lost in transit')).toHaveAttribute('data-status', 'unconfirmed'),
      { timeout: 4000 },
    )
    await expect(canvas.getByText('Waiting for the server')).toBeInTheDocument()
    await expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull()
    backend.controls.frames()
    await waitFor(() => isSent(bubbleOf(log, 'Lost in transit')), { timeout: 8000 })
    const stored = backend.model.history('trainer-maya', 'dm-maya-sam').messages
    await expect(stored.filter((m) => m.body === 'Lost in transit')).toHaveLength(1)
  },
}

export const UnacknowledgedSendStart = staticTwin(UnacknowledgedSend)

/** A picture through the attach button: its upload (slowed to 1.5 s) shows progress, then sends. */
export const Upload: Story = {
  loaders: [loadMockBackend({ scenario: 'slow-uploads:1500ms' })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const log = await opened(canvasElement)
    const input = canvasElement.querySelector<HTMLInputElement>('input[type="file"]')!
    await userEvent.upload(input, await pngFile('finish-line.png', 120, 90))
    await expect(
      await canvas.findByRole('progressbar', { name: 'Uploading finish-line.png' }),
    ).toBeVisible()
    const send = canvas.getByRole('button', { name: 'Send' })
    await expect(send).toBeDisabled()
    await waitFor(() => expect(send).toBeEnabled(), { timeout: 5000 })
    await userEvent.click(send)
    const image = await within(log).findByRole('img', { name: 'finish-line.png' })
    await waitFor(() => isSent(image.closest<HTMLElement>('.parley-message')!))
    await expect(image).toHaveAttribute('src', expect.stringMatching(/^data:image\/png/))
  },
}

export const UploadStart = staticTwin(Upload)

/** A file over the size limit: a typed `invalid-upload` error, and the composer still sends. */
export const OversizeUpload: Story = {
  args: { uploads: { accept: ['image/*'], maxBytes: 100_000 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const log = await opened(canvasElement)
    const input = canvasElement.querySelector<HTMLInputElement>('input[type="file"]')!
    const big = new File([new Uint8Array(200_000)], 'huge.png', { type: 'image/png' })
    await userEvent.upload(input, big)
    await expect(await canvas.findByRole('alert')).toHaveTextContent('invalid-upload')
    await expect(canvas.getByText('Larger than the 100 kB limit')).toBeVisible()
    await userEvent.click(canvas.getByRole('button', { name: 'Remove huge.png' }))
    await userEvent.type(
      canvas.getByRole('textbox', { name: 'Message' }),
      'Text still works{Enter}',
    )
    await waitFor(() => isSent(bubbleOf(log, 'Text still works')))
  },
}

export const OversizeUploadStart = staticTwin(OversizeUpload)

const HOSTILE =
  '<img src=x onerror="window.__parleyPwned=1"><script>window.__parleyPwned=2</script> ' +
  '<a href="javascript:window.__parleyPwned=3">click me</a> javascript:alert(1)'

/** Markup and `javascript:` URLs from another user show as the text they are. */
export const HostileContent: Story = {
  play: async ({ canvasElement, loaded }) => {
    const log = await opened(canvasElement)
    const backend = backendOf(loaded)
    await waitFor(() => expect(backend.controls.sessions()[0]?.joined).toContain('dm-maya-sam'))
    backend.model.send('trainer-maya', {
      conversationId: 'dm-maya-sam',
      clientId: 'hostile-1',
      body: HOSTILE,
    })
    const text = await within(log).findByText(HOSTILE)
    const bubble = text.closest('.parley-message__bubble')!
    await expect(bubble.querySelector('img, script, a')).toBeNull()
    await expect((window as { __parleyPwned?: unknown }).__parleyPwned).toBeUndefined()
  },
}
