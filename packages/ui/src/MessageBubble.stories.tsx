import type { Message } from '@parley/core'
import { ParleyError } from '@parley/core'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, within } from 'storybook/test'
import { compact, rtl } from './demo'
import { ada, makeMessage, picture } from './fixtures'
import { MessageBubble } from './MessageBubble'
import { staticTwin } from './storybook/staticTwin'

const at = Date.now() - 60_000
const text = (over: Partial<Message> = {}) =>
  makeMessage('m1', {
    senderId: 'ada',
    body: 'Morning! Did you see the new schedule?',
    createdAt: at,
    ...over,
  })
const mine = (over: Partial<Message> = {}) =>
  text({ senderId: 'me', body: 'Yes — looks good to me.', status: 'read', ...over })

const meta = {
  title: 'Components/MessageBubble',
  component: MessageBubble,
  args: {
    message: text(),
    sender: ada,
    onReply: fn(),
    onEdit: fn(),
    onDelete: fn(),
    onCopy: fn(),
    onRetry: fn(),
  },
  decorators: [
    (Story) => (
      <div style={{ width: 420 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof MessageBubble>

export default meta
type Story = StoryObj<typeof meta>

export const FromOthers: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText('Morning! Did you see the new schedule?')).toBeVisible()
    await expect(canvas.getByText('Ada Lovelace:')).toBeInTheDocument() // for screen readers
    await expect(canvasElement.querySelector('.parley-avatar')).toBeVisible()
  },
}

export const Own: Story = {
  args: { message: mine(), own: true },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.parley-message')).toHaveAttribute('data-own')
    await expect(within(canvasElement).getByText('Read')).toBeInTheDocument()
  },
}

export const SenderNameInGroup: Story = {
  args: { showSenderName: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Ada Lovelace')).toBeVisible()
  },
}

export const LongText: Story = {
  args: {
    message: text({
      body:
        'I tried the new routine today and it was much harder than I expected. '.repeat(6) +
        'Supercalifragilisticexpialidocious-without-any-spaces-'.repeat(4),
    }),
  },
  play: async ({ canvasElement }) => {
    const bubble = canvasElement.querySelector('.parley-message__bubble')!
    // Wraps, even the unbroken word: nothing sticks out of the bubble.
    await expect(bubble.scrollWidth).toBeLessThanOrEqual(bubble.clientWidth)
  },
}

export const Links: Story = {
  args: {
    message: text({
      body: 'Plan: https://example.com/plans?week=12 — or mail coach@example.com via mailto:coach@example.com. Not this: javascript:alert(1)',
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const link = canvas.getByRole('link', { name: 'https://example.com/plans?week=12' })
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer')
    await expect(link).toHaveAttribute('target', '_blank')
    await expect(canvas.getByRole('link', { name: 'mailto:coach@example.com' })).toBeVisible()
    await expect(canvas.getAllByRole('link')).toHaveLength(2)
  },
}

export const Image: Story = {
  args: {
    message: text({
      kind: 'image',
      body: 'The new gym',
      attachments: [
        { kind: 'image', url: picture(640, 400, 30), width: 640, height: 400, name: 'Gym floor' },
      ],
    }),
  },
  play: async ({ canvasElement }) => {
    const img = within(canvasElement).getByRole('img', { name: 'Gym floor' })
    const box = img.parentElement!.getBoundingClientRect()
    await expect(box.width / box.height).toBeCloseTo(640 / 400, 1)
  },
}

export const ImageFromRefusedUrl: Story = {
  args: {
    message: text({
      kind: 'image',
      body: '',
      attachments: [{ kind: 'image', url: 'javascript:alert(1)', width: 300, height: 200 }],
    }),
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Image unavailable')).toBeVisible()
    await expect(canvasElement.querySelector('img:not(.parley-avatar img)')).toBeNull()
  },
}

export const Voice: Story = {
  args: {
    message: text({
      kind: 'voice',
      body: '',
      attachments: [{ kind: 'voice', url: 'https://cdn.example/voice.ogg', durationMs: 12_000 }],
    }),
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('audio')).toHaveAttribute(
      'aria-label',
      'Voice message',
    )
  },
}

export const File: Story = {
  args: {
    message: text({
      kind: 'file',
      body: 'Here is the plan',
      attachments: [
        { kind: 'file', url: 'https://cdn.example/plan.pdf', name: 'plan.pdf', size: 482_000 },
      ],
    }),
  },
  play: async ({ canvasElement }) => {
    // A link named after the file, and its size in the locale's units (whatever the card's layout).
    await expect(within(canvasElement).getByRole('link', { name: /plan\.pdf/ })).toBeVisible()
    await expect(canvasElement.querySelector('.parley-message')).toHaveTextContent('482 kB')
  },
}

export const Reply: Story = {
  args: {
    message: mine({ replyTo: 'q' }),
    own: true,
    replyTo: text({ id: 'q', body: 'Can we move the session to Thursday?' }),
    replySender: ada,
  },
  play: async ({ canvasElement }) => {
    const quote = canvasElement.querySelector('blockquote')!
    await expect(quote).toHaveTextContent('Ada Lovelace')
    await expect(quote).toHaveTextContent('Can we move the session to Thursday?')
  },
}

export const ReplyNotLoaded: Story = {
  args: { message: text({ replyTo: 'gone' }), replyTo: null },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Original message not loaded')).toBeVisible()
  },
}

export const Edited: Story = {
  args: { message: mine({ editedAt: at + 30_000 }), own: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('edited')).toBeVisible()
  },
}

