import { defineConfig } from 'vitest/config'

/**
 * The core's benchmarks in Node: `pnpm --filter @parley/core bench`. Figures, not tests: they assert
 * nothing and stay out of `npm test`. (The root `pnpm bench` runs the same files in Chromium.)
 */
export default defineConfig({
  root: import.meta.dirname,
  // Beside the workspace's own Vite cache, not in a node_modules folder of its own here.
  cacheDir: `${import.meta.dirname}/../../../node_modules/.vite/core-bench`,
  test: {
    name: 'core-bench',
    include: ['**/*.bench.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 600_000,
  },
})
