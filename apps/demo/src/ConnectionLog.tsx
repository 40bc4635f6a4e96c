import type { Connection, ConnectionState, DisconnectReason } from '@parley/core'
import { useEffect, useRef, useState } from 'react'

const MAX_ENTRIES = 12

function describeReason(reason: DisconnectReason): string {
  switch (reason.kind) {
    case 'close':
      return `closed ${reason.code}${reason.reason ? ` (${reason.reason})` : ''}`
    case 'error':
      return reason.error.message
    case 'connect-timeout':
      return 'no welcome in time'
    case 'heartbeat-timeout':
      return `server silent for ${(reason.silentForMs / 1000).toFixed(1)} s`
    case 'offline':
      return 'the browser is offline'
    case 'auth':
      return `refused${reason.code ? ` ${reason.code}` : ''}: ${reason.message}`
    case 'app':
      return 'closed by the app'
  }
}

function describeState(state: ConnectionState): string {
  switch (state.status) {
    case 'idle':
      return 'idle'
    case 'connecting':
      return 'connecting'
    case 'open':
      return `open as ${state.userId ?? 'an unnamed user'}`
    case 'reconnecting':
      return `reconnecting, attempt ${state.attempt} — ${describeReason(state.reason)}`
    default:
      return `${state.status} — ${describeReason(state.reason)}`
  }
}

/** Every transition with its reason: the badge shows where the client is, this shows why. */
export function ConnectionLog({ connection }: { connection: Connection }) {
  const [entries, setEntries] = useState<{ id: number; at: string; text: string }[]>([])
  // Outlives the effect: StrictMode subscribes twice, and keys must not restart at 1.
  const lastId = useRef(0)
  useEffect(() => {
    return connection.subscribe(() => {
      const entry = {
        id: ++lastId.current,
        at: new Date().toLocaleTimeString(),
        text: describeState(connection.getSnapshot()),
      }
      setEntries((previous) => [entry, ...previous].slice(0, MAX_ENTRIES))
    })
  }, [connection])

  return (
    <section className="demo-panel" aria-labelledby="connection-log-title">
      <h2 id="connection-log-title">Connection log</h2>
      {/* Not a live region: the badge already announces each state; this is for reading back. */}
      <ol className="demo-log" aria-labelledby="connection-log-title" reversed>
        {entries.map((entry) => (
          <li key={entry.id}>
            <span className="demo-log__time">{entry.at}</span> {entry.text}
          </li>
        ))}
      </ol>
    </section>
  )
}
