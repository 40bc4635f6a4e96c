/**
 * Keeping the reader's place in react-virtuoso's scroller while rows above them change (an older
 * page arrives, the loading row comes and goes). No React here: a row of the scroller is held at
 * the same offset from its top, for as long as the rows above it keep changing.
 *
 * Why react-virtuoso's own correction is not enough: it renders each row it has not measured yet
 * at an estimated height, measures it, then scrolls by the error. After a prepend, each of those
 * corrections brings more rows of the new page into its overscan, drawn at the estimate in turn:
 * a chain over several frames, each of which could be painted (or read by a script) with the
 * reader's message moved by the error, and which sometimes corrected twice and stayed off (issue 14:
 * 98–145 px in the benchmark, 74–664 px in one prepend of five in test/prepend.test.tsx).
 */

/** Where a row was: its `data-item-index` (kept by react-virtuoso across prepends) and its offset. */
export interface Anchor {
  index: string
  offset: number
}

/** Frames in a row with nothing to correct after which the rows above count as settled. */
const RESTED_FRAMES = 5
/** The longest a hold lasts (frames), whatever keeps moving. */
const MAX_FRAMES = 120

const rowsOf = (scroller: HTMLElement) =>
  scroller.querySelectorAll<HTMLElement>('[data-item-index]')

/**
 * The row to hold: the first whose top is inside the scroller, passing over the list's very first
 * row when another will do (a separator is added above its message once the list has no more
 * older messages); else the row the viewport's top cuts through.
 */
export function findAnchor(scroller: HTMLElement): Anchor | undefined {
  const top = scroller.getBoundingClientRect().top
  const bottom = top + scroller.clientHeight
  let cut: Anchor | undefined
  let first: Anchor | undefined
  for (const row of rowsOf(scroller)) {
    const rect = row.getBoundingClientRect()
    const at = { index: row.dataset.itemIndex!, offset: rect.top - top }
    if (rect.top >= top && rect.top < bottom) {
      if (row.dataset.index !== '0') return at
      first ??= at
    } else if (rect.top < top && rect.bottom > top) cut = at
  }
  return first ?? cut
}

/**
 * Holds `anchor` where it was until the rows above have rested for a few frames, then calls
 * `onEnd`. Returns a function that ends the hold at once (the reader scrolled: their move wins).
 *
 * It corrects at every point where something may have moved the row before the frame is painted
 * or read: right away, after each DOM change (a mutation observer runs as a microtask, after
 * React's commit and before the next frame), after react-virtuoso measured (this resize observer
 * is newer than its own, so is called after it) and at each frame.
 */
export function holdAnchor(scroller: HTMLElement, anchor: Anchor, onEnd: () => void) {
  let frames = 0
  let rested = 0
  let frame = 0
  let lastTop = scroller.scrollTop
  let ended = false

  /** Scrolls the row back to its offset: how far it had moved (NaN: not rendered now). */
  const restore = () => {
    const row = scroller.querySelector<HTMLElement>(`[data-item-index="${anchor.index}"]`)
    if (!row) return NaN
    const moved =
      row.getBoundingClientRect().top - scroller.getBoundingClientRect().top - anchor.offset
    // Scroll offsets are whole device pixels: less than half a pixel cannot be corrected.
    if (Math.abs(moved) < 0.5) return 0
    scroller.scrollTop += moved
    return moved
  }
  const mutations = new MutationObserver(() => void restore())
  mutations.observe(scroller, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['style', 'data-known-size'],
  })
  const sizes = new ResizeObserver(() => void restore())
  for (const part of scroller.firstElementChild?.children ?? []) sizes.observe(part)

  const end = () => {
    if (ended) return
    ended = true
    cancelAnimationFrame(frame)
    mutations.disconnect()
    sizes.disconnect()
    onEnd()
  }
  const tick = () => {
    const moved = restore()
    const top = scroller.scrollTop
    rested = moved === 0 && top === lastTop ? rested + 1 : 0
    lastTop = top
    if (rested >= RESTED_FRAMES || ++frames >= MAX_FRAMES) end()
    else frame = requestAnimationFrame(tick)
  }
  restore()
  frame = requestAnimationFrame(tick)
  return end
}
