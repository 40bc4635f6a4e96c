import { act, render, renderHook, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ChatProvider, useConnection } from '../src'
import { chatOptions, setupBackend, until } from './backend'
import { HeadlessChat } from './HeadlessChat'

const backend = setupBackend()
afterEach(() => void vi.useRealTimers())

describe('useConnection', () => {
  it('shows the state, the attempt, a countdown to the next retry, the reason, and reconnects', async () => {
    const b = await backend.start()
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      shouldAdvanceTime: true,
    })
    const options = chatOptions(b, 'alice', {
      now: () => Date.now(),
      // Full jitter drawn at the top of the range: retries wait 2.97 s, then 5.94 s.
      backoff: { baseMs: 3_000, capMs: 6_000 },
      random: () => 0.99,
    })
    const { result } = renderHook(() => useConnection(), {
      wrapper: ({ children }) => <ChatProvider options={options}>{children}</ChatProvider>,
    })
    await vi.waitFor(() => expect(result.current.status).toBe('open'))
    expect(result.current).toMatchObject({
      attempt: 0,
      secondsToRetry: undefined,
      reason: undefined,
    })
    await b.server.kill()
    await vi.waitFor(() => expect(result.current.status).toBe('reconnecting'))
    expect(result.current).toMatchObject({
      attempt: 1,
      secondsToRetry: 3,
      reason: { kind: 'close', code: 1006 },
    })
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(result.current.secondsToRetry).toBe(2)
    await act(() => vi.advanceTimersByTimeAsync(2_000))
    await vi.waitFor(() => expect(result.current.attempt).toBe(2))
    expect(result.current.secondsToRetry).toBe(6)
    await b.server.restart()
    act(() => result.current.reconnect())
    await vi.waitFor(() => expect(result.current.status).toBe('open'))
    expect(result.current.secondsToRetry).toBeUndefined()
  })

  it('a refused token is `unauthorized` with the reason; the headless screen offers Reconnect', async () => {
    const b = await backend.start()
    render(
      <ChatProvider options={chatOptions(b, 'mallory')}>
        <HeadlessChat conversationId="room" />
      </ChatProvider>,
    )
    await screen.findByText('unauthorized', {}, { timeout: 3_000 })
    b.server.validTokens.add('mallory')
    await userEvent.click(screen.getByRole('button', { name: 'Reconnect' }))
    await screen.findByText('open', {}, { timeout: 3_000 })
    await until(() => !screen.queryByRole('button', { name: 'Reconnect' }))
    expect(b.server.handshakes).toBe(2)
  })
})
