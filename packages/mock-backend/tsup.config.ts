import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts', 'src/shared.ts', 'src/node/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  // Peers and workspace siblings stay imports: bundling msw would give the app a second interceptor.
  // `ws` and Node's built-ins serve `./node` (a dev tool for Node): the host's own, never bundled.
  external: ['msw', '@parley/core', 'ws', /^node:/],
})
