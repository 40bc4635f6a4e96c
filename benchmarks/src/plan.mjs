/** Which runs make up a comparison: every scenario of issue 13 for every contender. */
import { CONTENDERS } from './build.mjs'

const FULL = {
  firstPaint: [1_000, 10_000, 50_000, 100_000],
  heap: [1_000, 10_000, 50_000],
  ingest: [10_000, 50_000, 100_000],
  stream: [1_000, 50_000],
  burst: [10_000],
  prepend: [1_000],
  socket: [1_000],
}
/** `--quick`: the same scenarios on small sizes, to try the harness in a minute or two. */
const QUICK = {
  firstPaint: [1_000, 10_000],
  heap: [10_000],
  ingest: [10_000],
  stream: [1_000],
  burst: [1_000],
  prepend: [1_000],
  socket: [1_000],
}
export const PREPEND_METHODS = ['wheel', 'keyboard', 'script']

/**
 * Sizes past which a contender is not rendered: stream-chat's store takes over a minute to take
 * in 100,000 messages (the ingest scenario still measures it), so its list is not drawn at 100k.
 */
const MAX_RENDERED = { stream: 50_000 }
const RENDERED = new Set(['firstPaint', 'heap', 'stream', 'burst'])

/** Stores to time: a contender without one has no ingest figure. */
const HAS_STORE = new Set(['stream', 'parley-list', 'parley-client'])

/**
 * Every run, in the order they are made: repeat by repeat, and within a repeat every contender
 * one after the other for the same scenario and size, so that a change in the machine's load
 * falls on all of them alike.
 */
export function plan({ repeats, quick, contenders, scenarios }) {
  const sizes = quick ? QUICK : FULL
  const names = contenders ?? Object.keys(CONTENDERS)
  const kinds = scenarios ?? Object.keys(sizes)
  const runs = []
  for (let repeat = 1; repeat <= repeats; repeat++)
    for (const scenario of kinds)
      for (const n of sizes[scenario])
        for (const method of scenario === 'prepend' ? PREPEND_METHODS : [undefined])
          for (const contender of names) {
            if (scenario === 'ingest' && !HAS_STORE.has(contender)) continue
            if (scenario === 'socket' && contender !== 'parley-client') continue
            if (RENDERED.has(scenario) && n > (MAX_RENDERED[contender] ?? Infinity)) continue
            runs.push({ repeat, scenario, n, contender, ...(method && { method }) })
          }
  return runs
}

/** The key under which repeats of one measurement are gathered. */
export const keyOf = ({ scenario, n, contender, method }) =>
  [scenario, n, method ?? '', contender].join('|')
