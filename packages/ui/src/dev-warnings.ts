/*
 * Development-only checks for the mistakes that otherwise fail silently: a screen without a height,
 * a page without the stylesheet. Callers guard every call with
 * `process.env.NODE_ENV !== 'production'`, so a production build drops the call and, with it, this
 * whole module.
 */

/** Below this a chat screen shows nothing usable: the lists inside it have collapsed. */
export const MIN_SCREEN_HEIGHT_PX = 120

/** A custom property styles.css defines for every Parley root; empty means the CSS is missing. */
const STYLES_PROBE = '--parley-color-surface'

const warned = /* @__PURE__ */ new Set<string>()

/** `console.warn` tagged `[parley]`, once per message per page: a re-render must not flood. */
export function warnOnce(message: string): void {
  if (warned.has(message)) return
  warned.add(message)
  console.warn(`[parley] ${message}`)
}

/** For tests: each one starts on a page that has warned about nothing. */
export const forgetWarnings = () => warned.clear()

export const collapsedScreenWarning = (heightPx: number) =>
  `<ChatScreen> is ${Math.round(heightPx)}px tall: its container has no height, so the ` +
  'conversation list and the messages collapse. Give the container a height, e.g. ' +
  "style={{ height: '100dvh' }}, or make it a flex or grid item that stretches."

export const missingStylesWarning =
  "<ChatScreen> is unstyled: @parley/ui's stylesheet is not loaded. Import it once, e.g. " +
  "import '@parley/ui/styles.css' next to your app's entry."

/** Hidden elements (display: none, a closed tab panel) have no boxes: nothing to judge yet. */
const isRendered = (element: HTMLElement) => element.getClientRects().length > 0

/**
 * Warns if the page has no Parley stylesheet; says whether it has one. Only meaningful once
 * `element` is in the document and shown.
 */
export function checkStylesLoaded(element: HTMLElement): boolean {
  if (!element.isConnected || !isRendered(element)) return true
  const loaded = getComputedStyle(element).getPropertyValue(STYLES_PROBE).trim() !== ''
  if (!loaded) warnOnce(missingStylesWarning)
  return loaded
}

/**
 * Watches the screen's height and warns the first time it is shown collapsed. A ResizeObserver
 * rather than one look at mount: while loading, skeleton rows can hold the height up, and the
 * collapse comes when the real (virtualized) list replaces them. Returns the cleanup.
 */
export function watchScreenHeight(element: HTMLElement): () => void {
  const observer = new ResizeObserver(() => {
    const height = element.getBoundingClientRect().height
    if (!isRendered(element) || height >= MIN_SCREEN_HEIGHT_PX) return
    warnOnce(collapsedScreenWarning(height))
    observer.disconnect()
  })
  observer.observe(element)
  return () => observer.disconnect()
}

/**
 * Every check ChatScreen runs on its root; returns the cleanup. Without the stylesheet nothing has
 * a height, so that warning alone names the cause.
 */
export const checkScreen = (element: HTMLElement): (() => void) | undefined =>
  checkStylesLoaded(element) ? watchScreenHeight(element) : undefined
