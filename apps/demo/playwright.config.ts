import { chromiumLaunchOptions } from '../../test/chromium'
import { defineConfig, devices } from '@playwright/test'
import { fileURLToPath } from 'node:url'

const PORT = 4173
const reportFile = fileURLToPath(new URL('../../reports/e2e.json', import.meta.url))

export default defineConfig({
  testDir: 'e2e',
  retries: 0,
  workers: 1,
  // Assertions wait 5 s by default; a shared 2-core machine running a build beside them needs slack.
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  // The repo's test summary totals this JSON with the other suites' reports.
  reporter: [['list'], ['json', { outputFile: reportFile }]],
  use: { baseURL: `http://localhost:${PORT}`, trace: 'retain-on-failure' },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunchOptions,
      },
    },
  ],
  // The production build, as QA and users get it; the dev server would test something else.
  webServer: {
    command: `vite build && vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
})
