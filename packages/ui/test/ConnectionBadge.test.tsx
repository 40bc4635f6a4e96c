import type { ConnectionState } from '@parley/core'
import { ParleyError } from '@parley/core'
import { act, cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConnectionBadge } from '../src'
import '../src/styles.css'

const T0 = 1_700_000_000_000

const states = {
  idle: { status: 'idle' },
  connecting: { status: 'connecting', attempt: 0 },
  open: { status: 'open', since: T0 },
  reconnecting: {
    status: 'reconnecting',
    attempt: 2,
    retryAt: T0 + 5_000,
    reason: { kind: 'connect-timeout' },
  },
  offline: { status: 'offline', reason: { kind: 'offline' } },
  unauthorized: { status: 'unauthorized', reason: { kind: 'auth', message: 'token refused' } },
  closedByApp: { status: 'closed', reason: { kind: 'app' } },
  closedByError: {
    status: 'closed',
    reason: {
      kind: 'error',
      error: new ParleyError('socket-error', 'No WebSocket implementation'),
    },
  },
} satisfies Record<string, ConnectionState>

const fixedClock = () => T0

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('ConnectionBadge labels and actions', () => {
  it.each([
    ['idle', states.idle, 'Not connected', false],
    ['connecting', states.connecting, 'Connecting…', false],
    ['open', states.open, 'Connected', false],
    ['offline', states.offline, 'Offline', true],
    ['unauthorized', states.unauthorized, 'Sign-in expired', true],
    ['closed by the app', states.closedByApp, 'Disconnected', false],
    ['closed by an error', states.closedByError, 'Connection error', true],
  ] as const)('%s: says "%s"', (_, state, text, offersReconnect) => {
    render(<ConnectionBadge state={state} onReconnect={() => {}} />)
    const status = screen.getByRole('status')
    expect(status.textContent).toContain(text)
    expect(status.dataset['status']).toBe(state.status)
    expect(screen.queryByRole('button', { name: 'Reconnect' }) !== null).toBe(offersReconnect)
  })

  it('marks a closed-by-error badge with data-error, for styling', () => {
    render(<ConnectionBadge state={states.closedByError} />)
    expect(screen.getByRole('status').hasAttribute('data-error')).toBe(true)
  })

  it('calls onReconnect when the Reconnect button is clicked', async () => {
    const onReconnect = vi.fn()
    render(<ConnectionBadge state={states.unauthorized} onReconnect={onReconnect} />)
    await userEvent.click(screen.getByRole('button', { name: 'Reconnect' }))
    expect(onReconnect).toHaveBeenCalledTimes(1)
  })

  it('shows no button without onReconnect, even where reconnecting would make sense', () => {
    render(<ConnectionBadge state={states.offline} />)
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('replaces any string, including the countdown function', () => {
    render(
      <ConnectionBadge
        state={states.reconnecting}
        now={fixedClock}
        onReconnect={() => {}}
        strings={{ reconnectingIn: (s) => `Nouvel essai dans ${s} s`, reconnect: 'Réessayer' }}
      />,
    )
    expect(screen.getByText('Nouvel essai dans 5 s')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeTruthy()
    // Strings not overridden keep their English default.
    expect(screen.getByText('Reconnecting, attempt 2')).toBeTruthy()
  })
})

describe('ConnectionBadge countdown', () => {
  it('counts down once a second from retryAt, then says it is reconnecting', () => {
    vi.useFakeTimers({ now: T0 })
    render(<ConnectionBadge state={states.reconnecting} />)
    const status = screen.getByRole('status')
    expect(status.textContent).toContain('Reconnecting in 5s')
    expect(status.dataset['attempt']).toBe('2')

    act(() => void vi.advanceTimersByTime(1_000))
    expect(status.textContent).toContain('Reconnecting in 4s')
    act(() => void vi.advanceTimersByTime(3_000))
    expect(status.textContent).toContain('Reconnecting in 1s')
    act(() => void vi.advanceTimersByTime(1_000))
    expect(status.textContent).toContain('Reconnecting…')
    // Nothing left to count: no timer keeps waking the page.
    expect(vi.getTimerCount()).toBe(0)
  })

  it('ticks on whole-second boundaries of retryAt, not a second after mount', () => {
    vi.useFakeTimers({ now: T0 + 700 }) // 4.3 s left: shows 5 until 4 s are left
    render(<ConnectionBadge state={states.reconnecting} />)
    expect(screen.getByRole('status').textContent).toContain('in 5s')
    act(() => void vi.advanceTimersByTime(300))
    expect(screen.getByRole('status').textContent).toContain('in 4s')
  })

  it('reads an injected clock', () => {
    let clock = T0
    vi.useFakeTimers({ now: 0 }) // Date.now is far away: only the injected clock can give "3s"
    render(<ConnectionBadge state={states.reconnecting} now={() => clock} />)
    clock += 2_000
    act(() => void vi.advanceTimersByTime(1_000))
    expect(screen.getByRole('status').textContent).toContain('Reconnecting in 3s')
  })

  it('clears its timer on unmount and when the state stops reconnecting', () => {
    vi.useFakeTimers({ now: T0 })
    const { rerender, unmount } = render(<ConnectionBadge state={states.reconnecting} />)
    expect(vi.getTimerCount()).toBe(1)
    rerender(<ConnectionBadge state={states.open} />)
    expect(vi.getTimerCount()).toBe(0)
    rerender(<ConnectionBadge state={states.reconnecting} />)
    expect(vi.getTimerCount()).toBe(1)
    unmount()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('keeps the ticking text out of the live region and announces the attempt instead', () => {
    render(<ConnectionBadge state={states.reconnecting} now={fixedClock} />)
    const countdown = screen.getByText('Reconnecting in 5s')
    expect(countdown.closest('[aria-hidden="true"]')).not.toBeNull()
    const announced = screen.getByText('Reconnecting, attempt 2')
    expect(announced.closest('[aria-hidden="true"]')).toBeNull()
    expect(announced.closest('[role="status"]')).toBe(screen.getByRole('status'))
  })
})

describe('ConnectionBadge accessibility (axe)', () => {
  const themes = ['light', 'dark'] as const
  for (const theme of themes) {
    it.each(Object.entries(states))(`${theme} theme, %s: no axe violations`, async (_, state) => {
      const { container } = render(
        <div data-parley-theme={theme}>
          <ConnectionBadge state={state} now={fixedClock} onReconnect={() => {}} />
        </div>,
      )
      const { violations } = await axe.run(container)
      expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])
    })
  }
})

describe('ConnectionBadge: Reconnect with an expired sign-in', () => {
  it('says so when the server refuses the same sign-in again, and forgets it once connected', async () => {
    const onReconnect = vi.fn()
    const { rerender } = render(
      <ConnectionBadge state={states.unauthorized} onReconnect={onReconnect} />,
    )
    const status = screen.getByRole('status')
    expect(status).toHaveTextContent('Sign-in expired')
    await userEvent.click(screen.getByRole('button', { name: 'Reconnect' }))
    expect(onReconnect).toHaveBeenCalledOnce()
    rerender(<ConnectionBadge state={states.connecting} onReconnect={onReconnect} />)
    rerender(<ConnectionBadge state={states.unauthorized} onReconnect={onReconnect} />)
    // Other words than before, so that the live region reads them out.
    expect(status).toHaveTextContent('Still signed out: sign in again')
    expect(status).not.toHaveTextContent('token refused')

    rerender(<ConnectionBadge state={states.open} onReconnect={onReconnect} />)
    rerender(<ConnectionBadge state={states.unauthorized} onReconnect={onReconnect} />)
    expect(status).toHaveTextContent('Sign-in expired')
  })
})

describe('ConnectionBadge: a server that keeps refusing the handshake (authSuspected)', () => {
  const suspected = 'Can’t connect — the server may have refused your session'

  it('says the session may be refused, keeps the countdown in the tooltip and offers Reconnect', async () => {
    vi.useFakeTimers({ now: T0 })
    const onReconnect = vi.fn()
    render(
      <ConnectionBadge
        state={{ ...states.reconnecting, authSuspected: true }}
        onReconnect={onReconnect}
      />,
    )
    const status = screen.getByRole('status')
    expect(status).toHaveTextContent(suspected)
    expect(status).not.toHaveTextContent('Reconnecting in')
    expect(status).toHaveAttribute('data-auth-suspected')
    const label = status.querySelector('.parley-connection-badge__label')!
    expect(label).toHaveAttribute('title', 'Reconnecting in 5s')
    // The tooltip ticks; what is visible and read out does not.
    act(() => void vi.advanceTimersByTime(2_000))
    expect(label).toHaveAttribute('title', 'Reconnecting in 3s')
    expect(status).toHaveTextContent(suspected)
    vi.useRealTimers()
    await userEvent.click(screen.getByRole('button', { name: 'Reconnect' }))
    expect(onReconnect).toHaveBeenCalledTimes(1)
    const { violations } = await axe.run(status)
    expect(violations.map((v) => v.id)).toEqual([])
  })

  it('says so while connecting too, and goes back to the usual words once it is no longer suspected', () => {
    const { rerender } = render(
      <ConnectionBadge
        state={{ status: 'connecting', attempt: 4, authSuspected: true }}
        onReconnect={() => {}}
      />,
    )
    expect(screen.getByRole('status')).toHaveTextContent(suspected)
    expect(screen.getByRole('button', { name: 'Reconnect' })).toBeVisible()
    rerender(<ConnectionBadge state={states.connecting} onReconnect={() => {}} />)
    expect(screen.getByRole('status')).toHaveTextContent('Connecting…')
    expect(screen.queryByRole('button', { name: 'Reconnect' })).toBeNull()
  })

  it('takes its words from the i18n key `authSuspected`', () => {
    render(
      <ConnectionBadge
        state={{ ...states.reconnecting, authSuspected: true }}
        now={fixedClock}
        strings={{ authSuspected: 'Verbindung abgelehnt?' }}
      />,
    )
    expect(screen.getByRole('status')).toHaveTextContent('Verbindung abgelehnt?')
  })
})
