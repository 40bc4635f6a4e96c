import type { Contender, Mounted } from './contender'
import { makeMessages } from './messages'
import { frame, whenVisible } from './visible'

/** What one page holds between the runner's calls: the contender and the list it mounted. */
export interface Session {
  contender: Contender
  mounted?: { box: HTMLElement; list: Mounted; count: number }
  /** The app's data made ahead of a measurement (the heap's baseline includes it). */
  data?: unknown[]
}

/** Frames given to a list to settle after it painted (row heights measured, scroll placed). */
const SETTLE_FRAMES = 20

export async function settle() {
  for (let k = 0; k < SETTLE_FRAMES; k++) await frame()
}

/** The 400 × 600 px box every list renders in (page/bench.css). */
export function listBox(): HTMLElement {
  const box = document.createElement('div')
  box.className = 'bench-box'
  document.body.append(box)
  return box
}

export function percentile(values: number[], p: number) {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]
}

/** Resolves in a new task (a message, not a timer: timers nested in timers are clamped). */
export const nextTask = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(0)
  })

/**
 * The list with `count` messages from position `from` on screen, painted and settled; `hasOlder`
 * when the benchmark holds older ones back. Resolves whether its newest message ever showed.
 */
export async function mountSettled(session: Session, count: number, from = 0, hasOlder = false) {
  const { contender } = session
  const ready = await contender.ingest(contender.data(makeMessages(from, count)), 'screen')
  const box = listBox()
  const list = contender.mount(box, ready, { hasOlder })
  const shown = await whenVisible(box, from + count - 1)
  await settle()
  session.mounted = { box, list, count }
  return shown !== undefined
}
