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