export const Deleted: Story = {
  args: { message: text({ deletedAt: at }) },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('This message was deleted.')).toBeVisible()
    await expect(within(canvasElement).queryByRole('button')).toBeNull()
  },
}

export const Sending: Story = {
  args: { message: mine({ status: 'sending' }), own: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Sending')).toBeInTheDocument()
  },
}

export const Sent: Story = {
  args: { message: mine({ status: 'sent' }), own: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Sent')).toBeInTheDocument()
  },
}

export const Delivered: Story = {
  args: { message: mine({ status: 'delivered' }), own: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Delivered')).toBeInTheDocument()
  },
}

export const Read: Story = {
  args: { message: mine({ status: 'read' }), own: true },
  play: async ({ canvasElement }) => {
    const tick = canvasElement.querySelector('.parley-message__status')!
    await expect(tick).toHaveTextContent('Read')
    await expect(tick).toHaveAttribute('title', 'Read')
  },
}

/** Not sent: the tick is "!", the bubble is outlined in the danger colour, and Retry is offered. */
export const Failed: Story = {
  args: { message: mine({ status: 'failed' }), own: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const tick = canvasElement.querySelector('.parley-message__status')!
    await expect(tick).toHaveAttribute('title', 'Not sent')
    await expect(tick.querySelector('[aria-hidden]')).toHaveTextContent('!')
    await expect(canvasElement.querySelector('.parley-message__failed')).toHaveTextContent(
      'Not sent',
    )
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible()
  },
}

const TICKS = ['sending', 'unconfirmed', 'sent', 'delivered', 'read', 'failed'] as const

/** Every delivery state side by side: each tick differs by shape, and read by colour too. */
export const Ticks: Story = {
  render: (args) => (
    <>
      {TICKS.map((status) => (
        <MessageBubble
          key={status}
          {...args}
          message={mine({ id: status, body: `This one is ${status}`, status })}
          own
        />
      ))}
    </>
  ),
  play: async ({ canvasElement }) => {
    const ticks = [...canvasElement.querySelectorAll('.parley-message__status [aria-hidden]')]
    await expect(ticks.map((tick) => tick.textContent)).toEqual(['○', '◷', '✓', '✓✓', '✓✓', '!'])
    const canvas = within(canvasElement)
    for (const name of ['Sending', 'Waiting for the server', 'Sent', 'Delivered', 'Read'])
      await expect(canvas.getByTitle(name)).toHaveTextContent(name)
  },
}

/** One to three emoji alone show large, without a bubble; with any text they do not. */
export const EmojiOnly: Story = {
  render: (args) => (
    <>
      <MessageBubble {...args} message={text({ id: 'e1', body: '🎉🇲🇦' })} />
      <MessageBubble {...args} message={mine({ id: 'e2', body: '👍🏽' })} own />
      <MessageBubble {...args} message={text({ id: 'e3', body: 'Great 👍🏽' })} />
    </>
  ),
  play: async ({ canvasElement }) => {
    const enlarged = canvasElement.querySelectorAll('.parley-message[data-emoji-only]')
    await expect(enlarged).toHaveLength(2)
  },
}

export const FailedSend: Story = {
  args: { message: mine({ status: 'failed' }), own: true },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }))
    await expect(args.onRetry).toHaveBeenCalledWith(args.message)
  },
}

export const FailedSendStart = staticTwin(FailedSend)

/** Sent, but no ack yet: a late ack confirms it. Neither Retry nor Discard: it may have arrived. */
export const Unconfirmed: Story = {
  args: { message: mine({ status: 'unconfirmed' }), own: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText('Waiting for the server')).toBeInTheDocument()
    await expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull()
    await userEvent.click(canvas.getByRole('button', { name: 'Message actions' }))
    await expect(canvas.queryByRole('button', { name: 'Delete' })).toBeNull()
  },
}

