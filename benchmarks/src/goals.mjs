/** Issue 13's goals, each checked against this run's medians, with the ratio that decides it. */
import { PREPEND_METHODS } from './plan.mjs'

const fixed = (value, digits = 2) =>
  value === null || value === undefined ? 'none' : value.toFixed(digits)
const all = (values) => (values.length === 0 ? null : values.every(Boolean))
/** Whether any of these figures was measured in this run (a goal with none is left out). */
const measured = (values) => values.some((v) => v !== undefined)

export function goalsOf(f) {
  const goals = []
  const add = (goal, met, text, ran = true) => ran && goals.push({ goal, met, measured: text })

  const paint = (c, n) => f.field('firstPaint', n, c, 'ms')
  const ratios = [1_000, 10_000, 100_000]
    .filter((n) => f.sizes('firstPaint').includes(n))
    .map((n) => [
      n,
      paint('parley-list', n) && paint('virtuoso', n)
        ? paint('parley-list', n) / paint('virtuoso', n)
        : null,
    ])
  add(
    'MessageList first paint within 1.2× of bare Virtuoso at 1k / 10k / 100k',
    all(ratios.map(([, r]) => r !== null && r <= 1.2)),
    ratios.map(([n, r]) => `${n / 1000}k ×${fixed(r)}`).join(', '),
    measured(ratios.map(([n]) => paint('parley-list', n))),
  )
  const sizes = f.sizes('firstPaint')
  const [small, large] = [sizes[0], sizes.at(-1)]
  const flat = paint('parley-list', large) / paint('parley-list', small)
  const flatBase = paint('virtuoso', large) / paint('virtuoso', small)
  add(
    `MessageList first paint flat in N (${large / 1000}k / ${small / 1000}k, Virtuoso's for reference)`,
    Number.isFinite(flat) ? flat <= Math.max(1.2, flatBase * 1.2) : null,
    `×${fixed(flat)} (Virtuoso ×${fixed(flatBase)})`,
    measured([paint('parley-list', large)]) && small !== large,
  )
  for (const n of f.sizes('heap').slice(-1)) {
    const mb = f.field('heap', n, 'parley-list', 'mb')
    add(
      `MessageList heap growth at ${n / 1000}k ≤ 2 MB`,
      mb == null ? null : mb <= 2,
      `${fixed(mb, 1)} MB (${fixed(mb / 2)} of the budget)`,
      measured([mb]),
    )
  }
  if (f.sizes('ingest').includes(50_000)) {
    const ms = f.field('ingest', 50_000, 'parley-client', 'ms')
    add(
      '50,000 messages of history into the client ≤ 100 ms',
      ms == null ? null : ms <= 100,
      `${fixed(ms, 1)} ms (×${fixed(ms / 100)} of the budget)`,
      measured([ms]),
    )
  }
  const biggest = f.sizes('ingest').at(-1)
  if (biggest) {
    const ms = f.field('ingest', biggest, 'parley-client', 'oneMs')
    add(
      `one live append to a ${biggest / 1000}k timeline ≤ 2 ms`,
      ms == null ? null : ms <= 2,
      `${fixed(ms)} ms (×${fixed(ms / 2)} of the budget)`,
      measured([ms]),
    )
  }
  for (const c of ['parley-list', 'parley-client']) {
    const parts = f
      .sizes('stream')
      .map((n) => [n, f.field('stream', n, c, 'shown'), f.field('stream', n, c, 'p95')])
    add(
      `${c}: live 100 at 10 ms, 100/100 shown, p95 ≤ 33 ms at every N`,
      all(
        parts.map(([, shown, p95]) => shown !== null && p95 !== null && shown >= 100 && p95 <= 33),
      ),
      parts
        .map(
          ([n, shown, p95]) =>
            `${n / 1000}k: ${fixed(shown, 0)}/100, p95 ${fixed(p95, 0)} ms (×${fixed(p95 / 33)})`,
        )
        .join('; '),
      measured(parts.map(([, shown]) => shown)),
    )
  }
  for (const c of ['parley-list', 'parley-client'])
    for (const n of f.sizes('prepend')) {
      const px = PREPEND_METHODS.map((m) => [m, f.field('prepend', n, c, 'px', m)])
      add(
        `${c}: prepend 50 older, 0 px by wheel, keyboard and script`,
        all(px.map(([, v]) => v !== null && v < 1)),
        px.map(([m, v]) => `${m} ${fixed(v, 1)} px`).join(', '),
        measured(px.map(([, v]) => v)),
      )
    }
  for (const c of ['parley-list', 'parley-client'])
    for (const n of f.sizes('burst')) {
      const longest = f.field('burst', n, c, 'longestTaskMs')
      const last = f.field('burst', n, c, 'lastPaintedMs')
      add(
        `${c}: burst of 1,000, no long task over 50 ms, painted within 100 ms of the last`,
        longest == null || last == null ? null : longest <= 50 && last <= 100,
        `longest task ${fixed(longest, 0)} ms, last painted after ${fixed(last, 0)} ms (×${fixed(last / 100)})`,
        measured([longest]),
      )
    }
  for (const n of f.sizes('socket')) {
    const p95 = f.field('socket', n, 'parley-client', 'p95')
    add(
      'socket to paint through the real client, real ws on 127.0.0.1: p95 ≤ 33 ms',
      p95 == null ? null : p95 <= 33,
      `p95 ${fixed(p95, 0)} ms (×${fixed(p95 / 33)})`,
      measured([p95]),
    )
  }
  return goals
}
