import type { Message } from '@parley/core'
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AvatarProps } from '../src'
import {
  Avatar,
  ComponentsProvider,
  DateSeparator,
  MessageBubble,
  PresenceDot,
  StringsProvider,
  TypingIndicator,
  UnreadBadge,
} from '../src'
import { ada, makeMessage, picture } from '../src/fixtures'
import '../src/styles.css'

afterEach(cleanup)

const NOW = Date.now()
const base = makeMessage('m1', { senderId: 'ada', body: 'Hello there', createdAt: NOW })
const own = (over: Partial<Message> = {}) =>
  makeMessage('o1', { senderId: 'me', body: 'Mine', createdAt: NOW, ...over })

describe('Avatar, PresenceDot, UnreadBadge, DateSeparator', () => {
  it('shows initials without a picture, and falls back to them when the picture breaks', async () => {
    const { container, rerender } = render(<Avatar name="ada lovelace" />)
    expect(container.textContent).toBe('AL')
    rerender(<Avatar name="Ada Lovelace" src="https://127.0.0.1:9/broken.png" />)
    await waitFor(() => expect(container.textContent).toBe('AL'))
    rerender(<Avatar name="Ada Lovelace" src={picture(10, 10)} />)
    expect(container.querySelector('img')).toBeTruthy()
    expect(container.firstElementChild).toHaveAttribute('aria-hidden', 'true')
  })

  it('refuses a picture from a script URL', () => {
    const { container } = render(<Avatar name="X" src="javascript:alert(1)" />)
    expect(container.querySelector('img')).toBeNull()
  })

  it('says online or offline, and unread counts in words', () => {
    render(
      <>
        <PresenceDot online />
        <PresenceDot online={false} />
        <UnreadBadge count={3} />
        <UnreadBadge count={150} />
        <UnreadBadge count={0} />
      </>,
    )
    expect(screen.getByRole('img', { name: 'Online' })).toHaveAttribute('data-online')
    expect(screen.getByRole('img', { name: 'Offline' })).not.toHaveAttribute('data-online')
    expect(screen.getByText('3 unread messages')).toBeTruthy()
    expect(screen.getByText('99+')).toBeTruthy()
    expect(document.querySelectorAll('.parley-unread-badge')).toHaveLength(2)
  })

  it('names days relative to today, in the given locale', () => {
    const day = 86_400_000
    render(
      <>
        <DateSeparator date={NOW} />
        <DateSeparator date={NOW - day} />
        <DateSeparator date={Date.UTC(2024, 2, 4, 12)} locale="de-DE" />
        <DateSeparator date={NOW} locale="fr-FR" />
      </>,
    )
    expect(screen.getByText('Today')).toBeTruthy()
    expect(screen.getByText('Yesterday')).toBeTruthy()
    expect(screen.getByText('Montag, 4. März 2024')).toBeTruthy()
    expect(screen.getByText('Aujourd’hui')).toBeTruthy()
  })
})

describe('TypingIndicator', () => {
  it('is a polite live region that exists before anyone types, and names who types', () => {
    const { container, rerender } = render(<TypingIndicator names={[]} />)
    const region = container.querySelector('[aria-live="polite"]')!
    expect(region.textContent).toBe('')
    rerender(<TypingIndicator names={['Ada']} />)
    expect(region.textContent).toBe('Ada is typing…')
    rerender(<TypingIndicator names={['Ada', 'Ben']} />)
    expect(region.textContent).toBe('Ada and Ben are typing…')
    rerender(<TypingIndicator names={['Ada', 'Ben', 'Chen']} />)
    expect(region.textContent).toBe('3 people are typing…')
    // The same element throughout: a live region that is replaced is not announced.
    expect(container.querySelector('[aria-live="polite"]')).toBe(region)
  })
})

