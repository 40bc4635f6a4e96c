/**
 * From the runs' samples to figures: the median of the repeats of each measurement, the table of
 * issue 13, the ratios to bare Virtuoso, and each goal of the issue with whether it is met.
 */
import { CONTENDERS } from './build.mjs'
import { goalsOf } from './goals.mjs'
import { keyOf, PREPEND_METHODS } from './plan.mjs'

export function median(values) {
  const numbers = values.filter((v) => typeof v === 'number' && Number.isFinite(v))
  if (numbers.length === 0) return null
  const sorted = [...numbers].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Sizes each scenario was run at, read back from the samples. */
function sizesOf(samples, scenario) {
  const sizes = new Set()
  for (const key of Object.keys(samples)) {
    const [kind, n] = key.split('|')
    if (kind === scenario) sizes.add(Number(n))
  }
  return [...sizes].sort((a, b) => a - b)
}

/** Accessors over the samples: the median of one field of one measurement's repeats. */
export function figures(samples) {
  const runsOf = (scenario, n, contender, method) =>
    samples[keyOf({ scenario, n, contender, method })] ?? []
  const field = (scenario, n, contender, name, method) => {
    const runs = runsOf(scenario, n, contender, method)
    return runs.length === 0 ? undefined : median(runs.map((r) => r[name]))
  }
  /** Why a measurement has no figure: the runs' error or note, if any. */
  const why = (scenario, n, contender, method) => {
    const runs = runsOf(scenario, n, contender, method)
    return runs.map((r) => r.error ?? r.note).find(Boolean)
  }
  const latencies = (scenario, n, contender) =>
    runsOf(scenario, n, contender).flatMap((r) => r.latencies ?? [])
  const runs = (scenario, n, contender) => runsOf(scenario, n, contender).length
  return { field, why, latencies, runs, sizes: (scenario) => sizesOf(samples, scenario) }
}

const number = (value, digits = 0) =>
  value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/** A figure for a table cell: '–' when not applicable, 'n/a (why)' when the runs gave none. */
export function cell(value, digits = 0, why) {
  if (value === undefined) return '–'
  if (value === null) return why ? `none (${why})` : 'none'
  return number(value, digits)
}

export function summarise({ samples }) {
  const f = figures(samples)
  const names = Object.keys(CONTENDERS).filter((name) =>
    Object.keys(samples).some((key) => key.endsWith(`|${name}`)),
  )
  const rows = []
  const row = (label, valueOf) => rows.push([label, ...names.map(valueOf)])
  for (const n of f.sizes('firstPaint'))
    row(`first paint ${number(n)} (ms)`, (c) => {
      const ms = f.field('firstPaint', n, c, 'ms')
      const base = f.field('firstPaint', n, 'virtuoso', 'ms')
      const ratio = ms && base ? ` (×${number(ms / base, 2)})` : ''
      return cell(ms, 0, f.why('firstPaint', n, c)) + ratio
    })
  for (const n of f.sizes('heap'))
    row(`heap growth at ${number(n)} (MB)`, (c) =>
      cell(f.field('heap', n, c, 'mb'), 1, f.why('heap', n, c)),
    )
  for (const n of f.sizes('ingest'))
    row(`store ingest ${number(n)} (ms)`, (c) =>
      cell(f.field('ingest', n, c, 'ms'), 1, f.why('ingest', n, c)),
    )
  for (const n of f.sizes('ingest').slice(-1))
    row(`one live message into the store at ${number(n)} (ms)`, (c) =>
      cell(f.field('ingest', n, c, 'oneMs'), 2),
    )
  for (const n of f.sizes('stream'))
    row(`live 100 at 10 ms on ${number(n)}: shown, p95 (ms)`, (c) => {
      const shown = f.field('stream', n, c, 'shown')
      if (shown === undefined || shown === null) return cell(shown, 0, f.why('stream', n, c))
      return `${number(shown)} of 100, ${cell(f.field('stream', n, c, 'p95'))}`
    })
  for (const n of f.sizes('burst'))
    row(`burst of 1,000 on ${number(n)}: longest task, last painted (ms)`, (c) => {
      const longest = f.field('burst', n, c, 'longestTaskMs')
      if (longest === undefined || longest === null) return cell(longest, 0, f.why('burst', n, c))
      const last = f.field('burst', n, c, 'lastPaintedMs')
      return `${cell(longest)}, ${last === null ? 'never' : cell(last)}`
    })
  for (const n of f.sizes('prepend'))
    for (const method of PREPEND_METHODS)
      row(`prepend 50 on ${number(n)}, top by ${method}: first visible moves (px)`, (c) =>
        cell(f.field('prepend', n, c, 'px', method), 1, f.why('prepend', n, c, method)),
      )
  for (const n of f.sizes('socket'))
    row(`socket to paint, real ws on 127.0.0.1, ${number(n)} (p95 ms, shown)`, (c) => {
      const p95 = f.field('socket', n, c, 'p95')
      if (p95 === undefined) return '–'
      return `${cell(p95, 0, f.why('socket', n, c))}, ${cell(f.field('socket', n, c, 'shown'))} of 100`
    })
  const header = ['', ...names.map((c) => CONTENDERS[c].label)]
  const goals = goalsOf(f)
  return {
    header,
    rows,
    goals,
    text:
      textTable(header, rows) +
      '\n\nGoals (issue 13):\n' +
      goals
        .map((g) => `  ${g.met === null ? '?' : g.met ? '✓' : '✗'} ${g.goal}: ${g.measured}`)
        .join('\n'),
  }
}

function textTable(header, rows) {
  const widths = header.map((_, i) =>
    Math.max(...[header, ...rows].map((r) => String(r[i]).length)),
  )
  const line = (r) => r.map((v, i) => String(v).padEnd(widths[i])).join('  ')
  return [line(header), ...rows.map(line)].join('\n')
}