export const UnconfirmedStart = staticTwin(Unconfirmed)

/** The server refused the text as too long: said in words, and no Retry that would fail again. */
export const RefusedTooLong: Story = {
  args: {
    message: mine({
      status: 'failed',
      error: new ParleyError('send-failed', 'too-long: Message is longer than 4000 characters'),
    }),
    own: true,
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText('Not sent: too long')).toBeVisible()
    await expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull()
  },
}

/** Delete asks first, with the focus on Cancel. */
export const DeleteAsksFirst: Story = {
  args: { message: mine(), own: true },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Message actions' }))
    await userEvent.click(canvas.getByRole('button', { name: 'Delete' }))
    await expect(canvas.getByRole('group', { name: 'Delete this message?' })).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Cancel' })).toHaveFocus()
    await expect(args.onDelete).not.toHaveBeenCalled()
  },
}

export const DeleteAsksFirstStart = staticTwin(DeleteAsksFirst)

export const ActionsByKeyboard: Story = {
  args: { message: mine(), own: true },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await userEvent.tab()
    await expect(canvas.getByRole('button', { name: 'Message actions' })).toHaveFocus()
    await userEvent.keyboard('{Enter}')
    await expect(canvas.getByRole('button', { name: 'Reply' })).toHaveFocus()
    await userEvent.tab()
    await expect(canvas.getByRole('button', { name: 'Edit' })).toHaveFocus()
    await userEvent.keyboard('{Enter}')
    await expect(args.onEdit).toHaveBeenCalledWith(args.message)
    await expect(canvas.getByRole('button', { name: 'Message actions' })).toHaveFocus()
  },
}

export const ActionsByKeyboardStart = staticTwin(ActionsByKeyboard)

export const System: Story = {
  args: { message: text({ kind: 'system', body: 'Ada Lovelace joined the conversation' }) },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('[data-kind="system"]')).toBeVisible()
  },
}

export const HostileContent: Story = {
  args: {
    message: text({
      body: '<img src=x onerror=alert(1)> <script>alert(2)</script> javascript:alert(3)',
      attachments: [{ kind: 'file', url: 'javascript:alert(4)', name: '"><svg onload=alert(5)>' }],
    }),
    sender: {
      id: 'ada',
      name: '<b onmouseover=alert(6)>Ada</b>',
      avatarUrl: 'javascript:alert(7)',
    },
    showSenderName: true,
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('script, svg, b')).toBeNull()
    await expect(canvasElement.querySelector('a')).toBeNull()
    await expect(within(canvasElement).getByText('<b onmouseover=alert(6)>Ada</b>')).toBeVisible()
  },
}

export const Dark: Story = {
  globals: { parleyTheme: 'dark' },
  render: (args) => (
    <>
      <MessageBubble {...args} />
      <MessageBubble {...args} message={mine({ id: 'd', status: 'delivered' })} own />
      <MessageBubble {...args} message={mine()} own />
      <MessageBubble {...args} message={mine({ id: 'f', status: 'failed' })} own />
    </>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('button', { name: 'Retry' })).toBeVisible()
  },
}

export const RightToLeft: Story = {
  decorators: [rtl],
  args: {
    message: text({ body: 'صباح الخير! هل رأيت الجدول الجديد؟' }),
    sender: { id: 'ada', name: 'آدا' },
  },
  play: async ({ canvasElement }) => {
    const bubble = canvasElement.querySelector('.parley-message__bubble')!
    const avatar = canvasElement.querySelector('.parley-avatar')!
    await expect(avatar.getBoundingClientRect().left).toBeGreaterThan(
      bubble.getBoundingClientRect().left,
    )
  },
}

/** The toolbar's Right to left and Arabic (Egypt), set by the story: mirrored, times in Arabic digits. */
export const ArabicLocale: Story = {
  globals: { parleyDirection: 'rtl', parleyLocale: 'ar-EG' },
  args: {
    message: text({ body: 'صباح الخير! هل رأيت الجدول الجديد؟' }),
    sender: { id: 'ada', name: 'آدا' },
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('time')?.textContent).toMatch(/[\u0660-\u0669]/)
    const bubble = canvasElement.querySelector('.parley-message__bubble')!
    const avatar = canvasElement.querySelector('.parley-avatar')!
    await expect(avatar.getBoundingClientRect().left).toBeGreaterThan(
      bubble.getBoundingClientRect().left,
    )
  },
}

export const Compact: Story = {
  decorators: [compact],
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.parley-message__bubble')).toBeVisible()
  },
}
