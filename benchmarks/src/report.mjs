/**
 * RESULTS.md and its charts (benchmarks/charts/*.svg), from results.json and, when the size
 * command has been run, sizes.json. Both commands rewrite it, each keeping the other's part.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { BENCH_DIR, CONTENDERS, REPO_DIR } from './build.mjs'
import { cdfPoints, chart, COLORS } from './charts.mjs'
import { figures, summarise } from './summary.mjs'
import { sizesTable } from './sizes-table.mjs'

const CHARTS = path.join(BENCH_DIR, 'charts')
const readJson = async (name) => {
  try {
    return JSON.parse(await readFile(path.join(BENCH_DIR, name), 'utf8'))
  } catch {
    return undefined
  }
}

const markdownTable = (header, rows) =>
  [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n')

function seriesOver(f, scenario, field, names) {
  return names.map((c) => ({
    name: CONTENDERS[c].label,
    color: COLORS[c],
    points: f.sizes(scenario).map((n) => [n, f.field(scenario, n, c, field) ?? null]),
  }))
}

async function writeCharts(results) {
  await mkdir(CHARTS, { recursive: true })
  const f = figures(results.samples)
  const names = Object.keys(CONTENDERS)
  const store = ['stream', 'parley-list', 'parley-client']
  const made = []
  const save = async (file, svg, caption) => {
    if (!svg) return
    await writeFile(path.join(CHARTS, file), svg)
    made.push(`![${caption}](charts/${file})`)
  }
  const xs = (scenario) => f.sizes(scenario)
  await save(
    'first-paint.svg',
    chart({
      title: 'First paint against N (median ms)',
      xLabel: 'messages',
      yLabel: 'ms',
      series: seriesOver(f, 'firstPaint', 'ms', names),
      logX: true,
      logY: true,
      xs: xs('firstPaint'),
    }),
    'First paint against N',
  )
  await save(
    'heap.svg',
    chart({
      title: 'Heap growth against N (median MB)',
      xLabel: 'messages',
      yLabel: 'MB',
      series: seriesOver(f, 'heap', 'mb', names),
      logX: true,
      xs: xs('heap'),
    }),
    'Heap growth against N',
  )
  await save(
    'ingest.svg',
    chart({
      title: 'Store ingest against N (median ms, log scale)',
      xLabel: 'messages',
      yLabel: 'ms',
      series: seriesOver(f, 'ingest', 'ms', store),
      logX: true,
      logY: true,
      xs: xs('ingest'),
    }),
    'Store ingest against N',
  )
  for (const n of f.sizes('stream')) {
    const series = names.map((c) => ({
      name: CONTENDERS[c].label,
      color: COLORS[c],
      points: cdfPoints(f.latencies('stream', n, c), 100 * f.runs('stream', n, c)),
    }))
    await save(
      `stream-${n}.svg`,
      chart({
        title: `Live 100 at 10 ms on ${n.toLocaleString('en')}: latency to paint (all repeats)`,
        xLabel: 'ms from arrival to on screen (log)',
        yLabel: 'share of the 100 sent',
        series,
        logX: true,
        step: true,
      }),
      `Stream latency distribution at ${n}`,
    )
  }
  for (const n of f.sizes('socket')) {
    const series = [
      {
        name: CONTENDERS['parley-client'].label,
        color: COLORS['parley-client'],
        points: cdfPoints(
          f.latencies('socket', n, 'parley-client'),
          100 * f.runs('socket', n, 'parley-client'),
        ),
      },
    ]
    await save(
      `socket-${n}.svg`,
      chart({
        title: 'Socket to paint, real ws on 127.0.0.1 (all repeats)',
        xLabel: 'ms from server send to on screen (log)',
        yLabel: 'share of the 100 sent',
        series,
        logX: true,
        step: true,
      }),
      'Socket to paint distribution',
    )
  }
  return made
}

/** How each figure is taken (page/*.ts, src/scenarios.mjs). */
const METHOD = [
  'How each figure is taken:',
  '',
  '- **First paint**: from `createRoot().render` to the frame in which the newest message is on',
  '  screen; a store is filled before and not counted. react-virtuoso keeps its list',
  '  `visibility: hidden` until it has placed the first item, so lists built on it count from then.',
  '- **Heap growth**: used JS heap (DevTools protocol, after two forced collections) once the list',
  "  is filled, rendered and settled for 20 frames, less the heap with the app's data already made.",
  '- **Store ingest**: history into the store; then one live message into it at that size, the',
  '  median of 21, each in a fresh task. The Parley client applies each batch at once here',
  '  (`batchMs: 0`); on screen it batches as shipped (16 ms).',
  '- **Live 100 at 10 ms**: appended on a fixed schedule through the store where there is one (a',
  '  socket frame into the Parley client, `message.new` into stream-chat); "shown" is how many were',
  '  ever on screen: a list that stops following, or paints less often than they scroll past, shows',
  '  fewer. p95 of those shown, from arrival to on screen.',
  '- **Burst**: 1,000 messages, each in its own task as socket frames come; the longest task',
  '  (PerformanceObserver `longtask`, which reports those over 50 ms) and how long after the last',
  '  one it was on screen ("never" past 5 s).',
  '- **Prepend**: 1,000 on screen, 50 older held back (Parley is told `hasOlder`); the top reached',
  '  by mouse wheel, by Home on the focused scroller, or by `scrollTop = 0`; then the 50 arrive and',
  "  the first visible message's largest move over 30 frames is taken (gone from the DOM counts as",
  "  the box's height).",
  "- **Socket to paint**: the real Parley client on the browser's WebSocket, a `ws` server on",
  '  127.0.0.1 speaking the native protocol sends 100 messages at 10 ms; wall-clock send to',
  '  wall-clock paint.',
]

