import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ComposerAttachment } from '../src'
import { Composer } from '../src'
import { makeMessage } from '../src/fixtures'
import '../src/styles.css'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const box = () => screen.getByRole('textbox', { name: 'Message' })
const send = () => screen.getByRole('button', { name: 'Send' })

describe('Composer', () => {
  it('sends with Enter and breaks the line with Shift+Enter', async () => {
    const onSend = vi.fn()
    render(<Composer onSend={onSend} />)
    expect(send()).toBeDisabled()
    await userEvent.type(box(), 'Hello{Shift>}{Enter}{/Shift}world')
    expect(box()).toHaveValue('Hello\nworld')
    expect(onSend).not.toHaveBeenCalled()
    await userEvent.keyboard('{Enter}')
    expect(onSend).toHaveBeenCalledExactlyOnceWith('Hello\nworld')
    expect(box()).toHaveValue('')
  })

  it('sends with the Send button, trims, and never sends blanks', async () => {
    const onSend = vi.fn()
    render(<Composer onSend={onSend} />)
    await userEvent.type(box(), '   {Enter}')
    expect(onSend).not.toHaveBeenCalled()
    await userEvent.type(box(), ' hi ')
    await userEvent.click(send())
    expect(onSend).toHaveBeenCalledExactlyOnceWith('hi')
  })

  it('does not send while an input method is composing', () => {
    const onSend = vi.fn()
    render(<Composer onSend={onSend} />)
    fireEvent.change(box(), { target: { value: 'にほん' } })
    fireEvent.keyDown(box(), { key: 'Enter', isComposing: true })
    expect(onSend).not.toHaveBeenCalled()
  })

  it('signals typing: once at the start, again every 3 s, and stop after 3 s idle', () => {
    vi.useFakeTimers()
    const onTyping = vi.fn()
    render(<Composer onSend={() => {}} onTyping={onTyping} />)
    fireEvent.change(box(), { target: { value: 'h' } })
    fireEvent.change(box(), { target: { value: 'he' } })
    expect(onTyping.mock.calls).toEqual([[true]])
    act(() => void vi.advanceTimersByTime(2_000))
    fireEvent.change(box(), { target: { value: 'hel' } })
    act(() => void vi.advanceTimersByTime(1_500))
    fireEvent.change(box(), { target: { value: 'hell' } })
    expect(onTyping.mock.calls).toEqual([[true], [true]])
    act(() => void vi.advanceTimersByTime(3_000))
    expect(onTyping.mock.calls).toEqual([[true], [true], [false]])
  })

  it('stops the typing signal on send and on blur', async () => {
    const onTyping = vi.fn()
    render(<Composer onSend={() => {}} onTyping={onTyping} />)
    await userEvent.type(box(), 'x{Enter}')
    expect(onTyping.mock.calls).toEqual([[true], [false]])
    await userEvent.type(box(), 'y')
    await userEvent.tab()
    expect(onTyping.mock.calls).toEqual([[true], [false], [true], [false]])
  })

  it('attaches files with the button, by pasting and by dropping', async () => {
    const onAttach = vi.fn()
    render(<Composer onSend={() => {}} onAttach={onAttach} accept="image/*" />)
    const file = new File(['x'], 'cat.png', { type: 'image/png' })
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!
    expect(input.accept).toBe('image/*')
    await userEvent.click(screen.getByRole('button', { name: 'Attach files' }))
    await userEvent.upload(input, file)
    expect(onAttach).toHaveBeenLastCalledWith([file])

    await userEvent.click(box())
    const clipboard = new DataTransfer()
    clipboard.items.add(file)
    await userEvent.paste(clipboard)
    expect(onAttach).toHaveBeenCalledTimes(2)

    const form = box().closest('form')!
    const dataTransfer = new DataTransfer()
    dataTransfer.items.add(file)
    // Native events: Testing Library's fireEvent copies a DataTransfer into an empty one.
    const drag = (type: string) =>
      act(() => void form.dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true })))
    drag('dragover')
    expect(form).toHaveAttribute('data-dragging')
    drag('drop')
    expect(onAttach).toHaveBeenCalledTimes(3)
    expect(form).not.toHaveAttribute('data-dragging')
  })

  it('shows upload progress, cancels uploads and holds Send until uploads finish', async () => {
    const onRemoveAttachment = vi.fn()
    const onSend = vi.fn()
    const uploading: ComposerAttachment[] = [
      { id: 'a', name: 'cat.png', status: 'uploading', progress: 0.4 },
      { id: 'b', name: 'notes.pdf', status: 'failed' },
    ]
    const { rerender } = render(
      <Composer onSend={onSend} attachments={uploading} onRemoveAttachment={onRemoveAttachment} />,
    )
    expect(screen.getByRole('progressbar', { name: 'Uploading cat.png' })).toHaveValue(0.4)
    expect(screen.getByText('Upload failed')).toBeTruthy()
    await userEvent.type(box(), 'look')
    expect(send()).toBeDisabled()
    await userEvent.click(screen.getByRole('button', { name: 'Cancel upload of cat.png' }))
    expect(onRemoveAttachment).toHaveBeenCalledWith('a')
    rerender(
      <Composer
        onSend={onSend}
        attachments={[{ id: 'a', name: 'cat.png', status: 'done' }]}
        onRemoveAttachment={onRemoveAttachment}
      />,
    )
    expect(screen.getByRole('button', { name: 'Remove cat.png' })).toBeTruthy()
    await userEvent.clear(box())
    expect(send()).toBeEnabled() // an attachment alone can be sent
    await userEvent.click(send())
    expect(onSend).toHaveBeenCalledWith('')
  })

  it('replies: shows the message answered, and Escape cancels', async () => {
    const onCancelReply = vi.fn()
    render(
      <Composer
        onSend={() => {}}
        replyTo={makeMessage('r', { body: 'Can we move it?' })}
        replyToName="Ada"
        onCancelReply={onCancelReply}
      />,
    )
    expect(screen.getByText('Replying to Ada')).toBeTruthy()
    expect(screen.getByText('Can we move it?')).toBeTruthy()
    await userEvent.type(box(), '{Escape}')
    expect(onCancelReply).toHaveBeenCalledOnce()
    await userEvent.click(screen.getByRole('button', { name: 'Cancel reply' }))
    expect(onCancelReply).toHaveBeenCalledTimes(2)
  })

  it('edits: starts from the message text, saves it, and empties the box when done', async () => {
    const onSaveEdit = vi.fn()
    const message = makeMessage('e', { senderId: 'me', body: 'Teh plan' })
    const { rerender } = render(
      <Composer onSend={() => {}} editing={message} onSaveEdit={onSaveEdit} />,
    )
    expect(screen.getByText('Editing message')).toBeTruthy()
    expect(box()).toHaveValue('Teh plan')
    await userEvent.clear(box())
    await userEvent.type(box(), 'The plan{Enter}')
    expect(onSaveEdit).toHaveBeenCalledWith(message, 'The plan')
    rerender(<Composer onSend={() => {}} />)
    expect(box()).toHaveValue('')
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy()
  })

  it('says why it is disabled', () => {
    render(
      <Composer
        onSend={() => {}}
        onAttach={() => {}}
        disabledReason="This conversation is read-only."
      />,
    )
    expect(box()).toBeDisabled()
    expect(box()).toHaveAccessibleDescription('This conversation is read-only.')
    expect(screen.getByRole('button', { name: 'Attach files' })).toBeDisabled()
    expect(send()).toBeDisabled()
  })

  it('has no axe violations in any mode, light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      const { container } = render(
        <div data-parley-theme={theme}>
          <Composer
            onSend={() => {}}
            onAttach={() => {}}
            onRemoveAttachment={() => {}}
            attachments={[{ id: 'a', name: 'cat.png', status: 'uploading', progress: 0.5 }]}
            replyTo={makeMessage('r')}
            replyToName="Ada"
            onCancelReply={() => {}}
          />
          <Composer onSend={() => {}} disabledReason="Offline" />
        </div>,
      )
      const { violations } = await axe.run(container)
      expect(violations.map((v) => `${theme} ${v.id}: ${v.nodes[0]?.html}`)).toEqual([])
      cleanup()
    }
  })
})

