// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { createNativeProtocol } from '../src/native'
import { startRestServer } from './rest-server'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

describe('native upload through XMLHttpRequest (jsdom) against a real HTTP server', () => {
  it('posts the file as multipart with the token, reports progress and returns the stored file', async () => {
    const server = await startRestServer((_req, body) => ({
      status: 201,
      json: {
        url: 'https://cdn.test/cat.png',
        name: 'cat.png',
        mimeType: 'image/png',
        size: body.length,
        width: 640,
        height: 480,
      },
    }))
    closers.push(server.close)
    const adapter = createNativeProtocol({ apiUrl: server.apiUrl })
    const progress: number[] = []
    const file = new Blob([new Uint8Array(200_000)], { type: 'image/png' })
    const stored = await adapter.upload!(
      { file, name: 'cat.png', onProgress: (f) => progress.push(f) },
      { token: 'tok' },
    )
    expect(stored).toMatchObject({
      url: 'https://cdn.test/cat.png',
      width: 640,
      height: 480,
      mimeType: 'image/png',
    })
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/uploads',
      authorization: 'Bearer tok',
    })
    expect(server.requests[0]?.body.toString('latin1')).toContain('filename="cat.png"')
    expect(progress.at(-1)).toBe(1)
  })

  it('rejects with invalid-upload on 413, http-error on 500 and aborted on cancel', async () => {
    const server = await startRestServer(() => ({
      status: 413,
      json: { error: { code: 'too-large', message: 'File too large' } },
    }))
    closers.push(server.close)
    const adapter = createNativeProtocol({ apiUrl: server.apiUrl })
    const file = new Blob(['x'])
    await expect(adapter.upload!({ file, name: 'a.txt' }, { token: 't' })).rejects.toMatchObject({
      code: 'invalid-upload',
      message: 'File too large',
      raw: { status: 413 },
    })
    const failing = await startRestServer(() => ({ status: 500, json: {} }))
    closers.push(failing.close)
    await expect(
      createNativeProtocol({ apiUrl: failing.apiUrl }).upload!(
        { file, name: 'a.txt' },
        { token: 't' },
      ),
    ).rejects.toMatchObject({ code: 'http-error', raw: { status: 500 } })
    const controller = new AbortController()
    const pending = adapter.upload!(
      { file, name: 'a.txt', signal: controller.signal },
      { token: 't' },
    )
    controller.abort()
    await expect(pending).rejects.toMatchObject({ code: 'aborted' })
  })
})
