import type { Message } from '@parley/core'
import { ParleyError } from '@parley/core'
import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { page } from 'vitest/browser'
import { MessageBubble } from '../src'
import { ada, makeMessage } from '../src/fixtures'
import '../src/styles.css'

afterEach(cleanup)

const own = (over: Partial<Message> = {}) =>
  makeMessage('o1', { senderId: 'me', body: 'Mine', status: 'read', ...over })
const theirs = makeMessage('t1', { senderId: 'ada', body: 'ok' })
const buttons = () =>
  screen.getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent)

describe('MessageBubble: delivery', () => {
  it('shows an unconfirmed send apart from one still sending, with neither Retry nor Discard', async () => {
    const handlers = { onRetry: vi.fn(), onDelete: vi.fn(), onReply: vi.fn(), onEdit: vi.fn() }
    const { rerender, container } = render(
      <MessageBubble message={own({ status: 'sending' })} own {...handlers} />,
    )
    const glyph = () =>
      container.querySelector('.parley-message__status [aria-hidden]')!.textContent
    const sending = glyph()
    rerender(<MessageBubble message={own({ status: 'unconfirmed' })} own {...handlers} />)
    expect(glyph()).not.toBe(sending)
    expect(screen.getByText('Waiting for the server')).toBeTruthy()
    expect(screen.queryByText('Not sent')).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Message actions' }))
    expect(buttons()).toEqual(['Message actions', 'Copy'])
    const { violations } = await axe.run(container)
    expect(violations.map((v) => v.id)).toEqual([])
  })

  it('says in its own words that the server found a message too long, and offers no Retry', () => {
    const error = new ParleyError('send-failed', 'too-long: Message is longer than 4000 characters')
    render(<MessageBubble message={own({ status: 'failed', error })} own onRetry={() => {}} />)
    expect(screen.getByText('Not sent: too long')).toBeTruthy()
    expect(screen.queryByText(/4000|Message is longer/)).toBeNull()
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull()
  })

  it('keeps Retry for a send that failed for another reason', () => {
    const error = new ParleyError('ack-timeout', 'No ack')
    render(<MessageBubble message={own({ status: 'failed', error })} own onRetry={() => {}} />)
    expect(screen.getAllByText('Not sent').length).toBeGreaterThan(0)
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy()
  })
})

describe('MessageBubble: delete', () => {
  it('asks before deleting; Cancel, Escape and leaving keep the message', async () => {
    const onDelete = vi.fn()
    const message = own()
    render(<MessageBubble message={message} own onDelete={onDelete} />)
    const toggle = screen.getByRole('button', { name: 'Message actions' })

    await userEvent.click(toggle)
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }))
    expect(onDelete).not.toHaveBeenCalled()
    const question = screen.getByRole('group', { name: 'Delete this message?' })
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus()
    // A second Enter lands on Cancel, not on Delete.
    await userEvent.keyboard('{Enter}')
    expect(question).not.toBeInTheDocument()
    expect(toggle).toHaveFocus()

    await userEvent.keyboard('{Enter}')
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }))
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByRole('group')).toBeNull()
    expect(onDelete).not.toHaveBeenCalled()

    await userEvent.click(toggle)
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }))
    const { violations } = await axe.run(document.querySelector('.parley-message')!)
    expect(violations.map((v) => v.id)).toEqual([])
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }))
    expect(onDelete).toHaveBeenCalledExactlyOnceWith(message)
    expect(screen.queryByRole('group')).toBeNull()
  })
})

describe('MessageBubble: the actions menu fits the viewport', () => {
  const handlers = { onReply: () => {}, onEdit: () => {}, onDelete: () => {}, onCopy: () => {} }

  /** Every part of the open menu is inside the viewport, 8 px from its edges. */
  async function expectMenuInside() {
    await userEvent.click(screen.getByRole('button', { name: 'Message actions' }))
    const menu = screen.getByRole('group', { name: 'Message actions' })
    for (const element of [menu, ...menu.querySelectorAll('button')]) {
      const box = element.getBoundingClientRect()
      expect(box.left).toBeGreaterThanOrEqual(8)
      expect(box.right).toBeLessThanOrEqual(innerWidth - 8)
      expect(box.top).toBeGreaterThanOrEqual(0)
      expect(box.bottom).toBeLessThanOrEqual(innerHeight)
    }
    // Still on the message's row.
    const row = menu.closest('.parley-message')!.getBoundingClientRect()
    const box = menu.getBoundingClientRect()
    expect(box.bottom).toBeGreaterThan(row.top)
    expect(box.top).toBeLessThan(row.bottom)
    // Clicked at, it is the menu and not what lies under it.
    const reply = screen.getByRole('button', { name: 'Reply' }).getBoundingClientRect()
    expect(document.elementFromPoint(reply.x + 2, reply.y + 2)).toHaveTextContent('Reply')
  }

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    for (const dir of ['ltr', 'rtl'] as const) {
      it(`at ${width} px, ${dir}: own and others' short messages`, async () => {
        await page.viewport(width, height)
        for (const props of [{ message: own({ body: 'ok' }), own: true }, { message: theirs }]) {
          render(
            <div dir={dir} style={{ position: 'fixed', inset: 0, padding: 12 }}>
              <MessageBubble {...props} sender={ada} {...handlers} />
            </div>,
          )
          await expectMenuInside()
          cleanup()
        }
      })
    }
  }
})

describe('MessageBubble: touch', () => {
  const touch = (type: string, x = 20, y = 20, pointerType = 'touch') =>
    document
      .querySelector('.parley-message__bubble')!
      .dispatchEvent(new PointerEvent(type, { pointerType, clientX: x, clientY: y, bubbles: true }))
  const menu = () => screen.queryByRole('group', { name: 'Message actions' })
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  it('opens the actions on a long press, not on a tap, a scroll or a mouse press', async () => {
    const onReply = vi.fn()
    render(<MessageBubble message={theirs} sender={ada} onReply={onReply} />)
    touch('pointerdown')
    touch('pointerup')
    await wait(700)
    expect(menu()).toBeNull()

    // A finger that moves is scrolling.
    touch('pointerdown')
    touch('pointermove', 20, 60)
    await wait(700)
    expect(menu()).toBeNull()

    touch('pointerdown', 20, 20, 'mouse')
    await wait(700)
    expect(menu()).toBeNull()

    touch('pointerdown')
    touch('pointermove', 23, 22)
    const contextMenu = new MouseEvent('contextmenu', { bubbles: true, cancelable: true })
    document.querySelector('.parley-message__bubble')!.dispatchEvent(contextMenu)
    expect(contextMenu.defaultPrevented).toBe(true)
    await wait(700)
    expect(menu()).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Reply' })).toHaveFocus()
    touch('pointerup')
    await userEvent.click(screen.getByRole('button', { name: 'Reply' }))
    expect(onReply).toHaveBeenCalledOnce()
  })
})
