import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  // Rollup's tree-shaking pass also merges the per-module imports of react and react-query.
  treeshake: true,
  external: ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query', '@parley/core'],
})
