/**
 * The few browser signals the connection listens to. Injected so Node tests can drive them and
 * so server-side rendering (no window) simply has none.
 */
export interface ConnectionEnvironment {
  /** Receives 'online', 'offline', 'pageshow' (window) and 'visibilitychange' (document). */
  addEventListener(type: string, listener: () => void): void
  removeEventListener(type: string, listener: () => void): void
  /** `navigator.onLine`; undefined when unknown. */
  isOnline(): boolean | undefined
  /** `document.visibilityState === 'visible'`; undefined when unknown. */
  isVisible(): boolean | undefined
}

type Target = {
  addEventListener(t: string, l: () => void): void
  removeEventListener(t: string, l: () => void): void
}

export function browserEnvironment(): ConnectionEnvironment | undefined {
  const g = globalThis as {
    window?: Target
    document?: Target & { visibilityState?: string }
    navigator?: { onLine?: boolean }
  }
  const win = g.window
  if (!win || typeof win.addEventListener !== 'function') return undefined
  const targetFor = (type: string): Target =>
    type === 'visibilitychange' && g.document ? g.document : win
  return {
    addEventListener: (type, listener) => targetFor(type).addEventListener(type, listener),
    removeEventListener: (type, listener) => targetFor(type).removeEventListener(type, listener),
    isOnline: () => g.navigator?.onLine,
    isVisible: () =>
      g.document?.visibilityState === undefined
        ? undefined
        : g.document.visibilityState === 'visible',
  }
}
