// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { createSalonProtocol } from '../src/salon'
import { startRestServer } from './rest-server'
import { handleRest } from './salon-server-rest'
import { createStore } from './salon-server-store'

/** The Salon test server's REST side alone (its socket side needs Node's `ws`, not jsdom's). */
async function salonRest() {
  const store = createStore()
  store.tokens.set('maya-token', { type: 'user', id: 7, name: 'maya@salon.test' })
  store.tokens.set('sam-token', { type: 'customer', id: 7, name: 'Sam' })
  const quirks = {
    restSendFails: false,
    historyFailsOnReceipt: false,
    ignoreBeforeMessageId: false,
    forcedStatus: undefined,
  }
  const context = { store, quirks, online: () => [], broadcast: () => {}, cutOne: () => {} }
  const server = await startRestServer((req, body) => handleRest(context, req, body))
  closers.push(server.close)
  return createSalonProtocol({ apiUrl: `${server.apiUrl}/v1/chat`, role: 'user' })
}
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

/** Uploads go through XMLHttpRequest (the only way to report progress): tested under jsdom. */
describe('Salon upload through XMLHttpRequest against real HTTP servers', () => {
  it("seed 004's example: POST /upload multipart `file` → the file with its thumbnail, paths resolved", async () => {
    const server = await startRestServer(() => ({
      status: 200,
      json: {
        file_url: '/uploads/chat/1736424600.123_image.jpg',
        file_name: 'image.jpg',
        file_type: 'image/jpeg',
        file_size: 524288,
        thumbnail_url: '/uploads/chat/1736424600.123_image_thumb.jpg',
      },
    }))
    try {
      const adapter = createSalonProtocol({ apiUrl: `${server.apiUrl}/v1/chat`, role: 'user' })
      const file = new Blob([new Uint8Array(100_000)], { type: 'image/jpeg' })
      const progress: number[] = []
      const stored = await adapter.upload!(
        { file, name: 'image.jpg', onProgress: (f) => progress.push(f) },
        { token: 'YOUR_JWT_TOKEN' },
      )
      const origin = server.apiUrl.replace(/\/api$/, '')
      expect(stored).toEqual({
        url: `${origin}/uploads/chat/1736424600.123_image.jpg`,
        name: 'image.jpg',
        mimeType: 'image/jpeg',
        size: 524288,
        thumbnailUrl: `${origin}/uploads/chat/1736424600.123_image_thumb.jpg`,
      })
      expect(progress.at(-1)).toBe(1)
      const request = server.requests.find((r) => r.method === 'POST')!
      expect(request).toMatchObject({
        url: '/api/v1/chat/upload',
        authorization: 'Bearer YOUR_JWT_TOKEN',
      })
      expect(request.body.toString('latin1')).toMatch(/name="file"; filename="image.jpg"/)
    } finally {
      await server.close()
    }
  })

  it("uploads to the Salon test server's REST side for staff; a customer token is refused with a typed 403", async () => {
    const adapter = await salonRest()
    const file = () => new Blob([new Uint8Array(1_000)], { type: 'image/png' })
    const stored = await adapter.upload!(
      { file: file(), name: 'nails.png' },
      { token: 'maya-token' },
    )
    expect(stored).toMatchObject({ name: 'nails.png', mimeType: 'image/png' })
    expect(stored.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/uploads\/chat\/.+_nails\.png$/)
    expect(stored.thumbnailUrl).toMatch(/_nails_thumb\.png$/)
    await expect(
      adapter.upload!({ file: file(), name: 'x.png' }, { token: 'sam-token' }),
    ).rejects.toMatchObject({
      code: 'http-error',
      raw: { status: 403 },
    })
  })

  it('cancels with a typed aborted error', async () => {
    const adapter = await salonRest()
    const controller = new AbortController()
    const upload = adapter.upload!(
      { file: new Blob([new Uint8Array(1_000)]), name: 'a.png', signal: controller.signal },
      { token: 'maya-token' },
    )
    controller.abort()
    await expect(upload).rejects.toMatchObject({ code: 'aborted' })
  })
})
