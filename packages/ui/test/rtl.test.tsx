/**
 * Right-to-left layouts: times that stay readable, timestamps apart from Arabic text, and the kit's
 * untranslated English keeping its punctuation on the English side.
 */
import type { Message } from '@parley/core'
import { ParleyError } from '@parley/core'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { MessageBubble, MessageList, TypingIndicator } from '../src'
import { ada, makeMessage } from '../src/fixtures'
import '../src/styles.css'

afterEach(cleanup)

/** The on-screen box of one character of `element`'s text. */
function charBox(element: Element, at: 'first' | 'last') {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  const nodes: Text[] = []
  while (walker.nextNode())
    if (walker.currentNode.textContent!.trim()) nodes.push(walker.currentNode as Text)
  const node = at === 'first' ? nodes[0]! : nodes.at(-1)!
  const text = node.textContent!.trimEnd()
  const index = at === 'first' ? text.length - text.trimStart().length : text.length - 1
  const range = document.createRange()
  range.setStart(node, index)
  range.setEnd(node, index + 1)
  return range.getBoundingClientRect()
}

/** Left to right on screen, as English is read: its first character left of its last one. */
const readsLeftToRight = (element: Element) =>
  charBox(element, 'first').left < charBox(element, 'last').left

const AT_6_46 = new Date(2026, 2, 3, 6, 46).getTime()
const arabic = 'مرحبا، كيف التمرين؟'
const bubble = (over: Partial<Message>, dir: 'rtl' | 'ltr', locale = 'en-US') =>
  render(
    <div dir={dir} style={{ width: 420 }}>
      <MessageBubble
        message={makeMessage('m', { senderId: 'ada', createdAt: AT_6_46, ...over })}
        sender={ada}
        locale={locale}
      />
    </div>,
  )

describe('right to left', () => {
  it('shows "6:46 AM" as it is written, not "AM 6:46"', () => {
    bubble({ body: arabic }, 'rtl')
    const time = document.querySelector('time')!
    expect(time).toHaveTextContent(/6:46\sAM/)
    expect(readsLeftToRight(time)).toBe(true)
  })

  for (const dir of ['rtl', 'ltr'] as const) {
    it(`keeps the time apart from Arabic text (${dir} layout)`, () => {
      bubble({ body: arabic }, dir, 'ar')
      const text = document.querySelector('.parley-text')!.getBoundingClientRect()
      const time = document.querySelector('time')!.getBoundingClientRect()
      // On the same line (a short message), beside the text and not touching it.
      expect(time.top < text.bottom && time.bottom > text.top).toBe(true)
      const gap = time.left >= text.right ? time.left - text.right : text.left - time.right
      expect(gap).toBeGreaterThanOrEqual(4)
    })
  }

  it('keeps the punctuation of untranslated English on its side', () => {
    render(
      <div dir="rtl" lang="ar" style={{ width: 420, height: 300 }}>
        <TypingIndicator names={['Ada Lovelace']} />
        <MessageBubble
          message={makeMessage('f', {
            senderId: 'me',
            body: arabic,
            status: 'failed',
            error: new ParleyError('send-failed', 'too-long: longer than 4000'),
          })}
          own
        />
        <div style={{ height: 120, display: 'flex' }}>
          <MessageList messages={[]} currentUserId="me" />
        </div>
      </div>,
    )
    for (const text of [
      'Ada Lovelace is typing…',
      'Not sent: too long',
      'No messages yet. Say hello!',
    ])
      expect(readsLeftToRight(screen.getByText(text))).toBe(true)
  })
})
