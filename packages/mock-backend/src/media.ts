/**
 * Media the seed data and the upload handler hand out: data: URLs, so an <img> or <audio> shows
 * them in any tab, in Node and in Storybook, with no network and no blob: URL to revoke.
 */

/** An SVG of exactly `width` × `height` pixels: a shape with a centred, escaped caption. */
function svg(width: number, height: number, shape: string, caption: string, size: number) {
  const text = caption.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)
  const body =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shape}` +
    `<text x="50%" y="50%" fill="#fff" font-family="sans-serif" font-size="${size}" text-anchor="middle" dominant-baseline="central">${text}</text></svg>`
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(body)}`
}

/** A picture of exactly `width` × `height` pixels: a coloured card with a caption. */
export const svgImage = (width: number, height: number, caption: string, hue = 210): string =>
  svg(
    width,
    height,
    `<rect width="100%" height="100%" fill="hsl(${hue} 55% 50%)"/>`,
    caption,
    Math.round(Math.min(width, height) / 9),
  )

/** A round 96 × 96 avatar with the person's initials. */
export const avatar = (name: string, hue: number): string =>
  svg(
    96,
    96,
    `<circle cx="48" cy="48" r="48" fill="hsl(${hue} 55% 45%)"/>`,
    name
      .split(/\s+/)
      .map((part) => part[0])
      .join('')
      .slice(0, 2),
    38,
  )

export const toBase64 = (bytes: Uint8Array): string => {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** A playable WAV voice note of `durationMs`: 8 kHz, 8-bit mono, a soft warbling tone. */
export function voiceNote(durationMs: number): string {
  const rate = 8000
  const samples = Math.round((rate * durationMs) / 1000)
  const bytes = new Uint8Array(44 + samples)
  const view = new DataView(bytes.buffer)
  const ascii = (at: number, text: string) =>
    [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)))
  ascii(0, 'RIFF')
  view.setUint32(4, 36 + samples, true)
  ascii(8, 'WAVEfmt ')
  view.setUint32(16, 16, true)
  view.setUint16(20, 1, true) // PCM
  view.setUint16(22, 1, true) // mono
  view.setUint32(24, rate, true)
  view.setUint32(28, rate, true)
  view.setUint16(32, 1, true)
  view.setUint16(34, 8, true)
  ascii(36, 'data')
  view.setUint32(40, samples, true)
  for (let i = 0; i < samples; i++) {
    const t = i / rate
    const envelope = Math.min(1, t * 8, (samples - i) / 800) * (0.6 + 0.4 * Math.sin(t * 9))
    bytes[44 + i] =
      128 + Math.round(40 * envelope * Math.sin(2 * Math.PI * (180 + 40 * Math.sin(t * 3)) * t))
  }
  return `data:audio/wav;base64,${toBase64(bytes)}`
}
