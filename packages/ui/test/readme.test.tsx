// README.md?raw: a Vite import.
/// <reference types="vite/client" />
/**
 * The README's ChatScreen example is `readme-support-chat.tsx`, word for word, and it runs: against
 * the mock backend it opens the deep-linked conversation and reports the one the user opens.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, it, vi } from 'vitest'
import readme from '../README.md?raw'
import { SOCKET_URL, serveMockBackend } from '../src/backend'
import example from './readme-support-chat.tsx?raw'
import { SupportChat } from './readme-support-chat'
import '../src/styles.css'

afterEach(cleanup)

it('the README shows the example as it is', () => {
  expect(example).toContain('export function SupportChat')
  expect(readme).toContain('```tsx\n' + example + '```')
})

it('the example opens the deep link, reports the conversation opened, and says nothing', async () => {
  const warn = vi.spyOn(console, 'warn')
  const backend = await serveMockBackend()
  const token = backend.model.issueToken('trainer-maya')
  const onOpen = vi.fn()
  const onError = vi.fn()
  render(
    <div style={{ width: 900 }}>
      <SupportChat
        url={SOCKET_URL}
        getToken={() => token}
        openId="dm-maya-priya"
        onOpen={onOpen}
        onError={onError}
      />
    </div>,
  )
  const list = await screen.findByRole('listbox', { name: 'Conversations' })
  await waitFor(() =>
    expect(within(list).getByRole('option', { selected: true })).toHaveTextContent(/Priya/),
  )
  await userEvent.click(within(list).getByRole('option', { name: /Sam Lee/ }))
  expect(onOpen).toHaveBeenCalledWith('dm-maya-sam')
  expect(onError).not.toHaveBeenCalled()
  expect(warn.mock.calls.filter((args) => String(args[0]).startsWith('[parley]'))).toEqual([])
  warn.mockRestore()
})
