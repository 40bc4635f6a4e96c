/**
 * The few browser signals the connection listens to. Injected so Node tests can drive them and
 * so server-side rendering (no window) simply has none.
 */
export interface ConnectionEnvironment {
  /** Receives 'online', 'offline', 'pageshow' and 'visibilitychange'. */
  addEventListener(type: string, listener: () => void): void
  removeEventListener(type: string, listener: () => void): void
  /** `navigator.onLine`; undefined when unknown. */
  isOnline(): boolean | undefined
  /** Whether the page is visible; undefined when unknown. */
  isVisible(): boolean | undefined
}

/**
 * The window itself: `visibilitychange` is fired at the document but bubbles to the window, so
 * one target hears all four signals.
 */
export function browserEnvironment(): ConnectionEnvironment | undefined {
  const g = globalThis as Partial<typeof globalThis>
  const { document: doc, addEventListener: on, removeEventListener: off } = g
  if (!doc || !on || !off) return undefined
  return {
    addEventListener: (type, listener) => on(type, listener),
    removeEventListener: (type, listener) => off(type, listener),
    isOnline: () => g.navigator?.onLine,
    isVisible: () => doc.visibilityState !== 'hidden',
  }
}

/**
 * Listen to the browser signals the connection cares about: `offline`, and a wake-up (`online`,
 * `pageshow`, or the tab becoming visible). Returns a switch; switching on twice adds nothing, so
 * `close()` can always switch off and leave no listener behind.
 */
export function environmentSignals(
  env: ConnectionEnvironment | undefined,
  on: { offline: () => void; wake: () => void },
): (listening: boolean) => void {
  const listeners: Record<string, () => void> = {
    offline: on.offline,
    online: on.wake,
    pageshow: on.wake,
    visibilitychange: () => env?.isVisible() !== false && on.wake(),
  }
  let listening = false
  return (next) => {
    if (!env || listening === next) return
    listening = next
    for (const [type, listener] of Object.entries(listeners)) {
      if (next) env.addEventListener(type, listener)
      else env.removeEventListener(type, listener)
    }
  }
}