describe('MessageBubble', () => {
  it('shows text, time and, for own messages, the delivery status in words', () => {
    const { rerender, container } = render(
      <MessageBubble message={own({ status: 'sending' })} own />,
    )
    expect(container.querySelector('[data-status="sending"]')).toBeTruthy()
    for (const [status, word] of [
      ['sending', 'Sending'],
      ['sent', 'Sent'],
      ['delivered', 'Delivered'],
      ['read', 'Read'],
    ] as const) {
      rerender(<MessageBubble message={own({ status })} own />)
      expect(screen.getByText(word)).toBeTruthy()
    }
    expect(container.querySelector('time')?.getAttribute('datetime')).toBe(
      new Date(NOW).toISOString(),
    )
  })

  it('offers Retry on a failed send', async () => {
    const onRetry = vi.fn()
    const message = own({ status: 'failed' })
    render(<MessageBubble message={message} own onRetry={onRetry} />)
    expect(screen.getAllByText('Not sent').length).toBeGreaterThan(0)
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(onRetry).toHaveBeenCalledWith(message)
  })

  it('shows a placeholder for a deleted message, without its text or actions', () => {
    render(<MessageBubble message={{ ...base, deletedAt: NOW }} sender={ada} onReply={() => {}} />)
    expect(screen.getByText('This message was deleted.')).toBeTruthy()
    expect(screen.queryByText('Hello there')).toBeNull()
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('marks edits, quotes the message replied to and names the sender in groups', () => {
    const original = makeMessage('r0', { senderId: 'ada', body: 'The original question' })
    render(
      <MessageBubble
        message={{ ...base, editedAt: NOW, replyTo: 'r0' }}
        sender={ada}
        showSenderName
        replyTo={original}
        replySender={ada}
      />,
    )
    expect(screen.getByText('edited')).toBeTruthy()
    expect(screen.getByText('The original question').closest('blockquote')).toBeTruthy()
    expect(document.querySelector('.parley-message__sender')?.textContent).toBe('Ada Lovelace')
  })

  it('says when the message replied to is not loaded', () => {
    render(<MessageBubble message={{ ...base, replyTo: 'gone' }} replyTo={null} />)
    expect(screen.getByText('Original message not loaded')).toBeTruthy()
  })

  it('reaches every action by keyboard, and Escape returns to the toggle', async () => {
    const onReply = vi.fn()
    const onEdit = vi.fn()
    const onDelete = vi.fn()
    const onCopy = vi.fn()
    const message = own({ status: 'read' })
    render(
      <MessageBubble
        message={message}
        own
        onReply={onReply}
        onEdit={onEdit}
        onDelete={onDelete}
        onCopy={onCopy}
      />,
    )
    await userEvent.tab()
    const toggle = screen.getByRole('button', { name: 'Message actions' })
    expect(toggle).toHaveFocus()
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await userEvent.keyboard('{Enter}')
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    const group = screen.getByRole('group', { name: 'Message actions' })
    expect(group.id).toBe(toggle.getAttribute('aria-controls'))
    expect(screen.getByRole('button', { name: 'Reply' })).toHaveFocus()
    await userEvent.tab()
    await userEvent.tab()
    expect(screen.getByRole('button', { name: 'Delete' })).toHaveFocus()
    await userEvent.keyboard('{Enter}')
    // Delete asks first; Tab reaches its Delete from Cancel.
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus()
    await userEvent.keyboard('{Tab}{Enter}')
    expect(onDelete).toHaveBeenCalledWith(message)
    expect(toggle).toHaveFocus()
    expect(screen.queryByRole('group')).toBeNull()

    await userEvent.keyboard('{Enter}')
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByRole('group')).toBeNull()
    expect(toggle).toHaveFocus()
    await userEvent.keyboard('{Enter}')
    await userEvent.keyboard('{Tab}{Enter}')
    expect(onEdit).toHaveBeenCalledWith(message)
  })

  it('offers edit and delete only on own, delivered messages', async () => {
    const handlers = { onReply: vi.fn(), onEdit: vi.fn(), onDelete: vi.fn() }
    const { rerender } = render(<MessageBubble message={base} sender={ada} {...handlers} />)
    await userEvent.click(screen.getByRole('button', { name: 'Message actions' }))
    expect(
      screen.getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent),
    ).toEqual(['Message actions', 'Reply', 'Copy'])
    rerender(<MessageBubble message={own({ status: 'sending' })} own {...handlers} />)
    expect(
      screen.getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent),
    ).toEqual(['Message actions', 'Copy'])
  })

  it('reserves an image’s size before it loads', async () => {
    // The file is 10×10; the message says 480×320: the box follows the message, so nothing moves.
    const message = makeMessage('i', {
      kind: 'image',
      body: '',
      attachments: [{ kind: 'image', url: picture(10, 10), width: 480, height: 320 }],
    })
    render(
      <div style={{ width: 400 }}>
        <MessageBubble message={message} sender={ada} />
      </div>,
    )
    const box = document.querySelector<HTMLElement>('.parley-media')!
    const before = box.getBoundingClientRect()
    expect(before.height).toBeGreaterThan(100)
    expect(before.width / before.height).toBeCloseTo(480 / 320, 1)
    const img = box.querySelector('img')!
    await waitFor(() => expect(img.complete && img.naturalWidth).toBe(10))
    expect(box.getBoundingClientRect().height).toBe(before.height)
  })

  it('renders voice messages and files, linking files only to http(s)', () => {
    render(
      <MessageBubble
        message={makeMessage('a', {
          body: '',
          attachments: [
            { kind: 'voice', url: 'https://cdn.example/v.ogg', durationMs: 3000 },
            {
              kind: 'file',
              url: 'https://cdn.example/plan.pdf',
              name: 'plan.pdf',
              size: 2_400_000,
            },
            { kind: 'file', url: 'javascript:alert(1)', name: 'evil.pdf' },
          ],
        })}
      />,
    )
    expect(document.querySelector('audio')).toHaveAttribute('aria-label', 'Voice message')
    const link = screen.getByRole('link', { name: 'Download plan.pdf' })
    expect(link).toHaveAttribute('href', 'https://cdn.example/plan.pdf')
    expect(screen.getByText('2.4 MB')).toBeTruthy()
    expect(screen.getByText('evil.pdf').closest('a')).toBeNull()
  })

  it('makes links of URLs in text, opening in a new tab without access to the page', () => {
    render(<MessageBubble message={{ ...base, body: 'See https://example.com/x, thanks' }} />)
    const link = screen.getByRole('link', { name: 'https://example.com/x' })
    expect(link).toHaveAttribute('target', '_blank')
    expect(link).toHaveAttribute('rel', 'noopener noreferrer')
  })
})

