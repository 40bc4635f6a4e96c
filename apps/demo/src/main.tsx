import { createConnection } from '@parley/core'
import { nativeProtocol } from '@parley/core/native'
import { createMockBackend, parseScenario, ScenarioError } from '@parley/mock-backend'
import '@parley/ui/styles.css'
import { setupWorker } from 'msw/browser'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App, type ScenarioStatus } from './App'
import { createDemoSession } from './demo-session'
import './demo.css'

/** Never reaches a network: MSW answers it inside this page. */
const SOCKET_URL = 'wss://parley.test/native'
/** Short, so a silenced server is noticed within ~10 s rather than 35 s. */
const HEARTBEAT_MS = 5_000

function readScenario(search: string): ScenarioStatus {
  const text = new URLSearchParams(search).get('scenario')
  if (text === null) return { kind: 'none' }
  try {
    return { kind: 'applied', text, scenario: parseScenario(text) }
  } catch (error) {
    // A typo must be loud: a QA run on a silently ignored scenario looks like a pass.
    if (error instanceof ScenarioError) return { kind: 'rejected', text, message: error.message }
    throw error
  }
}

async function start() {
  const root = createRoot(document.getElementById('root')!)
  const backend = createMockBackend({ url: SOCKET_URL, heartbeatMs: HEARTBEAT_MS })
  try {
    // Only render once the worker intercepts: a socket opened earlier would escape the mock.
    await setupWorker(...backend.handlers).start({ onUnhandledRequest: 'bypass' })
  } catch (error) {
    root.render(
      <p role="alert">
        The mocked backend could not start ({String(error)}). Open the demo on localhost or over
        HTTPS: service workers need a secure context.
      </p>,
    )
    return
  }

  const session = createDemoSession(backend.model, 'client-sam')
  const connection = createConnection({
    url: SOCKET_URL,
    protocol: nativeProtocol,
    getToken: session.getToken,
    heartbeatIntervalMs: HEARTBEAT_MS,
    heartbeatGraceMs: HEARTBEAT_MS,
  })
  const scenario = readScenario(window.location.search)
  // Before the first connection, so an outage "at start" meets it.
  if (scenario.kind === 'applied') backend.controls.play(scenario.scenario)

  root.render(
    <StrictMode>
      <App
        connection={connection}
        controls={backend.controls}
        session={session}
        scenario={scenario}
      />
    </StrictMode>,
  )
}

void start()
