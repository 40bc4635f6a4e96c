import type { Connection } from '@parley/core'
import type { MockControls, Scenario } from '@parley/mock-backend'
import { ConnectionBadge } from '@parley/ui'
import { useEffect } from 'react'
import { ConnectionLog } from './ConnectionLog'
import type { DemoSession } from './demo-session'
import { QaControls } from './QaControls'
import { useConnectionState } from './use-connection-state'

export type ScenarioStatus =
  | { kind: 'none' }
  | { kind: 'applied'; text: string; scenario: Scenario }
  | { kind: 'rejected'; text: string; message: string }

export interface AppProps {
  connection: Connection
  controls: MockControls
  session: DemoSession
  scenario: ScenarioStatus
}

export function App({ connection, controls, session, scenario }: AppProps) {
  const state = useConnectionState(connection)
  useEffect(() => {
    connection.connect()
    return () => connection.close()
  }, [connection])

  return (
    <main className="demo">
      <header className="demo-header">
        <h1>Parley demo</h1>
        <ConnectionBadge state={state} onReconnect={() => connection.reconnect()} />
      </header>
      {scenario.kind === 'applied' && (
        <p>
          Scenario: <code>{scenario.text}</code>
        </p>
      )}
      {scenario.kind === 'rejected' && (
        <p role="alert" className="demo-alert">
          Scenario <code>{scenario.text}</code> was not applied: {scenario.message}
        </p>
      )}
      <QaControls controls={controls} session={session} />
      <ConnectionLog connection={connection} />
    </main>
  )
}
