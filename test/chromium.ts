/**
 * Debian's Chromium, launched the way it works headless here as root: every browser harness
 * (Vitest browser mode, Storybook tests, Playwright) uses these options, and none downloads a
 * browser of its own. Override the binary with CHROMIUM_PATH.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
}
