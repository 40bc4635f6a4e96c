/*
 * Everything a server sends is hostile until proven otherwise. Text is only ever rendered as React
 * text (never innerHTML); a URL reaches an attribute only after the URL parser agrees it is one of the
 * few schemes allowed there, and then in the parser's normalised form, never the raw string.
 */

type Scheme = 'http:' | 'https:' | 'mailto:' | 'blob:' | 'data:'

function guard(
  raw: string | undefined,
  schemes: readonly Scheme[],
  relative: boolean,
  dataType = 'image/',
) {
  if (!raw) return undefined
  let url: URL
  try {
    // Relative URLs (attachments served by the app's own origin) resolve against the page; links in
    // message text are only ever absolute, so they get no base.
    url = new URL(raw, relative ? globalThis.location?.href : undefined)
  } catch {
    return undefined
  }
  if (!schemes.includes(url.protocol as Scheme)) return undefined
  // data: only of the one media type, whatever the rest says (`data:text/html,…` is a document).
  if (url.protocol === 'data:' && !url.pathname.toLowerCase().startsWith(dataType)) return undefined
  return url.href
}

/** An `href` for a link: http(s) and mailto only. */
export const safeLinkHref = (raw: string | undefined) =>
  guard(raw, ['http:', 'https:', 'mailto:'], false)

/** A `src` for an image: http(s), blob: and data:image/… only. */
export const safeImageSrc = (raw: string | undefined) =>
  guard(raw, ['http:', 'https:', 'blob:', 'data:'], true)

/** A `src` for a voice message: http(s), blob: and data:audio/… only. */
export const safeAudioSrc = (raw: string | undefined) =>
  guard(raw, ['http:', 'https:', 'blob:', 'data:'], true, 'audio/')

/** An `href` for a file download: http(s) and blob: only. */
export const safeMediaSrc = (raw: string | undefined) =>
  guard(raw, ['http:', 'https:', 'blob:'], true)

export interface LinkPart {
  href: string
  text: string
}

const LINK = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi
const TRAILING = /[.,;:!?'")\]}*_]+$/

/**
 * Splits text into plain strings and links. Only http(s) and mailto are linked; punctuation that ends
 * a sentence stays out of the link, a closing parenthesis stays in when the link opened one.
 */
export function linkify(text: string): (string | LinkPart)[] {
  const parts: (string | LinkPart)[] = []
  let last = 0
  for (const match of text.matchAll(LINK)) {
    let candidate = match[0]
    let trail = TRAILING.exec(candidate)?.[0] ?? ''
    candidate = candidate.slice(0, candidate.length - trail.length)
    // "(see https://en.wikipedia.org/wiki/Ada_(language))" keeps its balanced parenthesis.
    while (trail[0] === ')' && candidate.split('(').length > candidate.split(')').length) {
      candidate += ')'
      trail = trail.slice(1)
    }
    const href = safeLinkHref(candidate)
    if (!href || candidate.endsWith(':')) continue
    if (match.index > last) parts.push(text.slice(last, match.index))
    parts.push({ href, text: candidate })
    last = match.index + candidate.length
  }
  if (last < text.length) parts.push(text.slice(last))
  return parts
}
