import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'
import { chromiumLaunchOptions } from './test/chromium'

/** Workspace packages resolve to their TypeScript source: no build needed to test or run them. */
const resolve = { conditions: ['@parley/source', ...defaultClientConditions] }
const ssr = { resolve: { conditions: ['@parley/source', ...defaultServerConditions] } }

/**
 * Debian's Chromium, never a downloaded browser (see ../shared/TOOLCHAIN.md). A function, not a shared
 * object: Vitest names each project's instance in place (`instance.name ??= 'ui (chromium)'`), so a
 * shared `instances` entry would run the storybook project under the ui project's name.
 */
const browser = () => ({
  enabled: true,
  headless: true,
  provider: playwright({ launchOptions: chromiumLaunchOptions }),
  instances: [{ browser: 'chromium' as const }],
})

export default defineConfig({
  resolve,
  ssr,
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'core',
          include: ['packages/core/test/**/*.test.ts'],
          environment: 'node',
          setupFiles: [`${import.meta.dirname}/test/setup-node.ts`],
          testTimeout: 20_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'mock-backend',
          include: ['packages/mock-backend/test/**/*.test.ts'],
          environment: 'node',
          setupFiles: [`${import.meta.dirname}/test/setup-node.ts`],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react()],
        resolve,
        ssr,
        test: {
          name: 'react',
          include: ['packages/react/test/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: [`${import.meta.dirname}/test/setup-node.ts`],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react()],
        resolve,
        test: {
          name: 'ui',
          include: ['packages/ui/test/**/*.test.tsx'],
          setupFiles: [`${import.meta.dirname}/test/setup-browser.ts`],
          browser: browser(),
        },
      },
      {
        plugins: [react(), storybookTest({ configDir: `${import.meta.dirname}/.storybook` })],
        resolve,
        test: {
          name: 'storybook',
          browser: browser(),
          // A few stories stream hundreds of messages through real layout; on a busy 2-core machine
          // that alone takes several seconds.
          testTimeout: 30_000,
        },
      },
    ],
  },
})
