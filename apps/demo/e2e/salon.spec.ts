import type { BrowserContext, Page } from '@playwright/test'
import { expect, test } from './fixtures'

// The demo on seed 004's Salon server (`?dialect=salon`): the Salon adapter against the mock's
// Salon dialect, in two tabs sharing one mocked server. Chat 11 is Rosa (staff) ↔ Noor (customer).
const ROSA_NOOR = '11'

async function openSalonTab(context: BrowserContext, userId: string) {
  const page = await context.newPage()
  await page.goto(`/?dialect=salon&as=${userId}&conversation=${ROSA_NOOR}`)
  return page
}

const chat = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true })
const messages = (page: Page, title: string) =>
  chat(page, title).getByRole('log', { name: 'Messages' })
const bubble = (page: Page, title: string, text: string) =>
  messages(page, title).locator('.parley-message', { hasText: text })

async function send(page: Page, title: string, text: string) {
  await chat(page, title).getByRole('textbox', { name: 'Message' }).fill(text)
  await chat(page, title).getByRole('button', { name: 'Send' }).click()
}

test('Salon: a staff member and a customer chat live in two tabs', async ({ context }) => {
  const rosa = await openSalonTab(context, 'staff-rosa')
  // The sign-in menu offers Salon's cast, and only them.
  await expect(rosa.getByRole('combobox').locator('option')).toHaveText([
    'Rosa Martínez (staff)',
    'Li Wei (staff)',
    'Noor Al-Sayed (customer)',
    'Ethan Clarke (customer)',
  ])
  // Staff have history: the seed's conversation, paged newest-first from the server.
  await expect(messages(rosa, 'Noor Al-Sayed')).toContainText('Booked for Saturday 14:30')

  const noor = await openSalonTab(context, 'customer-noor')
  await expect(chat(noor, 'Rosa Martínez')).toBeVisible()

  await send(noor, 'Rosa Martínez', 'Can I come at 15:00 instead?')
  await expect(bubble(rosa, 'Noor Al-Sayed', 'Can I come at 15:00 instead?')).toHaveCount(1)
  // Her own message is confirmed by its echo (Salon has no other ack), and shown once.
  await expect(bubble(noor, 'Rosa Martínez', 'Can I come at 15:00 instead?')).toHaveAttribute(
    'data-status',
    /sent|read/,
  )
  await expect(bubble(noor, 'Rosa Martínez', 'Can I come at 15:00 instead?')).toHaveCount(1)

  await send(rosa, 'Noor Al-Sayed', '15:00 works, see you then')
  await expect(bubble(noor, 'Rosa Martínez', '15:00 works, see you then')).toHaveCount(1)
  await expect(bubble(rosa, 'Noor Al-Sayed', '15:00 works, see you then')).toHaveAttribute(
    'data-status',
    /sent|read/,
  )
  await expect(bubble(rosa, 'Noor Al-Sayed', '15:00 works, see you then')).toHaveCount(1)
})

test('Salon: a staff member starts a chat with a customer from "New conversation"', async ({
  page,
}) => {
  // Li Wei has no chat with a customer yet; Salon has no directory, so the demo names its people.
  await page.goto('/?dialect=salon&as=staff-li')
  await page.getByRole('button', { name: 'New conversation' }).click()
  const dialog = page.getByRole('dialog', { name: 'New conversation' })
  // Staff start direct chats with customers only: one pick (a radio), no colleague offered.
  await expect(dialog.getByRole('radio')).toHaveCount(2)
  await dialog.getByRole('radio', { name: 'Ethan Clarke' }).check()
  await dialog.getByRole('button', { name: 'Start' }).click()
  await expect(dialog).toBeHidden()

  // The chat made opens at once (POST /chats), in the list and on the right.
  await expect(
    page
      .getByRole('listbox', { name: 'Conversations' })
      .getByRole('option', { name: /Ethan Clarke/ }),
  ).toHaveAttribute('aria-selected', 'true')
  await send(page, 'Ethan Clarke', 'Hello Ethan, Li from the front desk')
  await expect(bubble(page, 'Ethan Clarke', 'Li from the front desk')).toHaveAttribute(
    'data-status',
    /sent|read/,
  )
})
