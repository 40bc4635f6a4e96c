import react from '@vitejs/plugin-react'
import { defaultClientConditions, defineConfig } from 'vite'

export default defineConfig({
  plugins: [react()],
  // MSW's service worker lives in the repository's public/, shared with Storybook and Vitest.
  publicDir: '../../public',
  // Workspace packages resolve to their TypeScript sources: no package build before `dev`.
  resolve: { conditions: ['@parley/source', ...defaultClientConditions] },
  // `host: true` so QA can reach it from another device; MSW's service worker still needs
  // a secure context, which means localhost or HTTPS.
  server: { host: true, port: 5173, strictPort: true },
  preview: { host: true, port: 4173, strictPort: true },
  // The demo ships MSW and React in one bundle for QA; size budgets are for the packages.
  build: { chunkSizeWarningLimit: 1_000 },
})
