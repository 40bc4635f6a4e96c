import type { Connection } from '@parley/core'
import type { FaultState, MockControls } from '@parley/mock-backend'
import { ConnectionBadge } from '@parley/ui'
import { useEffect, useReducer } from 'react'
import type { DemoSession } from './demo-session'
import { useStore } from './use-store'

function describeFaults({ outageUntil, latency, refuseAuth, silent }: FaultState): string {
  const active = [
    outageUntil > Date.now() && 'outage',
    silent && 'silence',
    refuseAuth && 'refusing sign-ins',
    (latency.toClientMs > 0 || latency.toServerMs > 0 || latency.jitterMs > 0) &&
      `latency ↓${latency.toClientMs} ms ↑${latency.toServerMs} ms ±${latency.jitterMs} ms`,
  ].filter(Boolean)
  return active.length > 0 ? active.join(', ') : 'none'
}

/** Buttons that break the mocked server on purpose, so QA can watch the client recover. */
export function QaControls({
  controls,
  session,
  connection,
  servesTabs,
}: {
  controls: MockControls
  session: DemoSession
  connection: Connection
  /** Whether this tab's server serves every tab (read on each redraw: another tab may close). */
  servesTabs: () => boolean
}) {
  const token = useStore(session.token)
  const state = useStore(connection)
  // The fault switches are not a store: redraw after each click to show what changed, and every
  // second, since in a relaying tab the serving tab's answer (and a takeover) arrives later.
  const [, redraw] = useReducer((count: number) => count + 1, 0)
  useEffect(() => {
    const timer = setInterval(redraw, 1_000)
    return () => clearInterval(timer)
  }, [])
  const act = (run: () => void) => () => {
    run()
    redraw()
  }
  const faults = controls.faults()

  return (
    <section className="demo-panel" aria-labelledby="qa-controls-title">
      <h2 id="qa-controls-title">QA controls</h2>
      <ConnectionBadge state={state} onReconnect={() => connection.reconnect()} />
      <dl className="demo-facts">
        <dt>User</dt>
        <dd>
          {session.user.name} ({session.user.role})
        </dd>
        <dt>Token</dt>
        <dd>
          <code>{token}</code>
        </dd>
        <dt>Mocked server</dt>
        <dd>{servesTabs() ? 'runs in this tab' : 'runs in another tab of the demo'}</dd>
        <dt>Server faults</dt>
        <dd>{describeFaults(faults)}</dd>
      </dl>
      <div className="demo-actions">
        <button type="button" onClick={act(() => controls.disconnectAll())}>
          Disconnect now
        </button>
        <button type="button" onClick={act(() => controls.outage(5_000))}>
          Server outage 5 s
        </button>
        <button type="button" onClick={act(() => controls.expireToken(session.getToken()))}>
          Expire token
        </button>
        <button
          type="button"
          aria-pressed={faults.silent}
          onClick={act(() => controls.silence(!faults.silent))}
        >
          Silence server
        </button>
        <button type="button" onClick={act(session.renewToken)}>
          New token
        </button>
      </div>
    </section>
  )
}
