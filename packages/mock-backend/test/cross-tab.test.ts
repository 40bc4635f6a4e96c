import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright'
import type { ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Two tabs of one browser sharing one mock server, in real Chromium: BroadcastChannel, Web Locks,
// MSW's in-page WebSocket interception and its service worker, as the demo uses them.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const root = join(import.meta.dirname, 'browser')
const worker = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js')

describe.skipIf(!existsSync(CHROMIUM))('two tabs in Chromium', () => {
  let vite: ViteDevServer
  let browser: Browser
  let context: BrowserContext

  beforeAll(async () => {
    const { createServer, defaultClientConditions } = await import('vite')
    vite = await createServer({
      configFile: false,
      root,
      logLevel: 'error',
      cacheDir: join(tmpdir(), 'parley-mock-backend-vite'),
      resolve: { conditions: ['@parley/source', ...defaultClientConditions] },
      optimizeDeps: { entries: [join(root, 'tab.html')], include: ['msw/browser'] },
      server: { port: 0, host: '127.0.0.1' },
      plugins: [
        {
          name: 'msw-worker',
          configureServer(server) {
            server.middlewares.use('/mockServiceWorker.js', (_req, res) => {
              res.setHeader('content-type', 'text/javascript')
              res.end(readFileSync(worker))
            })
          },
        },
      ],
    })
    await vite.listen()
    const { chromium } = await import('playwright')
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    })
    context = await browser.newContext()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await vite?.close()
  })

  const open = async (userId: string): Promise<Page> => {
    const page = await context.newPage()
    await page.goto(`${vite.resolvedUrls!.local[0]}tab.html?user=${userId}`)
    await page.waitForFunction(() => window.tab?.client.getSnapshot().connection.status === 'open')
    return page
  }
  const bodies = (page: Page) =>
    page.evaluate(() =>
      (window.tab!.client.getSnapshot().timelines['dm-maya-sam'] ?? []).map(
        (m) => `${m.seq} ${m.body} ${m.status}`,
      ),
    )

  it('a trainer in one tab and a client in another chat live; the next tab takes over where it left off', async () => {
    const maya = await open('trainer-maya')
    const sam = await open('client-sam')
    expect(await maya.evaluate(() => window.tab!.shared.isLeader())).toBe(true)
    expect(await sam.evaluate(() => window.tab!.shared.isLeader())).toBe(false)
    await maya.waitForFunction(() => window.tab!.backend.controls.sessions().length === 2)

    await sam.evaluate(() => window.tab!.client.send('dm-maya-sam', 'Hi from tab 2'))
    await maya.waitForFunction(
      () => window.tab!.client.getSnapshot().timelines['dm-maya-sam']?.length === 1,
    )
    await maya.evaluate(() => window.tab!.client.send('dm-maya-sam', 'Hi from tab 1'))
    await sam.waitForFunction(
      () => window.tab!.client.getSnapshot().timelines['dm-maya-sam']?.[1]?.status === 'sent',
    )
    expect(await bodies(sam)).toEqual(['8 Hi from tab 2 sent', '9 Hi from tab 1 sent'])

    // REST from the second tab goes through its service worker, then to the first tab's server.
    const history = await sam.evaluate(async () => {
      const { protocol, token } = window.tab!
      const page = await protocol.fetchHistory!(
        { conversationId: 'dm-maya-sam', limit: 2 },
        { token },
      )
      return page.messages.map((m) => m.body)
    })
    expect(history).toEqual(['Hi from tab 2', 'Hi from tab 1'])

    // The serving tab closes right after its last change: the next tab still has it.
    await sam.evaluate(() => window.tab!.client.send('dm-maya-sam', 'Last before the switch'))
    await sam.waitForFunction(
      () => window.tab!.client.getSnapshot().timelines['dm-maya-sam']?.[2]?.status === 'sent',
    )
    await maya.close()
    await sam.waitForFunction(() => window.tab!.shared.isLeader())
    await sam.waitForFunction(
      () =>
        window.tab!.client.getSnapshot().connection.status === 'open' &&
        window.tab!.backend.controls.sessions().length === 1,
    )
    // Its server is the old one: the same ids and seqs, and the next message comes after them.
    const stored = () =>
      sam.evaluate(() => {
        const { model } = window.tab!.backend
        const seqs = Array.from({ length: model.latestSeq('dm-maya-sam') - 7 }, (_, i) => i + 8)
        return seqs.map((seq) => {
          const m = model.message('dm-maya-sam', seq)!
          return `${m.id} ${m.seq} ${m.senderId} ${m.body}`
        })
      })
    expect(await stored()).toEqual([
      'dm-maya-sam.8 8 client-sam Hi from tab 2',
      'dm-maya-sam.9 9 trainer-maya Hi from tab 1',
      'dm-maya-sam.10 10 client-sam Last before the switch',
    ])
    await sam.evaluate(() => window.tab!.client.send('dm-maya-sam', 'After the switch'))
    await sam.waitForFunction(
      () => window.tab!.client.getSnapshot().timelines['dm-maya-sam']?.[3]?.status === 'sent',
    )
    expect((await stored()).at(-1)).toBe('dm-maya-sam.11 11 client-sam After the switch')
    expect(await bodies(sam)).toEqual([
      '8 Hi from tab 2 sent',
      '9 Hi from tab 1 sent',
      '10 Last before the switch sent',
      '11 After the switch sent',
    ])
    await sam.close()
  })
})
