/**
 * esbuild settings shared by the page bundles and the size measurements. Parley is taken from the
 * workspace's TypeScript sources (packages/{core,react,ui}/src) through aliases, not from a build;
 * every third-party import, Parley's included, resolves to this folder's node_modules, so all
 * contenders share one React and one react-virtuoso of the versions in benchmarks/package.json.
 */
import * as esbuild from 'esbuild'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
export const REPO_DIR = path.dirname(BENCH_DIR)
/** Built pages, under node_modules so that the workspace's lint and format checks skip them. */
export const OUT_DIR = path.join(BENCH_DIR, 'node_modules/.bench-out')

const packages = path.join(REPO_DIR, 'packages')
/** This folder's own copy of a package (a direct dependency: pnpm links it at the top). */
const own = (name) => path.join(BENCH_DIR, 'node_modules', name)

/** Paths are resolved from BENCH_DIR (esbuild resolves an alias from the working directory). */
export const aliases = {
  '@parley/core': path.join(packages, 'core/src'),
  '@parley/react': path.join(packages, 'react/src'),
  '@parley/ui': path.join(packages, 'ui/src'),
  react: own('react'),
  'react-dom': own('react-dom'),
  'react-virtuoso': own('react-virtuoso'),
  zustand: own('zustand'),
  '@tanstack/react-query': own('@tanstack/react-query'),
  'idb-keyval': own('idb-keyval'),
}

export const CONTENDERS = {
  virtuoso: { module: 'virtuoso', label: 'bare react-virtuoso' },
  naive: { module: 'naive', label: 'naive React list' },
  chatscope: { module: 'chatscope', label: 'chatscope' },
  stream: { module: 'stream', label: 'stream-chat-react' },
  'parley-list': { module: 'parley-list', export: 'parleyList', label: 'Parley MessageList' },
  'parley-client': {
    module: 'parley-client',
    export: 'parleyClient',
    label: 'Parley through the client',
  },
}

/** Production settings, as apps ship: React's production build, minified. */
export const common = {
  absWorkingDir: BENCH_DIR,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  alias: aliases,
  define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.DEV': 'false' },
  jsx: 'automatic',
  loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
  logLevel: 'error',
}

function entrySource(name) {
  const { module, export: exported = module } = CONTENDERS[name]
  const socket = name === 'parley-client'
  return [
    `import './page/bench.css'`,
    `import { scenarios } from './page/harness'`,
    `import { ${exported} as contender } from './page/contenders/${module}'`,
    socket ? `import { socketScenario } from './page/socket'` : '',
    `window.bench = { ...scenarios(contender)${socket ? ', ...socketScenario()' : ''} }`,
    `window.benchReady = true`,
  ].join('\n')
}

/** One bundle (JS + CSS) per contender in .out/, so a page loads only its own contender. */
export async function buildPages() {
  await Promise.all(
    Object.keys(CONTENDERS).map((name) =>
      esbuild.build({
        ...common,
        stdin: { contents: entrySource(name), resolveDir: BENCH_DIR, loader: 'tsx' },
        outfile: path.join(OUT_DIR, `${name}.js`),
        sourcemap: false,
      }),
    ),
  )
}