const load = (values) => values?.map((v) => v.toFixed(2)).join(' / ')

export async function writeReport(results = undefined, summary = undefined) {
  results ??= await readJson('results.json')
  const sizes = await readJson('sizes.json')
  const parts = [
    '# Parley side by side: benchmark results',
    '',
    'Written by the scripts in this folder; do not edit by hand. Figures are **medians of the',
    'repeats made in one run** on a shared, loaded machine: compare the contenders with each other',
    '(ratios), not with figures taken on another day. Issue 13 has the scenarios and the goals.',
    '',
  ]
  if (results) {
    summary ??= summarise(results)
    const { machine, options } = results
    const flags = [
      options.repeats !== 3 && `--repeats=${options.repeats}`,
      options.quick && '--quick',
      options.contenders && `--only=${options.contenders.join(',')}`,
      options.scenarios && `--scenarios=${options.scenarios.join(',')}`,
    ].filter(Boolean)
    const command = ['pnpm bench:compare', ...flags].join(' ')
    parts.push(
      '## Scenarios',
      '',
      `Command: \`${command}\` (benchmarks/run.sh: installs this folder's own lockfile, builds the pages`,
      'with esbuild, then makes every run, each in a fresh headless Chromium).',
      '',
      `- Run started ${results.startedAt}; ${options.repeats} repeat(s) of every measurement, the contenders`,
      '  interleaved within each repeat so that the load falls on all alike.',
      `- Machine: ${machine.cpus}, ${machine.memoryGb} GB, Node ${machine.node}, Chromium ${machine.chromium}`,
      `  (/usr/bin/chromium, headless). Load average (1/5/15 min) before: ${load(machine.loadBefore)};`,
      `  after: ${load(machine.loadAfter)}; 1-min load averaged over the runs: ${machine.loadDuring?.toFixed(2)}`,
      '  on 2 cores, i.e. the machine was shared with other work throughout.',
      `- Versions: ${await versions()}.`,
      '- Parley is built from the workspace sources (packages/core, react, ui `src/`) through esbuild',
      "  aliases, not from dist; every contender shares this folder's React and react-virtuoso.",
      '- Each list renders in a 400 × 600 px box; "on screen" means hit-tested at a grid of points',
      '  over the box in an animation frame, so a message counts once it has a painted box there',
      '  (a list that hides itself while it measures, or paints off screen, does not count).',
      '',
      ...METHOD,
      '',
      markdownTable(summary.header, summary.rows),
      '',
      'Ratios in first paint are to bare react-virtuoso at the same N. "–": not applicable (no',
      'store, no client) or not run (stream-chat-react is not drawn past 50k: its store alone takes',
      'over a minute to ingest 100k). "none": no figure in any repeat, with the reason.',
      '',
      '## Goals (issue 13)',
      '',
      ...summary.goals.map(
        (g) => `- ${g.met === null ? '❔' : g.met ? '✅' : '❌'} ${g.goal}: ${g.measured}`,
      ),
      '',
      '## Charts',
      '',
      ...(await writeCharts(results)).flatMap((line) => [line, '']),
    )
  }
  if (sizes) parts.push(...sizesTable(sizes))
  await writeFile(path.join(BENCH_DIR, 'RESULTS.md'), parts.join('\n'))
  await formatted(['RESULTS.md', 'sizes.json', 'results.json'])
}

/**
 * The committed outputs pass the workspace's format check: formatted with its Prettier when the
 * workspace is installed (this folder does not install one of its own).
 */
async function formatted(files) {
  const prettier = path.join(REPO_DIR, 'node_modules/.bin/prettier')
  const present = files.map((f) => path.join(BENCH_DIR, f)).filter((f) => existsSync(f))
  if (!existsSync(prettier) || present.length === 0) return
  await new Promise((resolve) =>
    execFile(prettier, ['--write', '--log-level', 'warn', ...present], { cwd: REPO_DIR }, resolve),
  )
}

async function versions() {
  const read = async (name) =>
    JSON.parse(await readFile(path.join(BENCH_DIR, 'node_modules', name, 'package.json'), 'utf8'))
      .version
  const names = [
    'react',
    'react-virtuoso',
    'stream-chat-react',
    'stream-chat',
    '@chatscope/chat-ui-kit-react',
    'esbuild',
    'playwright-core',
  ]
  const found = await Promise.all(names.map(async (n) => `${n} ${await read(n)}`))
  return found.join(', ')
}
