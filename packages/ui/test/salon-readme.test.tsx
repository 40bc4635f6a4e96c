/**
 * The root README's "Connect to your backend" for Salon, run as written:
 * `examples/vite-app/src/salon.tsx` (packages/react/test/root-readme.test.ts keeps the README and the
 * file identical), for a staff member and a customer side by side, against @parley/mock-backend
 * speaking Salon's own wire under the example's URL in MSW's worker.
 */
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { expect, it } from 'vitest'
import { SalonChat } from '../../../examples/vite-app/src/salon'
import { serveMockBackend } from '../src/backend'

const apiUrl = 'https://salon.example.com/api/v1/chat'

it('staff and a customer chat through the README’s Salon screen: sent, confirmed by echo, received', async () => {
  const backend = await serveMockBackend({
    dialect: 'salon',
    url: apiUrl.replace(/^https/, 'wss'),
    apiUrl,
  })
  const staff = backend.model.issueToken('staff-rosa')
  const customer = backend.model.issueToken('customer-noor')
  render(
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr' }}>
      <section aria-label="Rosa (staff)">
        <SalonChat side="user" token={staff} />
      </section>
      <section aria-label="Noor (customer)">
        <SalonChat side="customer" token={customer} />
      </section>
    </div>,
  )
  const user = userEvent.setup()
  const rosa = within(screen.getByRole('region', { name: 'Rosa (staff)' }))
  const noor = within(screen.getByRole('region', { name: 'Noor (customer)' }))

  await user.click(await rosa.findByRole('option', { name: /Noor/ }, { timeout: 5_000 }))
  await user.click(await noor.findByRole('option', { name: /Rosa/ }, { timeout: 5_000 }))
  // Staff see the chat's history (a staff endpoint); the message goes out and its echo confirms it.
  await waitFor(() => expect(rosa.getByRole('log')).toHaveTextContent('Saturday 11:00'))
  await user.type(rosa.getByRole('textbox', { name: 'Message' }), 'See you at 14:30{Enter}')
  await waitFor(() => {
    const bubble = within(rosa.getByRole('log')).getByText('See you at 14:30')
    expect(bubble.closest('[data-status]')?.getAttribute('data-status')).toMatch(/^(sent|read)$/)
  })
  // The customer receives it live, once.
  await waitFor(() =>
    expect(within(noor.getByRole('log')).getAllByText('See you at 14:30')).toHaveLength(1),
  )
  await user.type(noor.getByRole('textbox', { name: 'Message' }), 'شكرا{Enter}')
  await waitFor(() => expect(within(rosa.getByRole('log')).getAllByText('شكرا')).toHaveLength(1))
})
