import type { Message } from '@parley/core'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ChatWindowProps } from '../src'
import { ChatWindow } from '../src'
import {
  ada,
  ben,
  directConversation,
  groupConversation,
  makeMessage,
  makeMessages,
  me,
} from '../src/fixtures'
import '../src/styles.css'

afterEach(cleanup)

const messages = makeMessages({ count: 30, senders: [me, ada], conversationId: 'd1' })

function Window(props: Partial<ChatWindowProps>) {
  return (
    <div style={{ width: 420, height: 560 }}>
      <ChatWindow
        conversation={directConversation}
        currentUserId="me"
        messages={messages}
        onSend={() => {}}
        {...props}
      />
    </div>
  )
}

describe('ChatWindow', () => {
  it('has a header with the name, presence and connection', () => {
    render(<Window presence={{ ada: true }} connection={{ status: 'open', since: 0 }} />)
    const region = screen.getByRole('region', { name: 'Ada Lovelace' })
    expect(within(region).getByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy()
    expect(region.querySelector('.parley-chat__subtitle')).toHaveTextContent('Online')
    expect(within(region).getByRole('status')).toHaveTextContent('Connected')
    expect(within(region).getByRole('log', { name: 'Messages' })).toBeTruthy()
    expect(within(region).getByRole('textbox', { name: 'Message' })).toBeTruthy()
    expect(within(region).getByRole('button', { name: 'Send' })).toBeTruthy()
  })

  it('lists the participants of a group and who is typing', () => {
    render(<Window conversation={groupConversation} typing={['ada', 'me']} />)
    expect(document.querySelector('.parley-chat__subtitle')).toHaveTextContent(
      'Ada Lovelace, Ben Carter, Chen Wei',
    )
    expect(document.querySelector('.parley-typing')).toHaveTextContent('Ada Lovelace is typing…')
  })

  it('sends, and replies to a message chosen with the keyboard', async () => {
    const onSend = vi.fn()
    render(<Window onSend={onSend} />)
    const box = screen.getByRole('textbox', { name: 'Message' })
    await userEvent.type(box, 'Plain{Enter}')
    expect(onSend).toHaveBeenLastCalledWith('Plain', undefined)

    const last = messages[messages.length - 1]!
    const row = await screen.findByText(last.body)
    const bubble = row.closest('.parley-message') as HTMLElement
    // (findByRole: react-virtuoso keeps rows invisible until it has scrolled to the latest.)
    await userEvent.click(await within(bubble).findByRole('button', { name: 'Message actions' }))
    await userEvent.keyboard('{Enter}') // "Reply" has focus
    expect(screen.getByText(/^Replying to /)).toBeTruthy()
    await waitFor(() => expect(box).toHaveFocus())
    await userEvent.type(box, 'Answer{Enter}')
    expect(onSend).toHaveBeenLastCalledWith('Answer', last)
    expect(screen.queryByText(/^Replying to /)).toBeNull()
  })

  it('edits one’s own message', async () => {
    const onEditMessage = vi.fn()
    const mine = makeMessage('mine', { senderId: 'me', body: 'Teh plan', status: 'read' })
    render(<Window messages={[...messages, mine]} onEditMessage={onEditMessage} />)
    const bubble = (await screen.findByText('Teh plan')).closest('.parley-message') as HTMLElement
    await userEvent.click(await within(bubble).findByRole('button', { name: 'Message actions' }))
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }))
    const box = screen.getByRole('textbox', { name: 'Message' })
    await waitFor(() => expect(box).toHaveFocus())
    expect(box).toHaveValue('Teh plan')
    await userEvent.clear(box)
    await userEvent.type(box, 'The plan{Enter}')
    expect(onEditMessage).toHaveBeenCalledWith(mine, 'The plan')
  })

  it('moves focus to the message box when another conversation opens, not on first render', async () => {
    const { rerender } = render(<Window />)
    expect(document.body).toHaveFocus()
    rerender(<Window conversation={groupConversation} messages={[]} />)
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus())
    // With the composer disabled, focus goes to the messages.
    rerender(<Window conversation={directConversation} composerDisabledReason="Read-only" />)
    await waitFor(() => expect(screen.getByRole('log')).toHaveFocus())
  })

  it('focuses on mount when asked to', async () => {
    render(<Window focusOnMount />)
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus())
  })

  it('lays out right to left: own messages on the left', async () => {
    const mine = makeMessage('r', { senderId: 'me', body: 'mine', status: 'read' })
    const theirs = makeMessage('t', { senderId: 'ada', body: 'theirs', createdAt: Date.now() + 1 })
    render(
      <div dir="rtl">
        <Window messages={[mine, theirs]} />
      </div>,
    )
    const own = (await screen.findByText('mine')).getBoundingClientRect()
    const other = (await screen.findByText('theirs')).getBoundingClientRect()
    expect(own.left).toBeLessThan(other.left)
    expect(other.right).toBeGreaterThan(300)
  })

  it('has no axe violations, light and dark', async () => {
    const failed: Message = makeMessage('f', { senderId: 'me', status: 'failed', body: 'oops' })
    for (const theme of ['light', 'dark']) {
      const { container } = render(
        <div data-parley-theme={theme}>
          <Window
            conversation={groupConversation}
            messages={[...makeMessages({ count: 20, senders: [me, ada, ben] }), failed]}
            typing={['ben']}
            connection={{ status: 'offline', reason: { kind: 'offline' } }}
            onReconnect={() => {}}
            onRetry={() => {}}
            onAttach={() => {}}
          />
        </div>,
      )
      await screen.findByText('oops')
      const { violations } = await axe.run(container)
      expect(violations.map((v) => `${theme} ${v.id}: ${v.nodes[0]?.html}`)).toEqual([])
      cleanup()
    }
  })

  it('stops showing presence and typing once the connection is lost or the sign-in expired', () => {
    const { rerender } = render(
      <Window
        presence={{ ada: true }}
        typing={['ada']}
        connection={{ status: 'open', since: 0 }}
      />,
    )
    const region = screen.getByRole('region', { name: 'Ada Lovelace' })
    expect(region).toHaveTextContent('Online')
    expect(region).toHaveTextContent('Ada Lovelace is typing…')
    for (const connection of [
      { status: 'unauthorized', reason: { kind: 'auth', message: 'authentication refused' } },
      {
        status: 'reconnecting',
        attempt: 1,
        retryAt: Date.now() + 5000,
        reason: { kind: 'offline' },
      },
    ] as const) {
      rerender(<Window presence={{ ada: true }} typing={['ada']} connection={connection} />)
      expect(region).not.toHaveTextContent('Online')
      expect(region).not.toHaveTextContent('typing')
      expect(region).not.toHaveTextContent('authentication refused')
    }
  })

  it('on a phone, keeps the whole name beside the connection badge', async () => {
    const { page } = await import('vitest/browser')
    const conversation = {
      ...directConversation,
      participants: [me, { ...ada, name: 'Maya Okafor-Lindqvist' }],
    }
    for (const connection of [
      { status: 'open', since: 0 },
      {
        status: 'reconnecting',
        attempt: 1,
        retryAt: Date.now() + 5000,
        reason: { kind: 'offline' },
      },
    ] as const) {
      await page.viewport(390, 844)
      render(
        <div style={{ width: 390, height: 700 }}>
          <ChatWindow
            conversation={conversation}
            currentUserId="me"
            messages={messages}
            onSend={() => {}}
            onBack={() => {}}
            connection={connection}
            onReconnect={() => {}}
          />
        </div>,
      )
      const title = screen.getByRole('heading', { name: 'Maya Okafor-Lindqvist' })
      expect(title.scrollWidth).toBeLessThanOrEqual(title.clientWidth)
      const badge = screen.getByRole('status')
      expect(badge.getBoundingClientRect().right).toBeLessThanOrEqual(390)
      // Shrunk to its dot, the badge still says what it is to screen readers.
      if (connection.status === 'open') expect(badge).toHaveTextContent('Connected')
      cleanup()
    }
  })
})