describe('strings, locale and replaceable parts', () => {
  it('takes strings from a provider, a prop overriding it, and formats times in the locale', () => {
    const at = new Date(2024, 0, 1, 15, 5).getTime()
    render(
      <StringsProvider locale="de-DE" strings={{ retry: 'Erneut senden', you: 'Du' }}>
        <MessageBubble
          message={own({ status: 'failed', createdAt: at })}
          own
          onRetry={() => {}}
          strings={{ status: { ...defaultStatus, failed: 'Nicht gesendet' } }}
        />
      </StringsProvider>,
    )
    expect(screen.getByRole('button', { name: 'Erneut senden' })).toBeTruthy()
    expect(screen.getAllByText('Nicht gesendet').length).toBeGreaterThan(0)
    expect(screen.getByText('15:05')).toBeTruthy()
    expect(screen.getByText('Du:')).toBeTruthy()
  })

  it('replaces a sub-component everywhere inside a ComponentsProvider', () => {
    const Square = ({ name }: AvatarProps) => <span data-testid="square">{name}</span>
    render(
      <ComponentsProvider components={{ Avatar: Square }}>
        <MessageBubble message={base} sender={ada} />
      </ComponentsProvider>,
    )
    expect(screen.getByTestId('square').textContent).toBe('Ada Lovelace')
  })
})

const defaultStatus = {
  unconfirmed: 'Waiting for the server',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not sent',
}

describe('accessibility (axe)', () => {
  const states: [string, Message, boolean][] = [
    ['text', base, false],
    ['own read', own({ status: 'read' }), true],
    ['own failed', own({ status: 'failed' }), true],
    ['deleted', { ...base, deletedAt: NOW }, false],
    ['edited reply', { ...base, editedAt: NOW, replyTo: 'x' }, false],
    [
      'image',
      makeMessage('i', {
        kind: 'image',
        attachments: [{ kind: 'image', url: picture(40, 30), width: 40, height: 30 }],
      }),
      false,
    ],
    ['system', makeMessage('s', { kind: 'system', body: 'Ada joined' }), false],
  ]
  for (const theme of ['light', 'dark']) {
    it.each(states)(`${theme}: %s`, async (_, message, isOwn) => {
      const { container } = render(
        <div data-parley-theme={theme}>
          <MessageBubble
            message={message}
            own={isOwn}
            sender={ada}
            showSenderName
            replyTo={message.replyTo ? null : undefined}
            onRetry={() => {}}
            onReply={() => {}}
          />
          <TypingIndicator names={['Ada']} />
          <UnreadBadge count={4} />
          <PresenceDot online />
          <DateSeparator date={NOW} />
        </div>,
      )
      const { violations } = await axe.run(container)
      expect(violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([])
    })
  }
})
