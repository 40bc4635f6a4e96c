/** Live messages at the bottom of a mounted list: a steady stream, and a burst. */
import { makeMessage } from './messages'
import { mountSettled, percentile, type Session } from './session'
import { frame, sleep, visibleNumbers, whenVisible } from './visible'

/** 100 live messages, one every 10 ms, at the bottom of `count`: how many showed, how fast. */
async function stream(session: Session, count: number, messages = 100, everyMs = 10) {
  if (!(await mountSettled(session, count))) return { shown: 0, p95: null, latencies: [] }
  const { box, list } = session.mounted!
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
}

/**
 * 1,000 messages, each in a task of its own as socket frames come, at the bottom of `count`:
 * every long task while they are handled, and how long after the last one it is on screen.
 */
async function burst(session: Session, count: number, messages = 1_000) {
  if (!(await mountSettled(session, count))) return { lastPaintedMs: null, longTasks: [] }
  const { box, list } = session.mounted!
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
  return { lastPaintedMs: shown === undefined ? null : Math.max(0, shown - lastAt), longTasks }
}

export const liveScenarios = (session: Session) => ({
  stream: (count: number) => stream(session, count),
  burst: (count: number) => burst(session, count),
})
