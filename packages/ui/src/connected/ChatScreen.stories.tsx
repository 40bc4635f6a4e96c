import type { ChatClientOptions } from '@parley/core'
import type { MockBackend } from '@parley/mock-backend'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { loadMockBackend, MockChatProvider } from '../backend'
import { frame, opened } from '../demo'
import type { ChatScreenProps } from './ChatScreen'
import { ChatScreen } from './ChatScreen'
import { staticTwin } from '../storybook/staticTwin'

interface Args extends ChatScreenProps {
  /** Who is signed in (a user of the backend's seed). */
  userId: string
  /** ChatClient options on top of MockChatProvider's (timeouts, backoff). */
  client?: Partial<ChatClientOptions>
  /** REST requests fail at once instead of after TanStack Query's three retries. */
  noRetry?: boolean
}

interface Loaded {
  backend: MockBackend
}

/** The whole screen on its own backend (served by the story's loader), signed in as a seed user. */
function Screen({ backend, userId, client, noRetry, ...props }: Args & Loaded) {
  return (
    <MockChatProvider backend={backend} userId={userId} options={client} noRetry={noRetry}>
      <ChatScreen {...props} />
    </MockChatProvider>
  )
}

const meta = {
  title: 'Connected/ChatScreen',
  args: { userId: 'client-sam' },
  argTypes: { client: { control: false } },
  decorators: [frame(900, 600)],
  loaders: [loadMockBackend()],
  render: (args, { loaded }) => <Screen {...args} {...(loaded as Loaded)} />,
} satisfies Meta<Args>

export default meta
type Story = StoryObj<typeof meta>

const conversations = async (el: HTMLElement) => {
  const list = await within(el).findByRole('listbox', { name: 'Conversations' })
  await waitFor(() => expect(within(list).getAllByRole('option').length).toBeGreaterThan(1))
  return list
}

/**
 * Sam, with the other participants simulated by the backend: the deep-linked conversation opens,
 * Sam's message is read, Maya types and answers.
 */
export const LiveWithSimulatedParticipants: Story = {
  args: { defaultSelectedId: 'dm-maya-sam' },
  loaders: [loadMockBackend({ simulate: { readAfterMs: 300, typingMs: 1500 } })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await conversations(canvasElement)
    const chat = await canvas.findByRole('region', { name: 'Maya Okafor' })
    const log = await opened(chat)
    const theirs = () => log.querySelectorAll('.parley-message:not([data-own])').length
    const before = theirs()
    await userEvent.type(
      within(chat).getByRole('textbox', { name: 'Message' }),
      'Went well, my back felt fine!{Enter}',
    )
    const mine = within(log).getByText('Went well, my back felt fine!').closest('.parley-message')!
    await waitFor(() => expect(mine).toHaveAttribute('data-status', 'read'), { timeout: 5000 })
    await expect(await within(chat).findByText('Maya Okafor is typing…')).toBeVisible()
    await waitFor(() => expect(theirs()).toBeGreaterThan(before), { timeout: 6000 })
  },
}

export const LiveWithSimulatedParticipantsStart = staticTwin(LiveWithSimulatedParticipants)

/**
 * Maya's inbox: many clients, unread badges; the keyboard moves through the list and opens one,
 * which puts the cursor in its message box.
 */
export const TrainerInbox: Story = {
  args: { userId: 'trainer-maya' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const list = await conversations(canvasElement)
    await waitFor(() => expect(list.querySelectorAll('[data-unread]').length).toBeGreaterThan(1))
    await expect(within(list).getByText('3 unread messages')).toBeInTheDocument()
    await userEvent.click(canvas.getByRole('searchbox', { name: 'Search conversations' }))
    await userEvent.keyboard('{ArrowDown}')
    await expect(list).toHaveFocus()
    await userEvent.keyboard('{ArrowDown}{Enter}')
    const chat = await canvas.findByRole('region')
    await waitFor(() =>
      expect(within(chat).getByRole('textbox', { name: 'Message' })).toHaveFocus(),
    )
    await expect(within(list).getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true')
  },
}

export const TrainerInboxStart = staticTwin(TrainerInbox)

/** Sam's running group, opened from the list: sender names and the unread line. */
export const Group: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const list = await conversations(canvasElement)
    await userEvent.click(within(list).getByText('Morning Run Crew'))
    const chat = await canvas.findByRole('region', { name: 'Morning Run Crew' })
    const log = await opened(chat, 'Unread messages')
    await expect(log.querySelectorAll('.parley-row__name').length).toBeGreaterThan(0)
  },
}

export const GroupStart = staticTwin(Group)

/** The server refuses the token: the list says why and offers Retry. */
export const Unauthorized: Story = {
  args: { noRetry: true, placeholder: 'Pick a conversation' },
  loaders: [loadMockBackend({ scenario: 'refuse-auth' })],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByRole('alert')).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible()
  },
}

/**
 * A phone-sized container: one pane at a time. A conversation opens over the list; its header's
 * Back button returns to the list (and gives it the focus). Right-to-left mirrors the arrow.
 */
export const Phone: Story = {
  args: { userId: 'trainer-maya' },
  decorators: [frame(360, 640)],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const list = await conversations(canvasElement)
    await userEvent.click(within(list).getByRole('option', { name: /Priya Raman/ }))
    const chat = await canvas.findByRole('region', { name: 'Priya Raman' })
    await waitFor(() => expect(list).not.toBeVisible())
    await userEvent.click(within(chat).getByRole('button', { name: 'Back to conversations' }))
    await waitFor(() => expect(list).toHaveFocus())
  },
}

export const PhoneStart = staticTwin(Phone)
