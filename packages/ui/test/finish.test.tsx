/**
 * Issue 14's finish: ticks that differ by shape and colour, bubbles joined into runs, emoji-only
 * messages enlarged, and the keyboard habits (Arrow-Up edits one's last message, Esc cancels).
 */
import type { Message } from '@parley/core'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ChatWindow, MessageBubble, MessageList } from '../src'
import { ada, directConversation, groupConversation, makeMessage } from '../src/fixtures'
import '../src/styles.css'

afterEach(cleanup)

const T = Date.parse('2026-03-02T10:00:00Z')
const say = (id: string, senderId: string, body: string, over: Partial<Message> = {}) =>
  makeMessage(id, { senderId, body, createdAt: T + Number(id.slice(1)) * 1000, ...over })

describe('ticks', () => {
  const statuses = ['sending', 'sent', 'delivered', 'read'] as const
  const names = { sending: 'Sending', sent: 'Sent', delivered: 'Delivered', read: 'Read' }

  it('sending, sent, delivered and read differ by shape and colour, each with its name', async () => {
    const { container } = render(
      <div>
        {statuses.map((status) => (
          <MessageBubble
            key={status}
            message={say('m1', 'me', `A ${status} one`, { status })}
            own
          />
        ))}
      </div>,
    )
    const looks = statuses.map((status) => {
      const tick = container.querySelector<HTMLElement>(
        `.parley-message__status[data-status="${status}"]`,
      )!
      // Named for screen readers (in reading order) and, as a tooltip, for everyone.
      expect(tick).toHaveTextContent(names[status])
      expect(tick).toHaveAttribute('title', names[status])
      const glyph = tick.querySelector<HTMLElement>('[aria-hidden]')!
      const style = getComputedStyle(glyph)
      return { shape: glyph.textContent, colour: `${style.color} on ${style.backgroundColor}` }
    })
    // Every tick has its own glyph, except read, which shares delivered's ✓✓ and differs in shape
    // (a filled pill) and colour instead.
    expect(new Set(looks.map((look) => look.shape)).size).toBe(3)
    expect(looks[3]!.colour).not.toBe(looks[2]!.colour)
    expect(
      getComputedStyle(container.querySelector('[data-status="read"] [aria-hidden]')!).borderRadius,
    ).not.toBe('0px')
    const { violations } = await axe.run(container)
    expect(violations.map((v) => v.id)).toEqual([])
  })
})

describe('runs', () => {
  const radii = (text: string) => {
    const bubble = screen.getByText(text).closest<HTMLElement>('.parley-message__bubble')!
    const style = getComputedStyle(bubble)
    return [
      style.borderStartStartRadius,
      style.borderEndStartRadius,
      style.borderStartEndRadius,
      style.borderEndEndRadius,
    ]
  }

  it('joins the corners between bubbles of one run on the sender’s side, and names a sender once', async () => {
    const messages = [
      say('m1', 'ada', 'First of three'),
      say('m2', 'ada', 'Second of three'),
      say('m3', 'ada', 'Third of three'),
      say('m4', 'me', 'Mine, first', { status: 'read' }),
      say('m5', 'me', 'Mine, last', { status: 'read' }),
    ]
    render(
      <div style={{ width: 420, height: 560, display: 'flex' }}>
        <MessageList
          messages={messages}
          currentUserId="me"
          participants={groupConversation.participants}
          showSenderNames
        />
      </div>,
    )
    await screen.findByText('Third of three')
    const round = '16px'
    const joined = '4px'
    // [start-start, end-start, start-end, end-end]: the sender's side is the start for others.
    expect(radii('First of three')).toEqual([round, joined, round, round])
    expect(radii('Second of three')).toEqual([joined, joined, round, round])
    expect(radii('Third of three')).toEqual([joined, round, round, round])
    expect(radii('Mine, first')).toEqual([round, round, round, joined])
    expect(radii('Mine, last')).toEqual([round, round, joined, round])
    // Ada's name shows once, above her run.
    expect(screen.getAllByText(ada.name, { selector: '.parley-row__name bdi' })).toHaveLength(1)
  })
})

