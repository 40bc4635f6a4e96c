import type { ConnectionState } from '@parley/core'
import { ParleyError } from '@parley/core'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, fn, userEvent, within } from 'storybook/test'
import { ConnectionBadge } from './ConnectionBadge'
import { staticTwin } from './storybook/staticTwin'

type ReconnectingState = Extract<ConnectionState, { status: 'reconnecting' }>

const reconnecting: ReconnectingState = {
  status: 'reconnecting',
  attempt: 3,
  retryAt: 0, // replaced at render time by `withRetryIn`, so the countdown is live
  reason: { kind: 'heartbeat-timeout', silentForMs: 45_000 },
}

/** Renders the badge with `retryAt` a few seconds after the story mounts, so it really counts down. */
function withRetryIn(seconds: number): NonNullable<Story['render']> {
  return function ReconnectingBadge(args) {
    const [retryAt] = useState(() => Date.now() + seconds * 1000)
    return <ConnectionBadge {...args} state={{ ...reconnecting, retryAt }} />
  }
}

const meta = {
  title: 'Components/ConnectionBadge',
  component: ConnectionBadge,
  args: { onReconnect: fn(), state: { status: 'open', since: 0 } },
} satisfies Meta<typeof ConnectionBadge>

export default meta
type Story = StoryObj<typeof meta>

export const Connected: Story = {
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status')
    await expect(status).toHaveTextContent('Connected')
    await expect(status).toHaveAttribute('data-status', 'open')
    await expect(within(canvasElement).queryByRole('button')).not.toBeInTheDocument()
  },
}

export const Connecting: Story = {
  args: { state: { status: 'connecting', attempt: 0 } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('Connecting…')
  },
}

export const Reconnecting: Story = {
  args: { state: reconnecting },
  render: withRetryIn(8),
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('status')).toHaveTextContent('Reconnecting, attempt 3')
    await expect(canvas.getByText(/^Reconnecting in [78]s$/)).toBeVisible()
    // The countdown is live: it moves to the next second without any new props.
    await expect(
      await canvas.findByText('Reconnecting in 6s', {}, { timeout: 3_000 }),
    ).toBeVisible()
    await userEvent.click(canvas.getByRole('button', { name: 'Reconnect' }))
    await expect(args.onReconnect).toHaveBeenCalledOnce()
  },
}

export const ReconnectingStart = staticTwin(Reconnecting)

/**
 * The server keeps refusing the handshake and nothing can say why (a browser sees a refused token
 * as an outage): the badge says what is likely, the countdown stays in the tooltip.
 */
export const AuthSuspected: Story = {
  args: { state: { ...reconnecting, authSuspected: true } },
  render: function SuspectedBadge(args) {
    const [retryAt] = useState(() => Date.now() + 8_000)
    return <ConnectionBadge {...args} state={{ ...reconnecting, retryAt, authSuspected: true }} />
  },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    const status = canvas.getByRole('status')
    await expect(status).toHaveTextContent(
      'Can’t connect — the server may have refused your session',
    )
    await expect(status.querySelector('[title]')).toHaveAttribute(
      'title',
      expect.stringMatching(/^Reconnecting in [78]s$/),
    )
    await userEvent.click(canvas.getByRole('button', { name: 'Reconnect' }))
    await expect(args.onReconnect).toHaveBeenCalledOnce()
  },
}

export const AuthSuspectedStart = staticTwin(AuthSuspected)

export const Offline: Story = {
  args: { state: { status: 'offline', reason: { kind: 'offline' } } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('status')).toHaveTextContent('Offline')
    await userEvent.click(canvas.getByRole('button', { name: 'Reconnect' }))
    await expect(args.onReconnect).toHaveBeenCalledOnce()
  },
}

export const OfflineStart = staticTwin(Offline)

export const Unauthorized: Story = {
  args: {
    state: {
      status: 'unauthorized',
      reason: { kind: 'auth', code: 4001, message: 'Token expired' },
    },
  },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('status')).toHaveTextContent('Sign-in expired')
    await userEvent.click(canvas.getByRole('button', { name: 'Reconnect' }))
    await expect(args.onReconnect).toHaveBeenCalledOnce()
  },
}

export const UnauthorizedStart = staticTwin(Unauthorized)

export const ConnectionError: Story = {
  name: 'Error',
  args: {
    state: {
      status: 'closed',
      reason: {
        kind: 'error',
        error: new ParleyError('socket-error', 'No WebSocket implementation'),
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('status')).toHaveTextContent('Connection error')
    await expect(canvas.getByRole('button', { name: 'Reconnect' })).toBeEnabled()
  },
}

export const Disconnected: Story = {
  args: { state: { status: 'closed', reason: { kind: 'app' } } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('status')).toHaveTextContent('Disconnected')
    // The app closed the connection on purpose: the badge does not offer to undo that.
    await expect(canvas.queryByRole('button')).not.toBeInTheDocument()
  },
}

export const DarkTheme: Story = {
  args: { state: reconnecting },
  render: withRetryIn(30),
  globals: { parleyTheme: 'dark' },
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status')
    await expect(status.closest('[data-parley-theme]')).toHaveAttribute('data-parley-theme', 'dark')
    // The dark palette is applied: the badge's surface is the dark one, not white.
    await expect(getComputedStyle(status).backgroundColor).toBe('rgb(21, 27, 35)')
  },
}

export const RightToLeft: Story = {
  args: { state: { status: 'offline', reason: { kind: 'offline' } } },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const dot = canvasElement.querySelector('.parley-connection-badge__dot')
    const button = canvas.getByRole('button', { name: 'Reconnect' })
    await expect(dot).not.toBeNull()
    // Logical properties mirror the layout: the dot starts the badge on the right.
    await expect(dot!.getBoundingClientRect().left).toBeGreaterThan(
      button.getBoundingClientRect().right,
    )
  },
}

export const CustomStrings: Story = {
  args: {
    state: reconnecting,
    strings: {
      reconnectingIn: (seconds) => `Neuer Versuch in ${seconds} s`,
      reconnectingAttempt: (attempt) => `Verbindung wird wiederhergestellt, Versuch ${attempt}`,
      reconnect: 'Jetzt verbinden',
    },
  },
  render: withRetryIn(20),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('status')).toHaveTextContent('Versuch 3')
    await expect(canvas.getByText(/^Neuer Versuch in (19|20) s$/)).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Jetzt verbinden' })).toBeVisible()
  },
}
