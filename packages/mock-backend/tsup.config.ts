import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts', 'src/shared.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  // Peers and workspace siblings stay imports: bundling msw would give the app a second interceptor.
  external: ['msw', '@parley/core'],
})
