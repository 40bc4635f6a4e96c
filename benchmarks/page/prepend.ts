/**
 * Prepend 50 older messages once the reader is at the top: the runner mounts, brings the reader
 * up by wheel, keyboard or script, then measures how far the first visible message moves.
 */
import { makeMessages } from './messages'
import { mountSettled, settle, type Session } from './session'
import { findMessage, frame, scrollerOf, visibleNumbers } from './visible'

const OLDER = 50

/** Step 1: `count` messages on screen, the older 50 held back; the scroller marked for focus. */
async function prependMount(session: Session, count: number) {
  const shown = await mountSettled(session, count, OLDER, true)
  const scroller = scrollerOf(session.mounted!.box)
  scroller.dataset.benchScroller = ''
  if (scroller.tabIndex < 0) scroller.tabIndex = -1
  return { shown }
}

/** The first message whose top is on screen, and where that top is. */
function firstVisible(box: HTMLElement) {
  const top = box.getBoundingClientRect().top
  for (const i of [...visibleNumbers(box)].sort((a, b) => a - b)) {
    const at = findMessage(box, i)?.getBoundingClientRect().top
    if (at !== undefined && at >= top - 1) return { i, at }
  }
  return undefined
}

/** Step 2: at the top now; 50 older arrive. The largest and last move over 30 frames (px). */
async function prependMeasure(session: Session) {
  const { box, list } = session.mounted!
  await settle()
  const first = firstVisible(box)
  if (!first) return { maxPx: null, finalPx: null, first: null, trace: [], scrollTopAfter: null }
  list.prepend(makeMessages(0, OLDER))
  let maxPx = 0
  let finalPx = 0
  const trace: number[] = []
  for (let k = 0; k < 30; k++) {
    await frame()
    const element = findMessage(box, first.i)
    // Gone from the DOM: the list jumped away from it, at least a screen.
    finalPx = element ? Math.abs(element.getBoundingClientRect().top - first.at) : box.clientHeight
    trace.push(Math.round(finalPx))
    maxPx = Math.max(maxPx, finalPx)
  }
  // Where the scroller ended: a list that kept the reader's place scrolled down by the new page's
  // height; one still at 0 px with nothing moved had not rendered the page.
  const scrollTopAfter = scrollerOf(box).scrollTop
  return { maxPx, finalPx, first: first.i, trace, scrollTopAfter }
}

export const prependScenario = (session: Session) => ({
  prependMount: (count: number) => prependMount(session, count),
  /** Step 1b (script): jump to the top as an app's own code would. */
  scrollTopByScript: () => void (scrollerOf(session.mounted!.box).scrollTop = 0),
  scrollTop: () => scrollerOf(session.mounted!.box).scrollTop,
  prependMeasure: () => prependMeasure(session),
})
