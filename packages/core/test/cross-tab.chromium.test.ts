import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright'
import { build, type Rollup } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumLaunchOptions } from '../../../test/chromium'
import type { ChatClient } from '../src'
import { startNativeServer, waitFor, type NativeServer } from './native-server'

/**
 * Real Web Locks and BroadcastChannel: tabs of one Chromium profile, each running the client on a
 * shared socket (cross-tab-page.ts, bundled by Vite), against the real native server.
 */
let browser: Browser
let http: Server
let chat: NativeServer
let origin: string

async function bundlePage(): Promise<string> {
  const result = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: `${import.meta.dirname}/cross-tab-page.ts`, formats: ['es'], fileName: 'app' },
    },
  })) as Rollup.RollupOutput[]
  return result[0]!.output[0].code
}

beforeAll(async () => {
  const [script, server] = await Promise.all([
    bundlePage(),
    startNativeServer({ validTokens: new Set(['alice', 'bob']) }),
  ])
  chat = server
  http = createServer((req, res) => {
    if (req.url?.startsWith('/app.js'))
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><script type="module" src="/app.js"></script>')
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  browser = await chromium.launch(chromiumLaunchOptions)
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => http?.close(resolve))
  await chat?.kill()
})

type TabWindow = { client: ChatClient; realSockets: number; usesLocks: boolean }
const state = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as TabWindow
    const timeline = w.client.getSnapshot().timelines.room ?? []
    return {
      status: w.client.getSnapshot().connection.status,
      realSockets: w.realSockets,
      usesLocks: w.usesLocks,
      messages: timeline.map((m) => ({ body: m.body, status: m.status })),
    }
  })
async function everyTab<T>(pages: Page[], check: (s: Awaited<ReturnType<typeof state>>) => T) {
  return (await Promise.all(pages.map(state))).map(check)
}
async function until(
  pages: Page[],
  check: (s: Awaited<ReturnType<typeof state>>) => boolean,
  what: string,
) {
  const deadline = Date.now() + 8_000
  while (!(await everyTab(pages, check)).every(Boolean)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
const send = (page: Page, body: string) =>
  page.evaluate((text) => void (window as unknown as TabWindow).client.send('room', text), body)

describe('cross-tab in Chromium (real Web Locks)', () => {
  it('three tabs share one socket; closing the leader tab hands the lock and the socket on', async () => {
    const context = await browser.newContext()
    const url = `${origin}/?ws=${encodeURIComponent(chat.url)}`
    const pages = await Promise.all([1, 2, 3].map(() => context.newPage()))
    for (const page of pages) await page.goto(url)
    await until(pages, (s) => s.status === 'open', 'three tabs open')
    expect(await everyTab(pages, (s) => s.usesLocks)).toEqual([true, true, true])
    expect(chat.handshakes).toBe(1)
    const real = await everyTab(pages, (s) => s.realSockets)
    expect(real.reduce((a, b) => a + b)).toBe(1)

    await Promise.all(pages.map((page, i) => send(page, `tab ${i}`)))
    await until(
      pages,
      // Each tab's own send acked, and the other tabs' sends shown too (the same user's messages).
      (s) => s.messages.length === 3 && s.messages.every((m) => m.status === 'sent'),
      'each tab acked',
    )

    // The leader's tab goes away without a word: the browser frees its lock.
    const leader = pages[real.indexOf(1)]!
    const rest = pages.filter((page) => page !== leader)
    const since = Date.now()
    await leader.close()
    await waitFor(() => chat.handshakes === 2, 8_000, 'a new leader connects')
    await until(rest, (s) => s.status === 'open', 'the rest open again')
    expect(Date.now() - since).toBeLessThan(3_000)
    await send(rest[0]!, 'after the leader left')
    await until(
      rest.slice(0, 1),
      (s) => s.messages.some((m) => m.body === 'after the leader left' && m.status === 'sent'),
      'acked by the new leader',
    )
    expect(chat.handshakes).toBe(2)
    await context.close()
  }, 60_000)
})
