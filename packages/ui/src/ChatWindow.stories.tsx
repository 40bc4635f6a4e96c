import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { ChatWindow } from './ChatWindow'
import { ConversationList } from './ConversationList'
import { ChatDemo, compact, frame, rtl } from './demo'
import {
  ada,
  ben,
  chen,
  directConversation,
  groupConversation,
  makeConversations,
  makeMessage,
  makeMessages,
  me,
} from './fixtures'
import { staticTwin } from './storybook/staticTwin'

const history = makeMessages({ count: 60, senders: [me, ada], conversationId: 'd1' })

const meta = {
  title: 'Components/ChatWindow',
  component: ChatWindow,
  args: {
    conversation: directConversation,
    currentUserId: 'me',
    messages: history,
    presence: { ada: true },
    connection: { status: 'open', since: 0 },
    onSend: fn(),
  },
  decorators: [frame(440, 600)],
} satisfies Meta<typeof ChatWindow>

export default meta
type Story = StoryObj<typeof meta>

const textbox = (el: HTMLElement) => within(el).getByRole('textbox', { name: 'Message' })

/** Sends, replies and edits against local state, as the hooks will. */
export const Direct: Story = {
  render: (args) => <ChatDemo {...args} initial={history} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible()
    await expect(canvasElement.querySelector('.parley-chat__subtitle')).toHaveTextContent('Online')
    await userEvent.type(textbox(canvasElement), 'See you at six{Enter}')
    const sent = await canvas.findByText('See you at six')
    await waitFor(() =>
      expect(sent.closest('.parley-message')).toHaveAttribute('data-status', 'sent'),
    )
    // Reply to it by keyboard.
    const bubble = sent.closest('.parley-message') as HTMLElement
    await userEvent.click(within(bubble).getByRole('button', { name: 'Message actions' }))
    await userEvent.keyboard('{Enter}')
    await waitFor(() => expect(textbox(canvasElement)).toHaveFocus())
    await expect(canvas.getByText('Replying to You')).toBeVisible()
    await userEvent.keyboard('Bring water{Enter}')
    const reply = await canvas.findByText('Bring water')
    await expect(reply.closest('.parley-message')!.querySelector('blockquote')).toHaveTextContent(
      'See you at six',
    )
  },
}

export const DirectStart = staticTwin(Direct)

export const Group: Story = {
  args: {
    conversation: groupConversation,
    messages: makeMessages({ count: 80, senders: [me, ada, ben, chen], conversationId: 'g1' }),
    typing: ['ben', 'chen'],
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.parley-chat__subtitle')).toHaveTextContent(
      'Ada Lovelace, Ben Carter, Chen Wei',
    )
    await expect(
      within(canvasElement).getByText('Ben Carter and Chen Wei are typing…'),
    ).toBeVisible()
  },
}

export const Typing: Story = {
  args: { typing: ['ada'] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Ada Lovelace is typing…')).toBeVisible()
  },
}

export const FailedSendAndRetry: Story = {
  render: (args) => <ChatDemo {...args} initial={history.slice(-8)} failSends />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(textbox(canvasElement), 'This will fail{Enter}')
    const retry = await canvas.findByRole('button', { name: 'Retry' })
    await userEvent.click(retry)
    const message = canvas.getByText('This will fail').closest('.parley-message')!
    await waitFor(() => expect(message).toHaveAttribute('data-status', 'sent'))
  },
}

export const FailedSendAndRetryStart = staticTwin(FailedSendAndRetry)

export const Offline: Story = {
  args: {
    connection: { status: 'offline', reason: { kind: 'offline' } },
    onReconnect: fn(),
    presence: { ada: false },
    messages: [
      ...history.slice(-6),
      makeMessage('q', { senderId: 'me', status: 'sending', body: 'Queued until we are back' }),
    ],
  },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Reconnect' }))
    await expect(args.onReconnect).toHaveBeenCalledOnce()
    // Cut off ourselves, we do not know whether Ada is online: the header does not guess.
    await expect(canvasElement.querySelector('.parley-chat__subtitle')?.textContent).toBe('')
  },
}

export const OfflineStart = staticTwin(Offline)

export const LoadingHistory: Story = {
  args: { messages: [], isLoading: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('log')).toHaveAttribute('aria-busy', 'true')
  },
}

export const EmptyConversation: Story = {
  args: { messages: [] },
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByText('No messages yet. Say hello!'),
    ).toBeVisible()
  },
}

/** A backend without history (a Salon customer): the top says so, never "the beginning". */
export const NoHistory: Story = {
  args: { messages: history.slice(-3), historyUnavailable: true },
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByText('Earlier messages are not available here'),
    ).toBeVisible()
  },
}

/** The gap-fill after a reconnect failed: a polite notice with Retry; the chat keeps working. */
export const SyncFailed: Story = {
  args: { syncError: 'Some messages could not be loaded', onResync: fn() },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText('Some messages could not be loaded')).toHaveAttribute(
      'aria-live',
      'polite',
    )
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }))
    await expect(args.onResync).toHaveBeenCalledOnce()
    await expect(textbox(canvasElement)).toBeEnabled()
  },
}

export const SyncFailedStart = staticTwin(SyncFailed)

/** Fetching what was missed while away: a quiet line, nothing to act on. */
export const Syncing: Story = {
  args: { syncing: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Catching up…')).toBeVisible()
  },
}

