/**
 * `pnpm bench:sizes`: what a full chat screen costs to download with each contender. esbuild,
 * minified, gzip level 9, React and react-dom external (every app has them); for Parley also with
 * its third-party dependencies external (react-virtuoso, TanStack Query, zustand), which is its
 * own code. Writes sizes.json and rewrites RESULTS.md.
 */
import * as esbuild from 'esbuild'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { aliases, BENCH_DIR, common, OUT_DIR } from './build.mjs'
import { writeReport } from './report.mjs'

const REACT = ['react', 'react/*', 'react-dom', 'react-dom/*', 'scheduler']
const PARLEY_DEPS = [
  'react-virtuoso',
  '@tanstack/react-query',
  'zustand',
  'zustand/*',
  'idb-keyval',
]

const ENTRIES = [
  {
    id: 'parley',
    label: 'Parley (core + react + ui, with react-virtuoso, TanStack Query, zustand)',
    file: 'parley.tsx',
    external: REACT,
  },
  {
    id: 'parley-own',
    label: "Parley's own code (its third-party dependencies external too)",
    file: 'parley.tsx',
    external: [...REACT, ...PARLEY_DEPS],
  },
  { id: 'stream', label: 'stream-chat-react + stream-chat', file: 'stream.tsx', external: REACT },
  {
    id: 'chatscope',
    label: 'chatscope (UI only, no transport or store)',
    file: 'chatscope.tsx',
    external: REACT,
  },
  {
    id: 'virtuoso',
    label: 'bare react-virtuoso (the list alone)',
    file: 'virtuoso.tsx',
    external: REACT,
  },
]

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length

async function measure(entry) {
  const result = await esbuild.build({
    ...common,
    entryPoints: [path.join(BENCH_DIR, 'screens', entry.file)],
    external: entry.external,
    // An aliased import is no longer external: only the packages bundled keep their alias.
    alias: Object.fromEntries(
      Object.entries(aliases).filter(
        ([name]) => !entry.external.some((e) => e.replace('/*', '') === name),
      ),
    ),
    outdir: path.join(OUT_DIR, 'sizes', entry.id),
    write: false,
    metafile: false,
  })
  const sum = (ext) => {
    const files = result.outputFiles.filter((f) => f.path.endsWith(ext))
    return {
      min: files.reduce((a, f) => a + f.contents.length, 0),
      gzip: files.reduce((a, f) => a + gzip(f.contents), 0),
    }
  }
  return { id: entry.id, label: entry.label, js: sum('.js'), css: sum('.css') }
}

const kb = (bytes) => (bytes / 1000).toFixed(1)

const results = []
for (const entry of ENTRIES) results.push(await measure(entry))
const esbuildVersion = esbuild.version
await writeFile(
  path.join(BENCH_DIR, 'sizes.json'),
  JSON.stringify(
    { measuredAt: new Date().toISOString(), esbuild: esbuildVersion, results },
    null,
    1,
  ) + '\n',
)
for (const r of results)
  console.log(
    `${r.label}: JS ${kb(r.js.gzip)} kB gz (${kb(r.js.min)} kB min), CSS ${kb(r.css.gzip)} kB gz`,
  )
const parley = results.find((r) => r.id === 'parley')
console.log(
  `Goal: whole kit for a chat screen ≤ 50 kB gz (JS): ${kb(parley.js.gzip)} kB, ×${(parley.js.gzip / 50_000).toFixed(2)} of the budget`,
)
await writeReport()
