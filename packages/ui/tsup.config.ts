import { copyFile } from 'node:fs/promises'
import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts', 'src/connected.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  // Rollup's tree-shaking pass also merges the per-module imports of react and its JSX runtime
  // (esbuild alone repeats them once per source file: about 100 B gzipped).
  treeshake: true,
  external: ['react', 'react-dom', '@parley/core', '@parley/react', '@tanstack/react-query'],
  // The stylesheet is shipped as written: plain CSS custom properties need no processing.
  onSuccess: () => copyFile('src/styles.css', 'dist/styles.css'),
})
