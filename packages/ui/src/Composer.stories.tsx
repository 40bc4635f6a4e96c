import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import type { ComposerAttachment, ComposerProps } from './Composer'
import { Composer } from './Composer'
import { rtl } from './demo'
import { makeMessage, picture } from './fixtures'
import { staticTwin } from './storybook/staticTwin'

const meta = {
  title: 'Components/Composer',
  component: Composer,
  args: { onSend: fn(), onTyping: fn() },
  decorators: [
    (Story) => (
      <div style={{ width: 420 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof Composer>

export default meta
type Story = StoryObj<typeof meta>

const box = (canvasElement: HTMLElement) =>
  within(canvasElement).getByRole('textbox', { name: 'Message' })

export const SendWithEnter: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('button', { name: 'Send' })).toBeDisabled()
    await userEvent.type(box(canvasElement), 'First line{Shift>}{Enter}{/Shift}second line')
    await expect(args.onSend).not.toHaveBeenCalled()
    await expect(args.onTyping).toHaveBeenCalledWith(true)
    await userEvent.keyboard('{Enter}')
    await expect(args.onSend).toHaveBeenCalledWith('First line\nsecond line')
    await expect(args.onTyping).toHaveBeenLastCalledWith(false)
    await expect(box(canvasElement)).toHaveValue('')
  },
}

export const SendWithEnterStart = staticTwin(SendWithEnter)

export const SendWithButton: Story = {
  play: async ({ canvasElement, args }) => {
    await userEvent.type(box(canvasElement), 'Hello')
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Send' }))
    await expect(args.onSend).toHaveBeenCalledWith('Hello')
  },
}

export const SendWithButtonStart = staticTwin(SendWithButton)

/** Attach with the button, by pasting or by dropping: uploads show progress and can be cancelled. */
export const Attachments: Story = {
  render: function Uploading(args: ComposerProps) {
    const [attachments, setAttachments] = useState<ComposerAttachment[]>([
      {
        id: 'a',
        name: 'gym.png',
        status: 'uploading',
        progress: 0.6,
        previewUrl: picture(64, 64, 30),
      },
      { id: 'b', name: 'plan.pdf', status: 'done' },
      { id: 'c', name: 'huge-video.mov', status: 'failed' },
    ])
    return (
      <Composer
        {...args}
        attachments={attachments}
        onAttach={(files) =>
          setAttachments((list) => [
            ...list,
            ...files.map((f) => ({ id: f.name, name: f.name, status: 'uploading' as const })),
          ])
        }
        onRemoveAttachment={(id) => setAttachments((list) => list.filter((a) => a.id !== id))}
      />
    )
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('progressbar', { name: 'Uploading gym.png' })).toHaveValue(0.6)
    await expect(canvas.getByText('Upload failed')).toBeVisible()
    await userEvent.type(box(canvasElement), 'Look')
    await expect(canvas.getByRole('button', { name: 'Send' })).toBeDisabled() // still uploading
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel upload of gym.png' }))
    await expect(canvas.getByRole('button', { name: 'Send' })).toBeEnabled()
    const clipboard = new DataTransfer()
    clipboard.items.add(new File(['x'], 'pasted.png', { type: 'image/png' }))
    await userEvent.click(box(canvasElement))
    await userEvent.paste(clipboard)
    await expect(await canvas.findByText('pasted.png')).toBeVisible()
  },
}

export const AttachmentsStart = staticTwin(Attachments)

export const Replying: Story = {
  args: {
    replyTo: makeMessage('q', { body: 'Can we move the session to Thursday?' }),
    replyToName: 'Ada Lovelace',
    onCancelReply: fn(),
  },
  play: async ({ canvasElement, args }) => {
    await expect(within(canvasElement).getByText('Replying to Ada Lovelace')).toBeVisible()
    await userEvent.type(box(canvasElement), '{Escape}')
    await expect(args.onCancelReply).toHaveBeenCalledOnce()
  },
}

export const ReplyingStart = staticTwin(Replying)

export const Editing: Story = {
  args: {
    editing: makeMessage('e', { senderId: 'me', body: 'Teh plan for Thursday' }),
    onSaveEdit: fn(),
    onCancelEdit: fn(),
  },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText('Editing message')).toBeVisible()
    await expect(box(canvasElement)).toHaveValue('Teh plan for Thursday')
    await userEvent.clear(box(canvasElement))
    await userEvent.type(box(canvasElement), 'The plan for Thursday{Enter}')
    await expect(args.onSaveEdit).toHaveBeenCalledWith(args.editing, 'The plan for Thursday')
  },
}

export const EditingStart = staticTwin(Editing)

export const Disabled: Story = {
  args: { disabledReason: 'Only coaches can post in this channel.', onAttach: fn() },
  play: async ({ canvasElement }) => {
    await expect(box(canvasElement)).toBeDisabled()
    await expect(box(canvasElement)).toHaveAccessibleDescription(
      'Only coaches can post in this channel.',
    )
  },
}

export const Multiline: Story = {
  play: async ({ canvasElement }) => {
    const textbox = box(canvasElement)
    const height = textbox.getBoundingClientRect().height
    await userEvent.type(textbox, 'one{Shift>}{Enter}{/Shift}two{Shift>}{Enter}{/Shift}three')
    // The box grows with its text.
    await waitFor(() => expect(textbox.getBoundingClientRect().height).toBeGreaterThan(height))
  },
}

export const MultilineStart = staticTwin(Multiline)

export const Dark: Story = {
  globals: { parleyTheme: 'dark' },
  args: { onAttach: fn(), replyTo: makeMessage('q', { body: 'Thursday?' }), replyToName: 'Ada' },
  play: async ({ canvasElement }) => {
    await expect(box(canvasElement)).toBeVisible()
  },
}

export const RightToLeft: Story = {
  decorators: [rtl],
  args: {
    onAttach: fn(),
    strings: { message: 'رسالة', send: 'إرسال', placeholder: 'اكتب رسالة…', attach: 'إرفاق' },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const send = canvas.getByRole('button', { name: 'إرسال' })
    const textbox = canvas.getByRole('textbox', { name: 'رسالة' })
    await expect(send.getBoundingClientRect().right).toBeLessThan(
      textbox.getBoundingClientRect().left + 1,
    )
  },
}
