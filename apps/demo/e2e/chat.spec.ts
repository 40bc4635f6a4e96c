import type { BrowserContext, Page } from '@playwright/test'
import { expect, test } from './fixtures'

/** One tab of the demo, signed in as `userId`, with a conversation open. */
async function openTab(context: BrowserContext, userId: string, conversationId: string) {
  const page = await context.newPage()
  await page.goto(`/?as=${userId}&conversation=${conversationId}`)
  return page
}

/** The open conversation, found by its title (the other person's name). */
const chat = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true })
const messages = (page: Page, title: string) =>
  chat(page, title).getByRole('log', { name: 'Messages' })

const conversation = (page: Page, name: string) =>
  page
    .getByRole('listbox', { name: 'Conversations' })
    .getByRole('option', { name: new RegExp(name) })

async function send(page: Page, title: string, text: string) {
  await chat(page, title).getByRole('textbox', { name: 'Message' }).fill(text)
  await chat(page, title).getByRole('button', { name: 'Send' }).click()
}

test('two tabs, a client and their trainer, chat live through the shared mocked server', async ({
  context,
}) => {
  const sam = await openTab(context, 'client-sam', 'dm-maya-sam')
  await expect(messages(sam, 'Maya Okafor')).toContainText('How did the practice go?')
  await expect(sam.getByText('runs in this tab')).toBeVisible()
  const maya = await openTab(context, 'trainer-maya', 'dm-maya-sam')
  await expect(messages(maya, 'Sam Lee')).toContainText('How did the practice go?')
  await expect(maya.getByText('runs in another tab of the demo')).toBeVisible()

  await send(sam, 'Maya Okafor', 'Practice went well, 3 sets of 5!')
  await expect(messages(maya, 'Sam Lee').getByText('Practice went well, 3 sets of 5!')).toHaveCount(
    1,
  )
  // Maya's tab is visible and at the bottom, so it reads it: Sam sees the receipt.
  await expect(
    messages(sam, 'Maya Okafor').locator('[data-status="read"]', {
      hasText: 'Practice went well',
    }),
  ).toHaveCount(1)

  await chat(maya, 'Sam Lee').getByRole('textbox', { name: 'Message' }).pressSequentially('Gre')
  await expect(chat(sam, 'Maya Okafor')).toContainText('Maya Okafor is typing…')
  await chat(maya, 'Sam Lee').getByRole('textbox', { name: 'Message' }).fill('Great work!')
  await chat(maya, 'Sam Lee').getByRole('textbox', { name: 'Message' }).press('Enter')
  await expect(messages(sam, 'Maya Okafor').getByText('Great work!')).toHaveCount(1)
  await expect(chat(sam, 'Maya Okafor')).not.toContainText('is typing')
  // Sam's list shows the reply as the conversation's last message.
  await expect(conversation(sam, 'Maya Okafor')).toContainText('Great work!')
})

