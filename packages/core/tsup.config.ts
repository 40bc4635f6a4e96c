import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts', 'src/native.ts', 'src/salon.ts', 'src/cross-tab.ts', 'src/persist.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
})
