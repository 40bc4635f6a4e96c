/** What the bytes of an image say about it: its real type and its size in pixels. */
export interface SniffedImage {
  mimeType: string
  width: number
  height: number
}

/**
 * Read the type and dimensions from an image's header, as an upload server does before trusting
 * the client's `Content-Type`: PNG, GIF, JPEG and WebP. Undefined for anything else.
 */
export function sniffImage(bytes: Uint8Array): SniffedImage | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const ascii = (at: number, length: number) =>
    String.fromCharCode(...bytes.subarray(at, at + length))
  const image = (mimeType: string, width: number, height: number) =>
    width > 0 && height > 0 ? { mimeType, width, height } : undefined
  try {
    if (ascii(1, 3) === 'PNG' && bytes[0] === 0x89)
      return image('image/png', view.getUint32(16), view.getUint32(20))
    if (ascii(0, 4) === 'GIF8')
      return image('image/gif', view.getUint16(6, true), view.getUint16(8, true))
    if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
      const chunk = ascii(12, 4)
      const u24 = (at: number) => view.getUint16(at, true) | (bytes[at + 2]! << 16)
      if (chunk === 'VP8X') return image('image/webp', 1 + u24(24), 1 + u24(27))
      if (chunk === 'VP8 ')
        return image(
          'image/webp',
          view.getUint16(26, true) & 0x3fff,
          view.getUint16(28, true) & 0x3fff,
        )
      if (chunk === 'VP8L') {
        const bits = view.getUint32(21, true)
        return image('image/webp', 1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff))
      }
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      // JPEG: walk the segments to the first start-of-frame marker.
      let at = 2
      while (at + 9 < bytes.length && bytes[at] === 0xff) {
        const marker = bytes[at + 1]!
        if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
          return image('image/jpeg', view.getUint16(at + 7), view.getUint16(at + 5))
        at += 2 + view.getUint16(at + 2)
      }
    }
  } catch {
    // A header cut short: not an image we can read.
  }
  return undefined
}

/** What the upload handler accepts by default: pictures, voice notes and documents. */
export const defaultUploadTypes: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'audio/webm',
  'audio/ogg',
  'audio/mpeg',
  'audio/mp4',
  'audio/wav',
  'application/pdf',
  'text/plain',
]
