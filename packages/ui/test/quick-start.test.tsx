/**
 * The root README's quick start, run as written: `examples/vite-app/src/quick-start.tsx` (the file
 * the README shows; packages/react/test/root-readme.test.ts keeps the two identical) renders into
 * #root of this page against the mock backend in MSW's worker, and Maya chats with it.
 */
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, it } from 'vitest'
// In this order: the page first, then the app, which renders into it as it loads.
import { warn } from './quick-start-page'
import '../../../examples/vite-app/src/quick-start'

it('the quick start shows the chat screen on the mock backend, and a message goes out', async () => {
  const list = await screen.findByRole('listbox', { name: 'Conversations' })
  await waitFor(() => expect(within(list).getAllByRole('option').length).toBeGreaterThan(3))
  // The right pane's default (hidden where only one pane fits, as in this narrow page).
  expect(screen.getByText('Choose a conversation')).toBeInTheDocument()

  const user = userEvent.setup()
  await user.click(within(list).getByRole('option', { name: /Sam Lee/ }))
  // The log is replaced once the history has loaded: look it up afresh each time.
  await waitFor(() => expect(screen.getByRole('log')).toHaveTextContent(/\d:\d\d/))
  await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello from the README{Enter}')
  await waitFor(() => {
    const bubble = within(screen.getByRole('log')).getByText('Hello from the README')
    expect(bubble.closest('[data-status]')?.getAttribute('data-status')).toMatch(/^(sent|read)$/)
  })
  // A newcomer's first screen is sized and styled: no [parley] warning names a fix.
  expect(warn.mock.calls.filter((args) => String(args[0]).startsWith('[parley]'))).toEqual([])
})
