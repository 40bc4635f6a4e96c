/** One fresh headless Debian Chromium per run: nothing (JIT, caches, heap) carries between runs. */
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // A page in the background of a busy machine must not be throttled while it is measured.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
]

/** Opens `origin/<contender>.html` in a new browser, runs `body(page)`, always closes it. */
export async function withPage(origin, contender, body, timeoutMs = 120_000) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS })
  let timer
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 700 } })
    const errors = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${origin}/${contender}.html`)
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 })
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs / 1000} s`)),
        timeoutMs,
      )
    })
    const result = await Promise.race([body(page), timeout])
    return { ...result, ...(errors.length > 0 && { pageErrors: errors.slice(0, 3) }) }
  } finally {
    clearTimeout(timer)
    await browser.close()
  }
}

/** Version of the browser, for RESULTS.md. */
export async function chromiumVersion() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS })
  const version = browser.version()
  await browser.close()
  return version
}
