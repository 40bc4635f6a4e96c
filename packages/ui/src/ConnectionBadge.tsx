import type { ConnectionState } from '@parley/core'
import { useContext, useEffect, useReducer, useRef } from 'react'
import { I18nContext } from './i18n'

/** Every word the badge shows. Replace any of them through the `strings` prop (translations, tone). */
export interface ConnectionBadgeStrings {
  idle: string
  connecting: string
  connected: string
  /** The visible, ticking text while a retry is scheduled; 0 means "any moment now". */
  reconnectingIn: (seconds: number) => string
  /** What screen readers hear (once) and the tooltip shows while reconnecting. */
  reconnectingAttempt: (attempt: number) => string
  offline: string
  unauthorized: string
  disconnected: string
  error: string
  reconnect: string
}

export const defaultConnectionBadgeStrings: ConnectionBadgeStrings = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnectingIn: (seconds) => (seconds > 0 ? `Reconnecting in ${seconds}s` : 'Reconnecting…'),
  reconnectingAttempt: (attempt) => `Reconnecting, attempt ${attempt}`,
  offline: 'Offline',
  unauthorized: 'Sign-in expired',
  disconnected: 'Disconnected',
  error: 'Connection error',
  reconnect: 'Reconnect',
}

export interface ConnectionBadgeProps {
  state: ConnectionState
  /** Shows a "Reconnect" button in the states where waiting will not help (or may take a while). */
  onReconnect?: (() => void) | undefined
  strings?: Partial<ConnectionBadgeStrings>
  /** The clock the countdown reads; inject one in tests or when the connection uses its own. */
  now?: () => number
}

/** Seconds left until `target`, re-rendering on each whole-second boundary until it is reached. */
function useSecondsUntil(target: number | undefined, now: () => number): number {
  const [, rerender] = useReducer((tick: number) => tick + 1, 0)
  // The timer reads the latest clock without restarting when a parent passes a new function each render.
  const nowRef = useRef(now)
  useEffect(() => {
    nowRef.current = now
  })
  useEffect(() => {
    if (target === undefined) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const scheduleNextTick = () => {
      const remaining = target - nowRef.current()
      if (remaining <= 0) return
      // Wake exactly when the displayed number changes, not a drifting second after mount.
      timer = setTimeout(
        () => {
          rerender()
          scheduleNextTick()
        },
        remaining % 1000 || 1000,
      )
    }
    scheduleNextTick()
    return () => clearTimeout(timer)
  }, [target])
  return target === undefined ? 0 : Math.max(0, Math.ceil((target - now()) / 1000))
}

export function ConnectionBadge({
  state,
  onReconnect,
  strings,
  now = Date.now,
}: ConnectionBadgeProps) {
  const t = {
    ...defaultConnectionBadgeStrings,
    ...useContext(I18nContext).t.connection,
    ...strings,
  }
  const seconds = useSecondsUntil(state.status === 'reconnecting' ? state.retryAt : undefined, now)

  let label: string
  let canReconnect = false
  switch (state.status) {
    case 'idle':
      label = t.idle
      break
    case 'connecting':
      label = t.connecting
      break
    case 'open':
      label = t.connected
      break
    case 'reconnecting':
      label = t.reconnectingAttempt(state.attempt)
      canReconnect = true
      break
    case 'offline':
      // navigator.onLine can be wrong (captive portals, VPNs): let the user try anyway.
      label = t.offline
      canReconnect = true
      break
    case 'unauthorized':
      label = t.unauthorized
      canReconnect = true
      break
    case 'closed':
      label = state.reason.kind === 'error' ? t.error : t.disconnected
      // Closed by the app on purpose: offering to undo that decision is not the badge's call.
      canReconnect = state.reason.kind !== 'app'
      break
  }
  const isError = state.status === 'closed' && state.reason.kind === 'error'

  // role="status" is a polite, atomic live region: any change of its accessible content is read out.
  // The ticking countdown is therefore aria-hidden, and screen readers get a label that only changes
  // when the state or attempt does, so they hear "Reconnecting, attempt 2" once, not every second.
  return (
    <div
      role="status"
      className="parley-connection-badge"
      data-status={state.status}
      data-error={isError ? '' : undefined}
      data-attempt={
        state.status === 'reconnecting' || state.status === 'connecting' ? state.attempt : undefined
      }
    >
      <span className="parley-connection-badge__dot" aria-hidden="true" />
      {state.status === 'reconnecting' ? (
        <span className="parley-connection-badge__label" title={label}>
          <span className="parley-connection-badge__countdown" aria-hidden="true">
            {t.reconnectingIn(seconds)}
          </span>
          <span className="parley-visually-hidden">{label}</span>
        </span>
      ) : (
        <span className="parley-connection-badge__label">{label}</span>
      )}
      {canReconnect && onReconnect && (
        <button type="button" className="parley-connection-badge__action" onClick={onReconnect}>
          {t.reconnect}
        </button>
      )}
    </div>
  )
}
