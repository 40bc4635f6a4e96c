import type { ConnectionState, ConnectionStatus, DisconnectReason } from '@parley/core'
import { useCallback, useSyncExternalStore } from 'react'
import { useChatContext } from './context'
import { useStoreSelector } from './useChatState'

export interface ConnectionInfo {
  state: ConnectionState
  status: ConnectionStatus
  /** Retries since the last stable connection (0 when none). */
  attempt: number
  /** Whole seconds until the next retry while `reconnecting`, ticking down; otherwise undefined. */
  secondsToRetry: number | undefined
  /** Why the connection is not open, when it is not. */
  reason: DisconnectReason | undefined
  /** Try now, forgetting backoff and a refused token. */
  reconnect: () => void
}

const selectConnection = (s: { connection: ConnectionState }) => s.connection

export function useConnection(): ConnectionInfo {
  const { client } = useChatContext()
  const state = useStoreSelector(client, selectConnection)
  const retryAt = state.status === 'reconnecting' ? state.retryAt : 0
  // A clock that ticks only while a retry is scheduled.
  const tick = useCallback(
    (notify: () => void) => {
      const timer = retryAt ? setInterval(notify, 250) : undefined
      return () => clearInterval(timer)
    },
    [retryAt],
  )
  const seconds = () =>
    retryAt ? Math.max(0, Math.ceil((retryAt - Date.now()) / 1000)) : undefined
  return {
    state,
    status: state.status,
    attempt: 'attempt' in state ? state.attempt : 0,
    secondsToRetry: useSyncExternalStore(tick, seconds, seconds),
    reason: 'reason' in state ? state.reason : undefined,
    reconnect: client.reconnect,
  }
}
