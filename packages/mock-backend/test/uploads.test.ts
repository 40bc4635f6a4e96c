// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest'
import { sniffImage } from '../src'
import { stubNodeBlobs } from '../../../test/node-blobs'
import { protocol, useMockServer } from './helpers'

// The core's upload uses XMLHttpRequest (for progress), which jsdom provides and MSW intercepts.
const { startBackend } = useMockServer()

beforeAll(stubNodeBlobs)

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(
    parts.flatMap((part) =>
      typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part,
    ),
  )
const be32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const le16 = (n: number) => [n & 255, n >>> 8]
const le24 = (n: number) => [n & 255, (n >>> 8) & 255, n >>> 16]

const png = (width: number, height: number) =>
  bytes(
    [0x89],
    'PNG\r\n\x1a\n',
    be32(13),
    'IHDR',
    be32(width),
    be32(height),
    [8, 6, 0, 0, 0],
    be32(0),
  )
const gif = (width: number, height: number) => bytes('GIF89a', le16(width), le16(height), [0, 0, 0])
const jpeg = (width: number, height: number) =>
  bytes(
    [0xff, 0xd8, 0xff, 0xe0, 0, 16],
    'JFIF\0',
    [1, 1, 0, 0, 1, 0, 1, 0, 0],
    [0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3],
  )
const webp = (width: number, height: number) =>
  bytes(
    'RIFF',
    [30, 0, 0, 0],
    'WEBPVP8X',
    [10, 0, 0, 0, 0, 0, 0, 0],
    le24(width - 1),
    le24(height - 1),
  )

describe('sniffImage', () => {
  it.each([
    ['image/png', png(640, 480)],
    ['image/gif', gif(640, 480)],
    ['image/jpeg', jpeg(640, 480)],
    ['image/webp', webp(640, 480)],
  ])('reads %s dimensions from the header', (mimeType, data) => {
    expect(sniffImage(data)).toEqual({ mimeType, width: 640, height: 480 })
  })

  it('says nothing about text, or a header cut short', () => {
    expect(sniffImage(bytes('hello world'))).toBeUndefined()
    expect(sniffImage(png(10, 10).slice(0, 18))).toBeUndefined()
  })
})

describe('POST /uploads through the core adapter', () => {
  const upload = (token: string, file: Blob, name: string, onProgress?: (f: number) => void) =>
    protocol.upload!({ file, name, ...(onProgress && { onProgress }) }, { token })

  it('stores an image and answers a displayable URL with its size, reporting progress', async () => {
    const backend = startBackend()
    const token = backend.model.issueToken('client-sam')
    const progress: number[] = []

    const uploaded = await upload(
      token,
      new Blob([png(1024, 768)], { type: 'image/png' }),
      'photo.png',
      (f) => progress.push(f),
    )

    expect(uploaded).toEqual({
      url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/),
      name: 'photo.png',
      mimeType: 'image/png',
      size: png(1, 1).length,
      width: 1024,
      height: 768,
    })
    expect(progress.at(-1)).toBe(1)
  })

  it('takes a voice note or a document without dimensions', async () => {
    const backend = startBackend()
    const token = backend.model.issueToken('client-sam')
    const note = await upload(token, new Blob(['RIFF....WAVE'], { type: 'audio/wav' }), 'note.wav')
    expect(note).toMatchObject({ mimeType: 'audio/wav', name: 'note.wav', size: 12 })
    expect(note).not.toHaveProperty('width')
  })

  it.each([
    ['too large', 413, [new Uint8Array(2_048)], 'text/plain'],
    ['a type not accepted', 415, ['MZ'], 'application/x-msdownload'],
    ['an image whose bytes are not one', 415, ['<script>'], 'image/png'],
    ['an image of another type than claimed', 415, [gif(2, 2)], 'image/png'],
  ])('refuses %s with %i', async (_, status, content, type) => {
    const file = new Blob(content, { type })
    const backend = startBackend({ maxUploadBytes: 1_024 })
    const token = backend.model.issueToken('client-sam')
    const error = await upload(token, file, 'file').catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'ParleyError', code: 'invalid-upload', raw: { status } })
  })

  it('refuses an upload without a valid token', async () => {
    startBackend()
    const error = await upload(
      'tok-nobody',
      new Blob(['x'], { type: 'text/plain' }),
      'a.txt',
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'http-error', raw: { status: 401 } })
  })

  it('slow and failing uploads, as the controls and the scenario set them', async () => {
    const backend = startBackend({ scenario: 'slow-uploads:150ms' })
    const token = backend.model.issueToken('client-sam')
    const file = () => new Blob(['hello'], { type: 'text/plain' })
    const startedAt = Date.now()
    await upload(token, file(), 'a.txt')
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(145)

    backend.controls.play('fail-uploads')
    const error = await upload(token, file(), 'a.txt').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'http-error', raw: { status: 503 } })
    backend.controls.uploads()
    await expect(upload(token, file(), 'a.txt')).resolves.toMatchObject({ size: 5 })
  })
})