describe('Composer: the length limit', () => {
  const text = (length: number) => 'x'.repeat(length)

  it('counts down in the last tenth before the limit and refuses a longer text', async () => {
    const onSend = vi.fn()
    const { container } = render(<Composer onSend={onSend} maxLength={100} />)
    fireEvent.change(box(), { target: { value: text(89) } })
    expect(screen.queryByText(/characters left/)).toBeNull()
    fireEvent.change(box(), { target: { value: text(95) } })
    const count = screen.getByText('5 characters left')
    expect(box()).toHaveAccessibleDescription('5 characters left')
    expect(send()).toBeEnabled()

    fireEvent.change(box(), { target: { value: text(103) } })
    expect(count).toHaveTextContent('3 too many characters')
    expect(box()).toHaveAttribute('aria-invalid', 'true')
    expect(send()).toBeDisabled()
    fireEvent.keyDown(box(), { key: 'Enter' })
    expect(onSend).not.toHaveBeenCalled()
    expect(box()).toHaveValue(text(103))
    const { violations } = await axe.run(container)
    expect(violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([])

    // What the server counts is the trimmed text: spaces around it do not count.
    fireEvent.change(box(), { target: { value: `  ${text(100)}  ` } })
    expect(screen.getByText('0 characters left')).toBeTruthy()
    await userEvent.click(send())
    expect(onSend).toHaveBeenCalledExactlyOnceWith(text(100))
  })

  it('counts nothing without a limit', () => {
    render(<Composer onSend={() => {}} />)
    fireEvent.change(box(), { target: { value: text(10_000) } })
    expect(screen.queryByText(/characters/)).toBeNull()
    expect(box()).not.toHaveAccessibleDescription()
    expect(send()).toBeEnabled()
  })
})
