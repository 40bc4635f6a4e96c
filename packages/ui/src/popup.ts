/** Space kept between a popup and the edge it would otherwise touch. */
const MARGIN = 8

/**
 * Shifts a popup (with `translate`, on top of its stylesheet position) so that it lies inside the
 * viewport and inside the pane that scrolls it (the message list clips what overflows it), and
 * wraps it when it is wider than that. A row of actions beside its toggle needs no flip: moved
 * along, it still sits next to the message it belongs to.
 */
export function keepInside(popup: HTMLElement) {
  const { style } = popup
  style.translate = style.maxInlineSize = ''
  const pane = popup.closest('.parley-list')?.getBoundingClientRect()
  const left = Math.max(pane?.left ?? 0, 0) + MARGIN
  const right = Math.min(pane?.right ?? innerWidth, innerWidth) - MARGIN
  const top = Math.max(pane?.top ?? 0, 0) + MARGIN
  const bottom = Math.min(pane?.bottom ?? innerHeight, innerHeight) - MARGIN
  style.maxInlineSize = `${Math.max(right - left, 0)}px`
  const box = popup.getBoundingClientRect()
  const along = (start: number, end: number, min: number, max: number) =>
    start < min ? min - start : end > max ? Math.max(max - end, min - start) : 0
  const x = along(box.left, box.right, left, right)
  const y = along(box.top, box.bottom, top, bottom)
  // The stylesheet centres the menu on its toggle with `translate: 0 -50%`.
  style.translate = `${x}px calc(-50% + ${y}px)`
}
