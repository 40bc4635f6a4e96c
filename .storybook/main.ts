import type { StorybookConfig } from '@storybook/react-vite'
import { defaultClientConditions } from 'vite'

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  stories: ['../packages/*/src/**/*.mdx', '../packages/*/src/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  core: { disableTelemetry: true },
  // MSW's service worker (mockServiceWorker.js), for stories on @parley/mock-backend.
  staticDirs: ['../public'],
  // Workspace packages resolve to their TypeScript sources (the `@parley/source` export condition),
  // so stories never need a build first. Vite's own defaults stay after it.
  viteFinal: (viteConfig) => ({
    ...viteConfig,
    resolve: { ...viteConfig.resolve, conditions: ['@parley/source', ...defaultClientConditions] },
  }),
}

export default config