describe('emoji-only messages', () => {
  it.each([
    ['👍🏽', true],
    ['🇲🇦 ❤️', true],
    ['👨‍👩‍👧', true],
    ['😀😀😀😀', false],
    ['ok 👍', false],
    ['2026', false],
  ])('%s: enlarged %s', (body, enlarged) => {
    const { container } = render(<MessageBubble message={say('m1', 'ada', body)} />)
    const message = container.querySelector('.parley-message')!
    expect(message.hasAttribute('data-emoji-only')).toBe(enlarged)
    const size = parseFloat(getComputedStyle(screen.getByText(body)).fontSize)
    expect(size > 30).toBe(enlarged)
  })
})

describe('keyboard habits', () => {
  const history = [
    say('m1', 'me', 'Earlier of mine', { status: 'read' }),
    say('m2', 'ada', 'A reply from Ada'),
    say('m3', 'me', 'My last one', { status: 'delivered' }),
    say('m4', 'me', 'Still sending', { status: 'sending' }),
  ]

  it('Arrow-Up in an empty composer edits one’s last sent message; Esc cancels it', async () => {
    const onEditMessage = vi.fn()
    render(
      <div style={{ width: 420, height: 560 }}>
        <ChatWindow
          conversation={directConversation}
          currentUserId="me"
          messages={history}
          onSend={() => {}}
          onEditMessage={onEditMessage}
        />
      </div>,
    )
    const box = screen.getByRole('textbox', { name: 'Message' })
    await userEvent.click(box)
    // Not the one still sending: it cannot be edited yet.
    await userEvent.keyboard('{ArrowUp}')
    expect(await screen.findByText('Editing message')).toBeVisible()
    await waitFor(() => expect(box).toHaveFocus())
    expect(box).toHaveValue('My last one')
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByText('Editing message')).toBeNull()
    expect(box).toHaveValue('')

    // Saved with Enter, as a send would be.
    await userEvent.keyboard('{ArrowUp}')
    await userEvent.clear(box)
    await userEvent.type(box, 'My last one, fixed{Enter}')
    expect(onEditMessage).toHaveBeenCalledWith(history[2], 'My last one, fixed')
  })

  it('leaves Arrow-Up alone while there is text, and where messages cannot be edited', async () => {
    const { rerender } = render(
      <ChatWindow
        conversation={directConversation}
        currentUserId="me"
        messages={history}
        onSend={() => {}}
        onEditMessage={() => {}}
      />,
    )
    const box = screen.getByRole('textbox', { name: 'Message' })
    await userEvent.type(box, 'Typing{ArrowUp}')
    expect(screen.queryByText('Editing message')).toBeNull()
    await userEvent.clear(box)
    rerender(
      <ChatWindow
        conversation={directConversation}
        currentUserId="me"
        messages={history}
        onSend={() => {}}
      />,
    )
    await userEvent.keyboard('{ArrowUp}')
    expect(screen.queryByText('Editing message')).toBeNull()
  })

  it('Esc cancels a reply too', async () => {
    render(
      <div style={{ width: 420, height: 560 }}>
        <ChatWindow
          conversation={directConversation}
          currentUserId="me"
          messages={history}
          onSend={() => {}}
        />
      </div>,
    )
    // Rows are shown once the list has placed them at the end.
    const row = await waitFor(() => {
      const found = screen.getByText('A reply from Ada').closest<HTMLElement>('.parley-message')!
      within(found).getByRole('button', { name: 'Message actions' })
      return found
    })
    await userEvent.click(within(row).getByRole('button', { name: 'Message actions' }))
    await userEvent.click(within(row).getByRole('button', { name: 'Reply' }))
    expect(await screen.findByText('Replying to Ada Lovelace')).toBeVisible()
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus())
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByText('Replying to Ada Lovelace')).toBeNull()
  })
})
