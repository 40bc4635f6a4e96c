import type { Conversation, Message, Participant } from '@parley/core'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ChatWindow,
  ConversationList,
  linkify,
  MessageBubble,
  safeImageSrc,
  safeLinkHref,
  safeAudioSrc,
  safeMediaSrc,
} from '../src'
import '../src/styles.css'

declare global {
  interface Window {
    __pwned?: unknown
  }
}

afterEach(cleanup)

describe('linkify', () => {
  it('links http(s) and mailto, and leaves the rest as text', () => {
    expect(linkify('see https://example.com/a?b=1 or mail me at mailto:a@b.c now')).toEqual([
      'see ',
      { href: 'https://example.com/a?b=1', text: 'https://example.com/a?b=1' },
      ' or mail me at ',
      { href: 'mailto:a@b.c', text: 'mailto:a@b.c' },
      ' now',
    ])
    expect(linkify('javascript:alert(1) ftp://x.y data:text/html,hi')).toEqual([
      'javascript:alert(1) ftp://x.y data:text/html,hi',
    ])
  })

  it('keeps sentence punctuation out of links and balanced parentheses in', () => {
    expect(linkify('Read https://example.com.')).toEqual([
      'Read ',
      { href: 'https://example.com/', text: 'https://example.com' },
      '.',
    ])
    expect(linkify('(see https://en.wikipedia.org/wiki/Ada_(language))')).toEqual([
      '(see ',
      {
        href: 'https://en.wikipedia.org/wiki/Ada_(language)',
        text: 'https://en.wikipedia.org/wiki/Ada_(language)',
      },
      ')',
    ])
  })

  it('ends a link at a quote or angle bracket', () => {
    const parts = linkify('https://x.com/"onmouseover="alert(1)')
    expect(parts[0]).toEqual({ href: 'https://x.com/', text: 'https://x.com/' })
    expect(parts[1]).toBe('"onmouseover="alert(1)')
  })

  it('does not link a bare scheme', () => {
    expect(linkify('mailto: nobody')).toEqual(['mailto: nobody'])
  })
})

describe('URL guards', () => {
  it.each([
    ['javascript:alert(1)'],
    [' JaVaScRiPt:alert(1)'],
    ['java\tscript:alert(1)'],
    ['\u0000javascript:alert(1)'],
    ['vbscript:msgbox(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['file:///etc/passwd'],
  ])('refuses %j everywhere', (url) => {
    expect(safeLinkHref(url)).toBeUndefined()
    expect(safeImageSrc(url)).toBeUndefined()
    expect(safeMediaSrc(url)).toBeUndefined()
    expect(safeAudioSrc(url)).toBeUndefined()
  })

  it('plays voice from http(s), blob: and data:audio only', () => {
    expect(safeAudioSrc('data:audio/wav;base64,UklGRg==')).toBe('data:audio/wav;base64,UklGRg==')
    expect(safeAudioSrc('DATA:Audio/ogg;base64,T2dn')).toBeDefined()
    expect(safeAudioSrc('data:image/png;base64,AAAA')).toBeUndefined()
    expect(safeAudioSrc('data:text/html;audio/wav,<script>alert(1)</script>')).toBeUndefined()
    expect(safeAudioSrc('blob:https://app.example/1')).toBe('blob:https://app.example/1')
    // A file download never takes a data: URL, whatever its type.
    expect(safeMediaSrc('data:audio/wav;base64,UklGRg==')).toBeUndefined()
  })

  it('allows images from http(s), blob: and data:image only', () => {
    expect(safeImageSrc('https://cdn.example/a.png')).toBe('https://cdn.example/a.png')
    expect(safeImageSrc('blob:https://app.example/123')).toBe('blob:https://app.example/123')
    expect(safeImageSrc('data:image/png;base64,AAAA')).toBe('data:image/png;base64,AAAA')
    expect(safeImageSrc('data:image/svg+xml,<svg/>')).toBeDefined()
    expect(safeImageSrc('mailto:a@b.c')).toBeUndefined()
    // Relative URLs resolve against the page (the app's own origin).
    expect(safeImageSrc('/uploads/a.png')).toBe(new URL('/uploads/a.png', location.href).href)
  })

  it('allows links to http(s) and mailto only', () => {
    expect(safeLinkHref('mailto:a@b.c')).toBe('mailto:a@b.c')
    expect(safeLinkHref('blob:https://app.example/1')).toBeUndefined()
    expect(safeLinkHref('/relative')).toBeUndefined()
  })
})

/** Payloads from the usual XSS cheat sheets; each sets `window.__pwned` if it ever runs. */
const payloads = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '<svg onload="window.__pwned = 3"></svg>',
  '"><img src=x onerror=window.__pwned=4>',
  "'><body onload=window.__pwned=5>",
  'javascript:window.__pwned=6',
  'JaVaScRiPt:window.__pwned=7',
  'java\tscript:window.__pwned=8',
  '&#106;avascript:window.__pwned=9',
  'data:text/html,<script>window.__pwned=10</script>',
  'vbscript:window.__pwned=11',
  '<a href="javascript:window.__pwned=12">click</a>',
  '<iframe src="javascript:window.__pwned=13"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=14>',
  'https://example.com/"onmouseover="window.__pwned=15"',
  'https://example.com/<img src=x onerror=window.__pwned=16>',
  'mailto:x@y.z?body=<script>window.__pwned=17</script>',
  '{{constructor.constructor("window.__pwned=18")()}}',
  '<style>@import "javascript:window.__pwned=19"</style>',
  '\u202e<img src=x onerror=window.__pwned=20>',
  '<object data="javascript:window.__pwned=21"></object>',
  '<embed src="javascript:window.__pwned=22">',
  '<details open ontoggle="window.__pwned=23">',
  '<video><source onerror="window.__pwned=24"></video>',
]

