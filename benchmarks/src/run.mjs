/**
 * `pnpm bench:compare` (benchmarks/run.sh): builds the page bundles, then makes every run of the
 * plan, each in a fresh headless Chromium, and writes results.json, RESULTS.md and the charts.
 *
 *   node src/run.mjs [--repeats=3] [--quick] [--only=virtuoso,parley-list] [--scenarios=stream,burst]
 *
 * A partial run (--quick, --only, --scenarios) only prints, unless --write.
 */
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { BENCH_DIR, buildPages } from './build.mjs'
import { chromiumVersion, withPage } from './browser.mjs'
import { keyOf, plan } from './plan.mjs'
import { writeReport } from './report.mjs'
import { RUNNERS } from './scenarios.mjs'
import { startSocketServer, startStatic } from './servers.mjs'
import { summarise } from './summary.mjs'

/** A burst a list cannot keep up with would otherwise hold the run for minutes: it is cut here. */
const TIMEOUT_MS = { burst: 60_000 }

function options(argv) {
  const value = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  const list = (name) => value(name)?.split(',')
  return {
    repeats: Number(value('repeats') ?? 3),
    quick: argv.includes('--quick'),
    write: argv.includes('--write'),
    contenders: list('only'),
    scenarios: list('scenarios'),
  }
}

async function runAll(runs, servers) {
  const samples = {}
  const loads = []
  for (const [index, run] of runs.entries()) {
    const label = `${run.scenario} ${run.n}${run.method ? ` ${run.method}` : ''} ${run.contender} #${run.repeat}`
    const started = Date.now()
    let result
    try {
      result = await withPage(
        servers.origin,
        run.contender,
        (page) => RUNNERS[run.scenario](page, { ...run, socketServer: servers.socket }),
        TIMEOUT_MS[run.scenario] ?? 120_000,
      )
    } catch (error) {
      result = { error: String(error.message ?? error).split('\n')[0] }
    }
    loads.push(os.loadavg()[0])
    ;(samples[keyOf(run)] ??= []).push(result)
    const shown = JSON.stringify(result, (k, v) =>
      ['latencies', 'pageErrors', 'trace'].includes(k) ? undefined : v,
    )
    console.log(
      `[${index + 1}/${runs.length}] ${label}: ${shown} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    )
  }
  return { samples, loads }
}

async function main() {
  const opts = options(process.argv.slice(2))
  const runs = plan(opts)
  console.log(`Building the page bundles (Parley from packages/*/src)…`)
  await buildPages()
  const [staticServer, socketServer] = await Promise.all([startStatic(), startSocketServer()])
  const machine = {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    chromium: await chromiumVersion(),
    loadBefore: os.loadavg(),
  }
  const startedAt = new Date().toISOString()
  try {
    const { samples, loads } = await runAll(runs, {
      origin: staticServer.origin,
      socket: socketServer,
    })
    machine.loadAfter = os.loadavg()
    machine.loadDuring = loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length)
    const results = { startedAt, options: opts, machine, samples }
    const summary = summarise(results)
    console.log('\n' + summary.text)
    // A partial run (a few contenders or scenarios, small sizes) is printed, never published over
    // the full one unless asked for with --write.
    const partial = opts.quick || opts.contenders || opts.scenarios
    if (partial && !opts.write) {
      const file = path.join(BENCH_DIR, 'node_modules/.bench-out/results.partial.json')
      await writeFile(file, JSON.stringify(results) + '\n')
      return console.log(`\nA partial run: RESULTS.md left as it was; samples in ${file}`)
    }
    await writeFile(path.join(BENCH_DIR, 'results.json'), JSON.stringify(results, null, 1) + '\n')
    await writeReport(results, summary)
    console.log(
      `\nWrote benchmarks/results.json, benchmarks/RESULTS.md and benchmarks/charts/*.svg`,
    )
  } finally {
    await Promise.all([staticServer.close(), socketServer.close()])
  }
}

await main()
