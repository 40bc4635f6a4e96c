/**
 * The connected components show only what the backend can do, and what the sync state is: Salon
 * (seed 004) through its adapter against @parley/mock-backend speaking Salon's own wire, where a
 * customer has no history, edit, delete or upload, and nobody's edits reach the others live.
 */
import { createSalonProtocol } from '@parley/core/adapters/salon'
import type { MockBackend } from '@parley/mock-backend'
import { ChatProvider } from '@parley/react'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, it } from 'vitest'
import { serveMockBackend } from '../src/backend'
import { ChatScreen } from '../src/connected'
import '../src/styles.css'

const apiUrl = 'https://salon.example.com/api/v1/chat'

afterEach(cleanup)

const serveSalon = () =>
  serveMockBackend({ dialect: 'salon', url: apiUrl.replace(/^https/, 'wss'), apiUrl })

/** One salon person's ChatScreen, `role` 'user' for staff, with the conversation `with` open. */
async function openChat(
  backend: MockBackend,
  userId: string,
  role: 'user' | 'customer',
  with_: RegExp,
) {
  const token = backend.model.issueToken(userId)
  render(
    <section aria-label={userId} style={{ width: 900, height: 560 }}>
      <ChatProvider
        options={{
          url: apiUrl,
          getToken: () => token,
          protocol: createSalonProtocol({ apiUrl, role }),
        }}
      >
        <ChatScreen />
      </ChatProvider>
    </section>,
  )
  const screenOf = within(screen.getByRole('region', { name: userId }))
  await userEvent.click(await screenOf.findByRole('option', { name: with_ }, { timeout: 5_000 }))
  return screenOf
}

/** Sends `text` and waits for the server's echo to confirm it; returns the message's actions. */
async function sendAndOpenActions(chat: ReturnType<typeof within>, text: string) {
  await userEvent.type(chat.getByRole('textbox', { name: 'Message' }), `${text}{Enter}`)
  const log = chat.getByRole('log')
  await waitFor(() =>
    expect(within(log).getByText(text).closest('[data-status]')).toHaveAttribute(
      'data-status',
      expect.stringMatching(/^(sent|delivered|read)$/),
    ),
  )
  // Once the conversation list shows it too (a customer's row is re-rendered a moment after the
  // echo, so it is looked up afresh).
  await waitFor(() => expect(chat.getByRole('listbox')).toHaveTextContent(text))
  const row = () => within(log).getByText(text).closest<HTMLElement>('.parley-message')!
  await waitFor(async () => {
    const toggle = within(row()).getByRole('button', { name: 'Message actions' })
    if (toggle.getAttribute('aria-expanded') !== 'true') await userEvent.click(toggle)
    expect(within(row()).getByRole('group', { name: 'Message actions' })).toBeVisible()
  })
  return within(within(row()).getByRole('group', { name: 'Message actions' }))
}

it('a Salon customer has no history, Edit, Delete or attach button, and is told so at the top', async () => {
  const backend = await serveSalon()
  const noor = await openChat(backend, 'customer-noor', 'customer', /Rosa/)
  const log = noor.getByRole('log')
  await waitFor(() => expect(log).toHaveTextContent('Earlier messages are not available here'))
  // Not "the beginning of the conversation", nor "No messages yet": neither would be true.
  expect(log).not.toHaveTextContent('This is the beginning of the conversation.')
  expect(log).not.toHaveTextContent('No messages yet')
  expect(noor.queryByText('Loading earlier messages…')).toBeNull()
  expect(noor.queryByRole('button', { name: 'Attach files' })).toBeNull()

  const actions = await sendAndOpenActions(noor, 'Is 15:00 possible too?')
  expect(actions.getAllByRole('button').map((b) => b.textContent)).toEqual(['Reply', 'Copy'])
})

it('Salon staff keep Edit and Delete, each saying that others see the change only on reload', async () => {
  const backend = await serveSalon()
  const rosa = await openChat(backend, 'staff-rosa', 'user', /Noor/)
  await waitFor(() => expect(rosa.getByRole('log')).toHaveTextContent('Saturday 11:00'))
  // Staff can upload, but Salon stores no `file` kind: the picker offers images and audio only.
  const attach = rosa.getByRole('button', { name: 'Attach files' })
  expect(attach).toBeVisible()
  const picker = rosa.getByRole('region', { name: /Noor/ }).querySelector('input[type="file"]')
  expect(picker).toHaveAttribute('accept', 'image/*,audio/*')

  let actions = await sendAndOpenActions(rosa, 'See you Saturday')
  expect(actions.getAllByRole('button').map((b) => b.textContent)).toEqual([
    'Reply',
    'Edit',
    'Delete',
    'Copy',
  ])
  await userEvent.click(actions.getByRole('button', { name: 'Edit' }))
  expect(
    await rosa.findByText('Editing message: others see the change only when they reload'),
  ).toBeVisible()
  await userEvent.keyboard('{Escape}')

  actions = await sendAndOpenActions(rosa, 'Or Sunday')
  await userEvent.click(actions.getByRole('button', { name: 'Delete' }))
  expect(
    rosa.getByRole('group', {
      name: 'Delete this message? Others see it gone only when they reload.',
    }),
  ).toBeVisible()
})

it('a customer back after a drop is told, politely, that some messages could not be loaded', async () => {
  const backend = await serveSalon()
  const noor = await openChat(backend, 'customer-noor', 'customer', /Rosa/)
  await waitFor(() =>
    expect(noor.getByRole('log')).toHaveTextContent('Earlier messages are not available here'),
  )
  // Nothing while synced: no notice, no Retry.
  expect(noor.queryByText('Some messages could not be loaded')).toBeNull()

  // A restart: a customer cannot fetch what was sent meanwhile (no history endpoint).
  backend.controls.disconnectAll(1012, 'restart')
  const notice = await noor.findByText('Some messages could not be loaded', {}, { timeout: 8_000 })
  // Read out politely, in a live region, and never in the way: the composer still works.
  expect(notice).toHaveAttribute('aria-live', 'polite')
  expect(noor.getByRole('textbox', { name: 'Message' })).toBeEnabled()
  const retry = noor.getByRole('button', { name: 'Retry' })
  await userEvent.click(retry)
  // Retried: still impossible here, so it says so again (and does not pretend otherwise).
  expect(await noor.findByText('Some messages could not be loaded')).toBeVisible()
  await userEvent.type(noor.getByRole('textbox', { name: 'Message' }), 'Still there?{Enter}')
  await waitFor(() => expect(within(noor.getByRole('log')).getByText('Still there?')).toBeVisible())
})
