/**
 * What a reader sees, found the same way for every contender whatever its markup: the topmost
 * element at points of a grid over the list's box, whose own short text starts `Message <i>`.
 * Hit testing forces layout, so a message counts only once it has a box on screen.
 */
import { messageNumber } from './messages'

const COLUMNS = [0.08, 0.2, 0.35, 0.5, 0.65, 0.8, 0.92]
const STEP_PX = 8
/** A container's text holds many messages: only a short text is one message's. */
const MAX_TEXT = 400

/** The message whose body is one of the text nodes of `element` (a row's time is another). */
function numberIn(element: Element): number | undefined {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const i = messageNumber(node.nodeValue)
    if (i !== undefined) return i
  }
  return undefined
}

function numberAt(x: number, y: number): number | undefined {
  let element = document.elementFromPoint(x, y)
  // Up from the innermost box hit to the bubble or row that holds the body.
  for (let depth = 0; element && depth < 4; depth++, element = element.parentElement) {
    if ((element.textContent ?? '').length > MAX_TEXT) return undefined
    const i = numberIn(element)
    if (i !== undefined) return i
  }
  return undefined
}

/** The numbers of the messages on screen in `box`. */
export function visibleNumbers(box: HTMLElement): Set<number> {
  const rect = box.getBoundingClientRect()
  const seen = new Set<number>()
  for (let y = rect.top + 2; y < rect.bottom; y += STEP_PX)
    for (const column of COLUMNS) {
      const i = numberAt(rect.left + rect.width * column, y)
      if (i !== undefined) seen.add(i)
    }
  return seen
}

/** The element whose text is message `i`'s body (the deepest one), or undefined when not rendered. */
export function findMessage(box: HTMLElement, i: number): HTMLElement | undefined {
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    if (messageNumber(node.nodeValue) === i) return node.parentElement ?? undefined
  return undefined
}

/** The element that scrolls the list: the one inside `box` with the most to scroll. */
export function scrollerOf(box: HTMLElement): HTMLElement {
  let best: HTMLElement = box
  let most = -1
  for (const element of box.querySelectorAll<HTMLElement>('*')) {
    const room = element.scrollHeight - element.clientHeight
    if (room > most && element.clientHeight > 50) [best, most] = [element, room]
  }
  return best
}

/**
 * The next frame, resolved with the time its callbacks run (the frame's own timestamp is when it
 * began, which may precede a message handled in the same frame).
 */
export const frame = () =>
  new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())))
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resolves with the time (performance.now) of the frame in which `i` is first on screen. */
export async function whenVisible(box: HTMLElement, i: number, timeoutMs = 60_000) {
  const started = performance.now()
  for (;;) {
    await frame()
    const now = performance.now()
    if (visibleNumbers(box).has(i)) return now
    if (now - started > timeoutMs) return undefined
  }
}