const hostileUsers: Participant[] = payloads.map((p, i) => ({
  id: `u${i}`,
  name: p,
  avatarUrl: p,
}))
const me: Participant = { id: 'me', name: 'Me' }

const hostileMessages: Message[] = payloads.flatMap((p, i) => [
  {
    id: `t${i}`,
    conversationId: 'x',
    senderId: `u${i}`,
    kind: 'text',
    body: `${p} and a link ${p}`,
    attachments: [],
    createdAt: 1_700_000_000_000 + i * 1000,
    status: 'read',
  },
  {
    id: `a${i}`,
    conversationId: 'x',
    senderId: i % 2 ? 'me' : `u${i}`,
    kind: 'image',
    body: p,
    replyTo: `t${i}`,
    attachments: [
      { kind: 'image', url: p, name: p, width: 10, height: 10 },
      { kind: 'voice', url: p, name: p },
      { kind: 'file', url: p, name: p, mimeType: p },
    ],
    createdAt: 1_700_000_000_500 + i * 1000,
    status: i % 2 ? 'failed' : 'read',
  },
])

const conversation: Conversation = {
  id: 'x',
  kind: 'group',
  title: payloads[1]!,
  participants: [me, ...hostileUsers],
  unreadCount: 3,
  updatedAt: 1_700_000_000_000,
}

const conversations: Conversation[] = payloads.map((p, i) => ({
  id: `c${i}`,
  kind: i % 2 ? 'group' : 'direct',
  ...(i % 2 ? { title: p } : {}),
  participants: [me, hostileUsers[i]!],
  lastMessage: hostileMessages[i * 2]!,
  unreadCount: i,
  updatedAt: 1_700_000_000_000 - i,
}))

/** Every attribute that could run script or navigate somewhere it should not. */
function dangerousAttributes(root: Element): string[] {
  const found: string[] = []
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase()
      const value = attr.value.trim().toLowerCase()
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`)
      if (name === 'href' && !/^(https?:|mailto:)/.test(value))
        found.push(`${el.tagName} href=${value}`)
      if (name === 'src' && !/^(https?:|blob:|data:image\/)/.test(value)) {
        found.push(`${el.tagName} src=${value}`)
      }
      if (/^(formaction|action|srcdoc|xlink:href)$/.test(name)) found.push(`${el.tagName} ${name}`)
      // (href and src were checked by scheme above: a payload inside an http(s) path is inert.)
      if (value.includes('javascript:') && !/^(href|src|aria-label|alt|title)$/.test(name)) {
        found.push(`${el.tagName} ${name}=${value}`)
      }
    }
  }
  return found
}

const frames = (n: number) =>
  new Promise<void>((resolve) => {
    const step = () => (n-- <= 0 ? resolve() : requestAnimationFrame(step))
    step()
  })

describe('hostile server data in a real browser', () => {
  it('renders the XSS corpus in bodies, names, titles and attachment URLs as inert text', async () => {
    window.__pwned = undefined
    const { container } = render(
      <div style={{ display: 'flex', height: '600px' }}>
        <div style={{ width: '300px' }}>
          <ConversationList
            conversations={conversations}
            currentUserId="me"
            onSelect={() => {}}
            presence={{ u0: true }}
          />
        </div>
        <div style={{ flex: 1 }}>
          <ChatWindow
            conversation={conversation}
            currentUserId="me"
            messages={hostileMessages}
            onSend={() => {}}
            onRetry={() => {}}
            onEditMessage={() => {}}
            onDelete={() => {}}
          />
        </div>
      </div>,
    )
    await screen.findAllByRole('option')
    // Scroll the whole timeline through the viewport, so every message has been rendered once.
    const log = screen.getByRole('log', { name: 'Messages' })
    for (let top = log.scrollHeight; top >= 0; top -= 300) {
      log.scrollTop = top
      await frames(2)
      expect(dangerousAttributes(container)).toEqual([])
      expect(container.querySelector('script, iframe, object, embed, svg, math, style')).toBeNull()
    }
    // Poke everything that could have grown a handler.
    for (const el of container.querySelectorAll('*')) {
      el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }))
      el.dispatchEvent(new Event('load'))
      el.dispatchEvent(new Event('error'))
    }
    await frames(5)
    expect(window.__pwned).toBeUndefined()
    // The payloads are there, as text.
    expect(container.textContent).toContain('<script>window.__pwned = 1</script>')
    // Links that were made are only http(s) or mailto, and cannot reach this page.
    for (const a of container.querySelectorAll('a')) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer')
    }
  })

  it('shows a placeholder instead of an image from a refused URL', () => {
    render(
      <MessageBubble
        message={hostileMessages[11]!} // attachments at javascript:window.__pwned=6
        sender={hostileUsers[5]}
        strings={{ imageUnavailable: 'No picture' }}
      />,
    )
    expect(screen.getByText('No picture')).toBeTruthy()
    expect(document.querySelector('img')).toBeNull()
  })
})
