import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

// The QA panel's badge (the chat window has its own). It reads exactly "Connected" only when open;
// other states add words or a Reconnect button.
const badge = (page: Page) => page.getByRole('region', { name: 'QA controls' }).getByRole('status')
const log = (page: Page) => page.getByRole('list', { name: 'Connection log' })
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true })

test('connects to the mocked backend as the demo user', async ({ page }) => {
  await page.goto('/')

  await expect(badge(page)).toHaveText('Connected')
  await expect(log(page)).toContainText('open as client-sam')
})

test('"Disconnect now": the client reconnects by itself', async ({ page }) => {
  await page.goto('/')
  await expect(badge(page)).toHaveText('Connected')

  await button(page, 'Disconnect now').click()

  // The retry can come within milliseconds, too fast to poll the badge for: the log keeps it.
  await expect(log(page)).toContainText('reconnecting, attempt 1 — closed 1012 (service restart)')
  await expect(badge(page)).toHaveText('Connected')
  await expect(log(page).getByRole('listitem').filter({ hasText: 'open as' })).toHaveCount(2)
})

test('"Expire token": unauthorized until a new token, then Reconnect connects', async ({
  page,
}) => {
  await page.goto('/')
  await expect(badge(page)).toHaveText('Connected')

  await button(page, 'Expire token').click()

  await expect(badge(page)).toContainText('Sign-in expired')
  const reconnect = badge(page).getByRole('button', { name: 'Reconnect' })
  await expect(reconnect).toBeVisible()
  await expect(log(page)).toContainText('unauthorized — refused 4401: token expired')

  await button(page, 'New token').click()
  await expect(page.getByText(/^tok-client-sam-2\b/)).toBeVisible()
  await reconnect.click()

  await expect(badge(page)).toHaveText('Connected')
  await expect(badge(page).getByRole('button', { name: 'Reconnect' })).toHaveCount(0)
})

test('"Silence server": the heartbeat notices, and the client recovers once it speaks', async ({
  page,
}) => {
  test.setTimeout(60_000)
  await page.goto('/')
  await expect(badge(page)).toHaveText('Connected')
  const silence = button(page, 'Silence server')

  await silence.click()
  await expect(silence).toHaveAttribute('aria-pressed', 'true')

  // The demo pings every 5 s and gives up after 5 s more without an answer.
  await expect(log(page)).toContainText('— server silent for', { timeout: 20_000 })
  await silence.click()
  await expect(silence).toHaveAttribute('aria-pressed', 'false')
  await expect(badge(page)).toHaveText('Connected', { timeout: 20_000 })
})

test('a ?scenario= outage at start: attempts fail, then the client connects', async ({ page }) => {
  test.setTimeout(45_000)
  await page.goto('/?scenario=outage:2s')

  await expect(page.getByText('Scenario: outage:2s')).toBeVisible()
  await expect(log(page)).toContainText('reconnecting, attempt 1 — closed 1006')
  // The outage was in place before the first attempt: nothing opened yet.
  await expect(log(page)).not.toContainText('open as')
  await expect(badge(page)).not.toHaveText('Connected')
  // Backoff windows are capped at 16 s, so the first retry after the outage comes within 18 s.
  await expect(badge(page)).toHaveText('Connected', { timeout: 25_000 })
})

test('an unknown ?scenario= part is reported, and the app runs without it', async ({ page }) => {
  await page.goto('/?scenario=latency:200,lag:5')

  await expect(page.getByRole('alert')).toContainText('Unknown scenario part "lag:5"')
  await expect(badge(page)).toHaveText('Connected')
})
