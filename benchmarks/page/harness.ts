/**
 * The scenarios, run in the page one at a time (each page in a fresh Chromium). The Node runner
 * calls `window.bench.<scenario>(…)` and gets plain numbers back; no scenario asserts anything.
 */
import type { Contender } from './contender'
import { liveScenarios } from './live'
import { makeMessage, makeMessages } from './messages'
import { prependScenario } from './prepend'
import { listBox, nextTask, percentile, settle, type Session } from './session'
import { sleep, whenVisible } from './visible'

/** From render to the frame in which the newest of `count` messages is on screen (ms). */
async function firstPaint({ contender }: Session, count: number) {
  const ready = await contender.ingest(contender.data(makeMessages(0, count)), 'screen')
  await sleep(50)
  const box = listBox()
  const started = performance.now()
  contender.mount(box, ready)
  const shown = await whenVisible(box, count - 1)
  return { ms: shown === undefined ? null : shown - started }
}

/** Heap, step 2 (after the runner read the heap with the app's data made): ingest and render. */
async function heapMount(session: Session) {
  const { contender, data = [] } = session
  const ready = await contender.ingest(data, 'screen')
  const box = listBox()
  const list = contender.mount(box, ready)
  const shown = await whenVisible(box, data.length - 1)
  await settle()
  session.mounted = { box, list, count: data.length }
  return { shown: shown !== undefined }
}

/** History into the store (ms), then one live message into it at that size (median, ms). */
async function ingest({ contender }: Session, count: number) {
  const input = contender.data(makeMessages(0, count))
  await sleep(50)
  const started = performance.now()
  const ready = await contender.ingest(input, 'store')
  const ms = performance.now() - started
  const one: number[] = []
  for (let k = 0; k < 21 && contender.ingestOne; k++) {
    // A fresh task each time: a chain of timers is clamped to 4 ms, which is not the store's.
    await nextTask()
    const message = makeMessage(count + k)
    const t = performance.now()
    await contender.ingestOne(ready, message)
    one.push(performance.now() - t)
  }
  return { ms, oneMs: percentile(one, 0.5) ?? null }
}

export function scenarios(contender: Contender) {
  const session: Session = { contender }
  return {
    firstPaint: (count: number) => firstPaint(session, count),
    /** Heap, step 1: the app's data exists (the runner collects garbage and reads the heap). */
    heapData: (count: number) =>
      void (session.data = contender.data(makeMessages(0, count)) as unknown[]),
    heapMount: () => heapMount(session),
    ingest: (count: number) => ingest(session, count),
    ...liveScenarios(session),
    ...prependScenario(session),
  }
}
