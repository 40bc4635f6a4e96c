import type { ConnectionState } from '@parley/core'
import { useContext, useEffect, useReducer, useState } from 'react'
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
  /**
   * Shown instead while the server keeps refusing the handshake for no reason it gives (a browser
   * cannot tell a refused session from an outage); the countdown moves to the tooltip.
   */
  authSuspected: string
  offline: string
  unauthorized: string
  /** After Reconnect was tried with a sign-in that is still refused. */
  stillUnauthorized: string
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
  authSuspected: 'Can’t connect — the server may have refused your session',
  offline: 'Offline',
  unauthorized: 'Sign-in expired',
  stillUnauthorized: 'Still signed out: sign in again',
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
  const remaining = target === undefined ? 0 : target - now()
  // After every render, so the timer always reads the latest clock (a parent may pass a new one).
  useEffect(() => {
    if (remaining <= 0) return
    // Wake exactly when the displayed number changes, not a drifting second after mount.
    const timer = setTimeout(rerender, remaining % 1000 || 1000)
    return () => clearTimeout(timer)
  })
  return Math.max(0, Math.ceil(remaining / 1000))
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
  const { status } = state
  // Reconnect pressed while signed out: if the server refuses again, the badge says so in other
  // words (the same words would not be read out, and would look like nothing happened).
  const [retried, setRetried] = useState(false)
  if (retried && status === 'open') setRetried(false)
  const reconnecting = status === 'reconnecting'
  const seconds = useSecondsUntil(reconnecting ? state.retryAt : undefined, now)
  const suspected = 'authSuspected' in state && !!state.authSuspected
  const closedBy = status === 'closed' ? state.reason.kind : undefined
  const isError = closedBy === 'error'
  const label = suspected
    ? t.authSuspected
    : reconnecting
      ? t.reconnectingAttempt(state.attempt)
      : status === 'closed'
        ? isError
          ? t.error
          : t.disconnected
        : t[
            status === 'open'
              ? 'connected'
              : retried && status === 'unauthorized'
                ? 'stillUnauthorized'
                : status
          ]
  const canReconnect =
    reconnecting ||
    suspected ||
    // navigator.onLine can be wrong (captive portals, VPNs): let the user try anyway.
    status === 'offline' ||
    status === 'unauthorized' ||
    // Closed by the app on purpose: offering to undo that decision is not the badge's call.
    (closedBy !== undefined && closedBy !== 'app')

  // role="status" is a polite, atomic live region: any change of its accessible content is read out.
  // The ticking countdown is therefore aria-hidden, and screen readers get a label that only changes
  // when the state or attempt does, so they hear "Reconnecting, attempt 2" once, not every second.
  return (
    <div
      role="status"
      className="parley-connection-badge"
      data-status={status}
      data-error={isError ? '' : undefined}
      data-attempt={'attempt' in state ? state.attempt : undefined}
      data-auth-suspected={suspected ? '' : undefined}
    >
      <span className="parley-connection-badge__dot" aria-hidden="true" />
      {reconnecting ? (
        <span
          className="parley-connection-badge__label"
          title={suspected ? t.reconnectingIn(seconds) : label}
        >
          <span className="parley-connection-badge__countdown" aria-hidden="true">
            {suspected ? label : t.reconnectingIn(seconds)}
          </span>
          <span className="parley-visually-hidden">{label}</span>
        </span>
      ) : (
        <span className="parley-connection-badge__label">{label}</span>
      )}
      {canReconnect && onReconnect && (
        <button
          type="button"
          className="parley-connection-badge__action"
          onClick={() => {
            setRetried(status === 'unauthorized')
            onReconnect()
          }}
        >
          {t.reconnect}
        </button>
      )}
    </div>
  )
}
