import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { defaultClientConditions } from 'vite'
import { defineConfig } from 'vitest/config'
import { chromiumLaunchOptions } from './test/chromium'

/**
 * Benchmarks: `npm run bench`. Kept out of `npm test` (they measure, they do not check) and run one
 * at a time, in Debian's Chromium like the browser tests.
 */
export default defineConfig({
  plugins: [react()],
  // React's production build, as apps ship it: its development build does several times the work.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  resolve: { conditions: ['@parley/source', ...defaultClientConditions] },
  test: {
    name: 'bench',
    include: ['packages/*/bench/**/*.bench.{ts,tsx}'],
    fileParallelism: false,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: chromiumLaunchOptions }),
      instances: [{ browser: 'chromium' }],
    },
  },
})