/** Edits do not reach the others live (Salon): Edit stays, and the composer says who sees it. */
export const EditsNotLive: Story = {
  args: { mutationsReachOthers: false, onEditMessage: fn(), onDelete: fn() },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    // Rows are shown once the list has placed them at the end.
    const last = await waitFor(() => {
      const mine = canvasElement.querySelectorAll<HTMLElement>('.parley-message[data-own]')
      const row = mine[mine.length - 1]!
      within(row).getByRole('button', { name: 'Message actions' })
      return row
    })
    await userEvent.click(within(last).getByRole('button', { name: 'Message actions' }))
    await userEvent.click(within(last).getByRole('button', { name: 'Edit' }))
    await expect(
      await canvas.findByText('Editing message: others see the change only when they reload'),
    ).toBeVisible()
  },
}

export const EditsNotLiveStart = staticTwin(EditsNotLive)

export const ReadOnly: Story = {
  args: { composerDisabledReason: 'This conversation was archived by your coach.' },
  play: async ({ canvasElement }) => {
    await expect(textbox(canvasElement)).toHaveAccessibleDescription(
      'This conversation was archived by your coach.',
    )
  },
}

export const TenThousandMessages: Story = {
  render: (args) => (
    <ChatDemo
      {...args}
      initial={makeMessages({ count: 10_000, senders: [me, ada], conversationId: 'd1' })}
      olderPages={5}
    />
  ),
  play: async ({ canvasElement }) => {
    const log = within(canvasElement).getByRole('log', { name: 'Messages' })
    await waitFor(() => {
      expect(log.querySelector('.parley-message')).toBeTruthy()
      expect(log.scrollHeight - log.scrollTop - log.clientHeight).toBeLessThan(1)
    })
  },
}

export const TenThousandMessagesStart = staticTwin(TenThousandMessages)

export const Dark: Story = {
  globals: { parleyTheme: 'dark' },
  args: { conversation: groupConversation, typing: ['ada'] },
  play: async ({ canvasElement }) => {
    await expect(
      getComputedStyle(canvasElement.querySelector('.parley-chat')!).backgroundColor,
    ).toBe('rgb(21, 27, 35)')
  },
}

export const RightToLeft: Story = {
  decorators: [rtl],
  args: {
    conversation: { ...directConversation, participants: [me, { id: 'ada', name: 'آدا لوفليس' }] },
    messages: [
      makeMessage('a', {
        senderId: 'ada',
        body: 'مرحبا! هل أنت مستعد للتمرين؟',
        createdAt: Date.now() - 90_000,
      }),
      makeMessage('b', {
        senderId: 'me',
        body: 'نعم، أراك في السادسة',
        status: 'read',
        createdAt: Date.now() - 30_000,
      }),
    ],
    strings: { message: 'رسالة', send: 'إرسال', placeholder: 'اكتب رسالة…' },
    locale: 'ar',
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    // Re-queried until it holds: react-virtuoso replaces its first rows once it has measured them.
    await waitFor(() => expect(canvas.getByText('مرحبا! هل أنت مستعد للتمرين؟')).toBeVisible())
    await expect(canvas.getByRole('button', { name: 'إرسال' })).toBeVisible()
    const heading = canvas.getByRole('heading').getBoundingClientRect()
    const avatar = canvasElement.querySelector('.parley-chat__header .parley-avatar')!
    await expect(avatar.getBoundingClientRect().left).toBeGreaterThan(heading.left)
  },
}

export const Compact: Story = {
  decorators: [compact],
  args: {
    conversation: groupConversation,
    messages: makeMessages({ count: 40, senders: [me, ada, ben] }),
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('[data-parley-density="compact"]')).toBeTruthy()
  },
}

/** The pieces together: picking a conversation opens it and puts the cursor in its message box. */
export const WithConversationList: Story = {
  decorators: [frame(820, 600)],
  render: function App(args) {
    const [conversations] = useState(() => makeConversations(200))
    const [selected, setSelected] = useState('c0')
    const [picked, setPicked] = useState(false)
    const conversation = conversations.find((c) => c.id === selected)!
    return (
      <div style={{ display: 'flex', height: '100%' }}>
        <div style={{ width: 320, borderInlineEnd: '1px solid var(--parley-color-border)' }}>
          <ConversationList
            conversations={conversations}
            currentUserId="me"
            selectedId={selected}
            onSelect={(id) => {
              setSelected(id)
              setPicked(true)
            }}
            presence={{ u0: true, u2: true }}
          />
        </div>
        <div style={{ flex: 1, minWidth: 0 }}>
          <ChatDemo
            {...args}
            // Each conversation keeps its own demo state here; the window mounts because the user
            // opened it, so it takes focus (in an app with one mounted window that is automatic).
            key={selected}
            focusOnMount={picked}
            conversation={conversation}
            initial={makeMessages({
              count: 50,
              senders: conversation.participants,
              conversationId: selected,
            })}
          />
        </div>
      </div>
    )
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const options = await canvas.findAllByRole('option')
    await userEvent.click(options[2]!)
    await waitFor(() => expect(textbox(canvasElement)).toHaveFocus())
    await expect(canvas.getByRole('heading', { level: 2 })).toHaveTextContent(
      options[2]!.querySelector('.parley-conversation__name')!.textContent!,
    )
  },
}
export const WithConversationListStart = staticTwin(WithConversationList)