/** A 48 × 32 teal PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAAM0lEQVR4nO3OMQ0AAAgDMKRPOi4YR5MK6EzyS38gJCQk1B4ICQkJtQdCQkJC7YGQkNCtBUHAAFuzIS+3AAAAAElFTkSuQmCC',
  'base64',
)

async function attach(
  page: Page,
  title: string,
  file: { name: string; mimeType: string; buffer: Buffer },
) {
  const chooser = page.waitForEvent('filechooser')
  await chat(page, title).getByRole('button', { name: 'Attach files' }).click()
  await (await chooser).setFiles(file)
}

test('an image sent in one tab shows in the other; files the server refuses do not', async ({
  context,
}) => {
  const sam = await openTab(context, 'client-sam', 'dm-maya-sam')
  const maya = await openTab(context, 'trainer-maya', 'dm-maya-sam')
  await expect(messages(maya, 'Sam Lee')).toContainText('How did the practice go?')
  const window = chat(sam, 'Maya Okafor')
  const send = window.getByRole('button', { name: 'Send' })

  await attach(sam, 'Maya Okafor', { name: 'squat.png', mimeType: 'image/png', buffer: PNG })
  await expect(send).toBeEnabled()
  await window.getByRole('textbox', { name: 'Message' }).fill('My squat setup')
  await send.click()
  const received = messages(maya, 'Sam Lee').locator('.parley-message', {
    hasText: 'My squat setup',
  })
  await expect(received).toHaveCount(1)
  // The server measured the picture: the bubble reserves its size before it loads.
  await expect(received.getByRole('img')).toHaveAttribute('width', '48')

  // An SVG passes the demo's `image/*` but the server answers 415; an .exe never leaves the tab.
  await attach(sam, 'Maya Okafor', {
    name: 'plan.svg',
    mimeType: 'image/svg+xml',
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
  })
  await attach(sam, 'Maya Okafor', {
    name: 'setup.exe',
    mimeType: 'application/x-msdownload',
    buffer: Buffer.from('MZ'),
  })
  await expect(window.locator('.parley-chip[data-status="failed"]')).toHaveCount(2)
  await expect(send).toBeDisabled()
  await window.getByRole('textbox', { name: 'Message' }).fill('Never mind the files')
  await send.click()
  await expect(messages(maya, 'Sam Lee').getByText('Never mind the files')).toHaveCount(1)
})

test('the open conversation is in the address bar, so a reload reopens it', async ({ page }) => {
  await page.goto('/?as=trainer-maya')
  await expect(page.getByText('Pick a conversation.')).toBeVisible()
  await conversation(page, 'Priya Raman').click()
  await expect(messages(page, 'Priya Raman')).toContainText('printing it out')
  await expect(page).toHaveURL(/conversation=dm-maya-priya/)
  await page.reload()
  await expect(messages(page, 'Priya Raman')).toContainText('printing it out')
})

test('closing the tab that runs the server: the next tab takes over where it left off', async ({
  context,
}) => {
  const sam = await openTab(context, 'client-sam', 'dm-maya-sam')
  await expect(sam.getByText('runs in this tab')).toBeVisible()
  const maya = await openTab(context, 'trainer-maya', 'dm-maya-sam')
  await expect(maya.getByText('runs in another tab of the demo')).toBeVisible()
  await send(sam, 'Maya Okafor', 'Sent before the takeover')
  await expect(messages(maya, 'Sam Lee').getByText('Sent before the takeover')).toHaveCount(1)

  await sam.close()
  await expect(maya.getByText('runs in this tab')).toBeVisible()
  await send(maya, 'Sam Lee', 'Sent after the takeover')
  const after = messages(maya, 'Sam Lee').locator('.parley-message', {
    hasText: 'Sent after the takeover',
  })
  await expect(after).toHaveAttribute('data-status', /sent|read/)

  // A new tab gets both from the server that took over, each once, in order.
  const again = await openTab(context, 'client-sam', 'dm-maya-sam')
  const log = messages(again, 'Maya Okafor')
  await expect(log.getByText('Sent after the takeover')).toHaveCount(1)
  await expect(log.getByText('Sent before the takeover')).toHaveCount(1)
  await expect(log).toContainText(/Sent before the takeover[\s\S]*Sent after the takeover/)
  await expect(messages(maya, 'Sam Lee').getByText('Sent before the takeover')).toHaveCount(1)
})

test("the seeded voice note plays in the kit's own player, not the browser's bare one", async ({
  page,
}) => {
  await page.goto('/?as=client-sam&conversation=dm-maya-sam')
  const log = messages(page, 'Maya Okafor')
  // Its length is known before it plays (the message carries it), unlike a bare <audio>'s 0:00.
  const position = log.getByRole('slider', { name: 'Position' })
  await expect(position).toHaveAttribute('aria-valuetext', '0:00 of 0:04')
  await log.getByRole('button', { name: 'Play', exact: true }).click()
  await expect(log.getByRole('button', { name: 'Pause', exact: true })).toBeVisible()
  await expect(position).not.toHaveAttribute('aria-valuetext', '0:00 of 0:04')
  await log.getByRole('button', { name: 'Playback speed 1×' }).click()
  await expect(log.getByRole('button', { name: 'Playback speed 1.5×' })).toBeVisible()
})
