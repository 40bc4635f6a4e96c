/**
 * What the runner does in the page for each scenario. Each returns plain numbers; the page-side
 * halves are in page/harness.ts and page/socket.ts.
 */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function heapUsed(cdp) {
  // Twice: the first pass can leave what only a second one frees (weak maps, finalisers).
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  return (await cdp.send('Runtime.getHeapUsage')).usedSize
}

async function heap(page, { n }) {
  const cdp = await page.context().newCDPSession(page)
  await page.evaluate((count) => window.bench.heapData(count), n)
  const before = await heapUsed(cdp)
  const { shown } = await page.evaluate(() => window.bench.heapMount())
  const after = await heapUsed(cdp)
  return { mb: shown ? (after - before) / 1024 / 1024 : null }
}

/** Up at the top of the list by the reader's own means, until the scroll position rests at 0. */
const REACH_TOP = {
  async wheel(page) {
    const box = await page.locator('.bench-box').boundingBox()
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    for (let k = 0; k < 200; k++) {
      await page.mouse.wheel(0, -4_000)
      await sleep(60)
      if ((await page.evaluate(() => window.bench.scrollTop())) === 0) return true
    }
    return false
  },
  async keyboard(page) {
    await page.focus('[data-bench-scroller]')
    for (let k = 0; k < 20; k++) {
      await page.keyboard.press('Home')
      await sleep(150)
      if ((await page.evaluate(() => window.bench.scrollTop())) === 0) return true
    }
    return false
  },
  async script(page) {
    for (let k = 0; k < 20; k++) {
      await page.evaluate(() => window.bench.scrollTopByScript())
      await sleep(150)
      if ((await page.evaluate(() => window.bench.scrollTop())) === 0) return true
    }
    return false
  },
}

async function prepend(page, { n, method }) {
  const { shown } = await page.evaluate((count) => window.bench.prependMount(count), n)
  if (!shown) return { px: null, note: 'never painted' }
  const top = await REACH_TOP[method](page)
  // A list that keeps pulling the reader back down never rests at the top: say so.
  if (!top) return { px: null, note: 'could not reach the top' }
  await sleep(300)
  const { maxPx, finalPx, trace, scrollTopAfter } = await page.evaluate(() =>
    window.bench.prependMeasure(),
  )
  return { px: maxPx, finalPx, scrollTopAfter, trace: trace?.join(' ') }
}

async function socket(page, { n, socketServer }) {
  const { shown } = await page.evaluate(({ url, count }) => window.bench.socketMount(url, count), {
    url: socketServer.url,
    count: n,
  })
  for (let k = 0; k < 100 && socketServer.joinedCount() === 0; k++) await sleep(50)
  if (!shown || socketServer.joinedCount() === 0) return { shown: 0, p95: null, latencies: [] }
  await sleep(500)
  const sentAt = await socketServer.stream(n, 100, 10)
  await sleep(1_000)
  const painted = await page.evaluate(() => window.bench.socketPainted())
  const latencies = Object.entries(painted).map(([i, at]) => at - sentAt[i])
  return { shown: latencies.length, latencies, p95: percentile(latencies, 0.95) }
}

export function percentile(values, p) {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]
}

export const RUNNERS = {
  firstPaint: (page, { n }) => page.evaluate((count) => window.bench.firstPaint(count), n),
  heap,
  ingest: (page, { n }) => page.evaluate((count) => window.bench.ingest(count), n),
  stream: (page, { n }) => page.evaluate((count) => window.bench.stream(count), n),
  async burst(page, { n }) {
    const result = await page.evaluate((count) => window.bench.burst(count), n)
    const longest = Math.max(0, ...result.longTasks)
    return {
      lastPaintedMs: result.lastPaintedMs,
      longestTaskMs: longest,
      longTasks: result.longTasks.length,
    }
  },
  prepend,
  socket,
}
