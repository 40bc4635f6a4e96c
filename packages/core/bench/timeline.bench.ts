/**
 * What the timeline costs, by its length. Prints, for this machine:
 *  - loading history into an empty timeline: 5,000 and 50,000 messages in one batch (in order and
 *    shuffled), and 50,000 arriving as 1,000 pages of 50 prepended one after another; the 5k→50k
 *    ratio (10 is linear);
 *  - one live message appended to a timeline of 1,000 / 10,000 / 100,000 messages, the ack that
 *    replaces a pending send at its end, and beside them what copying an array that long costs
 *    (the one length-dependent part left);
 *  - one read receipt on a 100,000-message timeline, steady state (a few messages since the last
 *    one) and the first receipt after loading (every one of the user's messages becomes read).
 * Median of many runs in µs unless said. Not a test: it asserts nothing.
 *
 *   pnpm --filter @parley/core bench
 */
import { it } from 'vitest'
import type { Message } from '../src/model'
import { findMessage, markReadUpTo, mergeMessages } from '../src/timeline'

const SELF = 'me'
/** Groups of 50 operations make a browser's 0.1 ms clock read to 2 µs. */
const SAMPLES = 30
const GROUP = 50

function message(i: number, extra: Partial<Message> = {}): Message {
  return {
    id: String(i),
    conversationId: 'c1',
    senderId: i % 2 ? SELF : 'you',
    kind: 'text',
    body: `Message number ${i}`,
    attachments: [],
    createdAt: 1_700_000_000_000 + i * 1_000,
    seq: i,
    status: 'sent',
    ...extra,
  }
}
const history = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => message(from + i))

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items]
  let seed = 7
  for (let i = copy.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
    const j = seed % (i + 1)
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

/** In ms. The best run is what the code costs on an idle machine; this one is shared. */
interface Timing {
  median: number
  best: number
}

/** Time of `run` over `times` runs, each given fresh input by `prepare`. */
function time<T>(times: number, prepare: () => T, run: (input: T) => unknown): Timing {
  return timeEach(times, 1, () => [prepare()], run)
}

/**
 * Median time of one `run` in ms. Operations are timed in groups of `group` (prepared beforehand,
 * untimed), so the figure holds where the clock is coarse (browsers round to 0.1 ms).
 */
function timeEach<T>(
  samples: number,
  group: number,
  prepare: (count: number) => T[],
  run: (input: T) => unknown,
): Timing {
  const perOperation: number[] = []
  for (let i = 0; i < samples; i++) {
    const inputs = prepare(group)
    const started = performance.now()
    for (const input of inputs) run(input)
    perOperation.push((performance.now() - started) / inputs.length)
  }
  perOperation.sort((a, b) => a - b)
  return { median: perOperation[samples >> 1]!, best: perOperation[0]! }
}

const ms = (value: number) => `${value.toFixed(1)} ms`
const msBoth = ({ median, best }: Timing) => `${ms(median)} (best ${ms(best)})`
const ratio = (large: Timing, small: Timing) =>
  `ratio ${(large.median / small.median).toFixed(1)} (best ${(large.best / small.best).toFixed(1)})`
const us = (value: number) => `${(value * 1_000).toFixed(1)} µs`

function historyFigures(): string[] {
  // More runs for the small size: one stray pause moves its median most, and the ratio with it.
  const load = (count: number, order: (list: Message[]) => Message[]) =>
    time(
      count < 10_000 ? 31 : 9,
      () => order(history(count)),
      (page) => mergeMessages([], page),
    )
  const inOrder = (list: Message[]) => list
  load(5_000, inOrder) // warm-up: let the JIT see the merge before anything counts
  const small = load(5_000, inOrder)
  const large = load(50_000, inOrder)
  const smallShuffled = load(5_000, shuffled)
  const largeShuffled = load(50_000, shuffled)
  const paged = time(
    3,
    () => history(50_000),
    (all) => {
      let timeline: readonly Message[] = []
      for (let end = all.length; end > 0; end -= 50)
        timeline = mergeMessages(timeline, all.slice(end - 50, end).reverse())
    },
  )
  return [
    'History into an empty timeline, one batch (median, and best run):',
    `  in order   5,000: ${msBoth(small)}   50,000: ${msBoth(large)}   ${ratio(large, small)}`,
    `  shuffled   5,000: ${msBoth(smallShuffled)}   50,000: ${msBoth(largeShuffled)}   ${ratio(largeShuffled, smallShuffled)}`,
    mapBaseline(),
    `50,000 as 1,000 pages of 50, newest first, each prepended: ${msBoth(paged)} in all`,
  ]
}

const times = <T>(count: number, make: () => T) => Array.from({ length: count }, make)

/** Per-operation medians at one timeline length. */
function liveFigures(length: number) {
  let timeline = mergeMessages([], history(length))
  let next = length
  const append = timeEach(
    SAMPLES,
    GROUP,
    (count) => times(count, () => message(next++)),
    (m) => (timeline = mergeMessages(timeline, [m])),
  )
  // Sends, then their acks: each pending copy is replaced where it stands.
  const ack = timeEach(
    SAMPLES,
    GROUP,
    (count) => {
      const sends = times(count, () => next++)
      const pending = sends.map((i) => {
        const { seq: _, ...withoutSeq } = message(i, { id: `k${i}`, clientId: `k${i}` })
        return { ...withoutSeq, status: 'sending' as const }
      })
      timeline = mergeMessages(timeline, pending)
      return sends.map((i) => message(i, { clientId: `k${i}` }))
    },
    (acked) => (timeline = mergeMessages(timeline, [acked])),
  )
  const copy = timeEach(
    SAMPLES,
    GROUP,
    (count) => times(count, () => timeline),
    (list) => list.slice(),
  )
  return { length, append, ack, copy }
}

function receiptFigures(): string[] {
  const unread = mergeMessages([], history(100_000))
  const first = time(
    5,
    () => (findMessage(unread, '0'), unread), // its index, rebuilt untimed after each run takes it
    (timeline) => markReadUpTo(timeline, '99999', SELF),
  )
  let timeline = markReadUpTo(unread, '99999', SELF)
  let next = 100_000
  // Three new messages (the user's among them) before each receipt.
  const steady = timeEach(
    SAMPLES,
    GROUP,
    (count) => {
      timeline = mergeMessages(timeline, history(count * 3, next))
      return times(count, () => String((next += 3) - 1))
    },
    (lastId) => (timeline = markReadUpTo(timeline, lastId, SELF)),
  )
  return [
    'Read receipt on a 100,000-message timeline:',
    `  steady (3 new messages since the last receipt): ${us(steady.median)}`,
    `  first after load (50,000 of the user's messages become read): ${ms(first.median)}`,
  ]
}

/** How far from linear this machine's Map alone is, at these sizes: the floor for the ratio above. */
function mapBaseline(): string {
  const build = (count: number) =>
    time(
      count < 10_000 ? 31 : 9,
      () => history(count),
      (list) => new Map(list.map((m) => [m.id, m])),
    )
  build(5_000)
  const small = build(5_000)
  const large = build(50_000)
  return `  (a Map of the ids alone: 5,000: ${msBoth(small)}, 50,000: ${msBoth(large)}, ${ratio(large, small)})`
}

it('timeline: history loads, live appends and receipts by timeline length', () => {
  const lines = historyFigures()
  lines.push(`One live message, by timeline length (median of ${SAMPLES} groups of ${GROUP}):`)
  for (const length of [1_000, 10_000, 100_000]) {
    const { append, ack, copy } = liveFigures(length)
    lines.push(
      `  ${length.toLocaleString('en')}: append ${us(append.median)}, ack in place ${us(ack.median)}` +
        `  (copying the array alone: ${us(copy.median)})`,
    )
  }
  lines.push(...receiptFigures())
  console.log(lines.join('\n'))
})
