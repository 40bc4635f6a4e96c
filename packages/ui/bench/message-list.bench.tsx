/**
 * What one new message costs MessageList, by the size of the conversation it joins: 200 messages
 * appended one per frame at the bottom of 100, 1,000 and 10,000, in Chromium. For each size it
 * prints the render, commit and the layout it forces (median and 95th percentile, in ms), the same
 * median as a ratio of the smallest size's (machines differ; ratios travel), and how many message
 * bubbles rendered per append (memoised rows: about one). Not a test: it asserts nothing.
 *
 *   npm run bench
 */
import type { Message } from '@parley/core'
import type { Dispatch, SetStateAction } from 'react'
import { useEffect, useState } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { it } from 'vitest'
import { ComponentsProvider, MessageBubble, MessageList, type MessageBubbleProps } from '../src'
import { makeMessage, makeMessages, people } from '../src/fixtures'
import '../src/styles.css'

const SIZES = [100, 1_000, 10_000]
const APPENDS = 200

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

/** Message bubbles rendered (and committed) since the last reset. */
const rendered = { bubbles: 0 }
function CountingBubble(props: MessageBubbleProps) {
  useEffect(() => void rendered.bubbles++)
  return <MessageBubble {...props} />
}
const counting = { MessageBubble: CountingBubble }

async function measure(size: number) {
  const box = document.createElement('div')
  box.style.cssText = 'width: 400px; height: 600px; display: flex; flex-direction: column'
  document.body.append(box)
  const root = createRoot(box)
  let setMessages!: Dispatch<SetStateAction<Message[]>>
  function Harness() {
    const [messages, set] = useState(() => makeMessages({ count: size, senders: people }))
    useEffect(() => void (setMessages = set), [set])
    return (
      <ComponentsProvider components={counting}>
        <MessageList messages={messages} currentUserId="me" participants={people} />
      </ComponentsProvider>
    )
  }
  root.render(<Harness />)
  for (let i = 0; i < 30; i++) await frame() // placed at the latest message, images measured

  const times: number[] = []
  rendered.bubbles = 0
  for (let i = 0; i < APPENDS; i++) {
    const message = makeMessage(`new-${i}`, {
      senderId: i % 2 ? 'ada' : 'ben',
      body: i % 5 ? `New message ${i}` : 'A longer one that wraps over a few lines. '.repeat(4),
    })
    const started = performance.now()
    flushSync(() => setMessages((list) => [...list, message]))
    void box.offsetHeight // the layout the new row needs, now rather than at the next frame
    times.push(performance.now() - started)
    await frame()
  }
  const perAppend = rendered.bubbles / APPENDS
  root.unmount()
  box.remove()
  times.sort((a, b) => a - b)
  return { size, median: percentile(times, 0.5), p95: percentile(times, 0.95), perAppend }
}

it(
  'MessageList: the cost of one appended message, by conversation size',
  { timeout: 300_000 },
  async () => {
    const results = []
    for (const size of SIZES) results.push(await measure(size))
    const base = results[0]!.median
    const lines = results.map(
      (r) =>
        `${String(r.size).padStart(6)} messages: median ${r.median.toFixed(2)} ms ` +
        `(×${(r.median / base).toFixed(2)}), p95 ${r.p95.toFixed(2)} ms, ` +
        `${r.perAppend.toFixed(2)} bubbles rendered per append`,
    )
    console.info(['MessageList, one append (render + commit + layout):', ...lines].join('\n'))
  },
)
