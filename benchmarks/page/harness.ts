/**
 * The scenarios, run in the page one at a time (each page in a fresh Chromium). The Node runner
 * calls `window.bench.<scenario>(…)` and gets plain numbers back; no scenario asserts anything.
 */
import type { Contender, Mounted } from './contender'
import { makeMessage, makeMessages } from './messages'
import { findMessage, frame, scrollerOf, sleep, visibleNumbers, whenVisible } from './visible'

/** Frames given to a list to settle after it painted (images none, row heights measured). */
const SETTLE_FRAMES = 20

function listBox(): HTMLElement {
  const box = document.createElement('div')
  box.className = 'bench-box'
  document.body.append(box)
  return box
}

function percentile(values: number[], p: number) {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]
}

/** Resolves in a new task (a message, not a timer: timers nested in timers are clamped). */
const nextTask = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(0)
  })

async function settle() {
  for (let k = 0; k < SETTLE_FRAMES; k++) await frame()
}

export function scenarios(contender: Contender) {
  let mounted: { box: HTMLElement; list: Mounted; count: number } | undefined
  let data: unknown

  /** The list with `count` messages on screen, painted and settled. */
  async function mountSettled(count: number) {
    const ready = await contender.ingest(contender.data(makeMessages(0, count)), 'screen')
    const box = listBox()
    const list = contender.mount(box, ready)
    const shown = await whenVisible(box, count - 1)
    await settle()
    mounted = { box, list, count }
    return shown !== undefined
  }

  return {
    /** From render to the frame in which the newest of `count` messages is on screen (ms). */
    async firstPaint(count: number) {
      const ready = await contender.ingest(contender.data(makeMessages(0, count)), 'screen')
      await sleep(50)
      const box = listBox()
      const started = performance.now()
      contender.mount(box, ready)
      const shown = await whenVisible(box, count - 1)
      return { ms: shown === undefined ? null : shown - started }
    },

    /** Heap, step 1: the app's data exists (the runner collects garbage and reads the heap). */
    heapData(count: number) {
      data = contender.data(makeMessages(0, count))
    },
    /** Heap, step 2: ingested, rendered and settled (the runner reads the heap again). */
    async heapMount() {
      const ready = await contender.ingest(data, 'screen')
      const box = listBox()
      const list = contender.mount(box, ready)
      const count = (data as unknown[]).length
      const shown = await whenVisible(box, count - 1)
      await settle()
      mounted = { box, list, count }
      return { shown: shown !== undefined }
    },

    /** History into the store (ms), then one live message into it at that size (median, ms). */
    async ingest(count: number) {
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
    },

    /** 100 live messages, one every 10 ms, at the bottom of `count`: how many showed, how fast. */
    async stream(count: number, messages = 100, everyMs = 10) {
      if (!(await mountSettled(count))) return { shown: 0, latencies: [] }
      const { box, list } = mounted!
      const sentAt = new Map<number, number>()
      const latency = new Map<number, number>()
      let watching = true
      const watch = async () => {
        while (watching) {
          const now = await frame()
          for (const i of visibleNumbers(box))
            if (sentAt.has(i) && !latency.has(i)) latency.set(i, now - sentAt.get(i)!)
        }
      }
      const watcher = watch()
      const start = performance.now()
      for (let k = 0; k < messages; k++) {
        // On a schedule, not a chain of timers: a slow frame does not stretch the stream.
        const due = start + k * everyMs - performance.now()
        if (due > 0) await sleep(due)
        const i = count + k
        sentAt.set(i, performance.now())
        list.append(makeMessage(i))
      }
      await sleep(1_000)
      watching = false
      await watcher
      const latencies = [...latency.values()]
      return { shown: latency.size, p95: percentile(latencies, 0.95) ?? null, latencies }
    },

    /**
     * 1,000 messages, each in a task of its own as socket frames come, at the bottom of `count`:
     * the longest task while they are handled, and how long after the last one it is on screen.
     */
    async burst(count: number, messages = 1_000) {
      if (!(await mountSettled(count))) return { lastPaintedMs: null, longTasks: [] }
      const { box, list } = mounted!
      const longTasks: number[] = []
      const observer = new PerformanceObserver((entries) => {
        for (const entry of entries.getEntries()) longTasks.push(entry.duration)
      })
      observer.observe({ type: 'longtask' })
      const channel = new MessageChannel()
      let next = count
      let lastAt = 0
      const delivered = new Promise<void>((resolve) => {
        channel.port1.onmessage = () => {
          list.append(makeMessage(next++))
          if (next < count + messages) return channel.port2.postMessage(0)
          lastAt = performance.now()
          resolve()
        }
      })
      channel.port2.postMessage(0)
      await delivered
      const shown = await whenVisible(box, count + messages - 1, 5_000)
      await sleep(500)
      observer.disconnect()
      return {
        lastPaintedMs: shown === undefined ? null : Math.max(0, shown - lastAt),
        longTasks,
      }
    },

    /** Prepend, step 1: `count` messages on screen, the older 50 held back. */
    async prependMount(count: number) {
      const ready = await contender.ingest(contender.data(makeMessages(50, count)), 'screen')
      const box = listBox()
      const list = contender.mount(box, ready, { hasOlder: true })
      const shown = await whenVisible(box, 50 + count - 1)
      await settle()
      mounted = { box, list, count }
      const scroller = scrollerOf(box)
      scroller.dataset.benchScroller = ''
      if (scroller.tabIndex < 0) scroller.tabIndex = -1
      return { shown: shown !== undefined }
    },
    /** Prepend, step 1b (script): jump to the top as an app's own code would. */
    scrollTopByScript() {
      scrollerOf(mounted!.box).scrollTop = 0
    },
    scrollTop: () => scrollerOf(mounted!.box).scrollTop,
    /** Prepend, step 2: at the top now; 50 older arrive. How far the first visible one moves. */
    async prependMeasure() {
      const { box, list } = mounted!
      await settle()
      const top = box.getBoundingClientRect().top
      const visible = [...visibleNumbers(box)].sort((a, b) => a - b)
      const first = visible.find(
        (i) => (findMessage(box, i)?.getBoundingClientRect().top ?? -1) >= top - 1,
      )
      if (first === undefined) return { maxPx: null, finalPx: null, first: null }
      const before = findMessage(box, first)!.getBoundingClientRect().top
      list.prepend(makeMessages(0, 50))
      let maxPx = 0
      let finalPx = 0
      const trace: number[] = []
      for (let k = 0; k < 30; k++) {
        await frame()
        const element = findMessage(box, first)
        // Gone from the DOM: the list jumped away from it, at least a screen.
        finalPx = element
          ? Math.abs(element.getBoundingClientRect().top - before)
          : box.clientHeight
        trace.push(Math.round(finalPx))
        maxPx = Math.max(maxPx, finalPx)
      }
      return { maxPx, finalPx, first, trace }
    },
  }
}
