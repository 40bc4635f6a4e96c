import { parseScenario, ScenarioError } from '@parley/mock-backend'
import { shareAcrossTabs } from '@parley/mock-backend/shared'
import '@parley/ui/styles.css'
import { setupWorker } from 'msw/browser'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App, type ScenarioStatus } from './App'
import { createDemoSession } from './demo-session'
import { nativeDialect, salonDialect } from './dialects'
import './demo.css'

/**
 * The moment the seed's messages are dated from, the same in every tab: a tab that takes over the
 * shared server then shows the seed at the times the other tabs showed it. Renewed after a day.
 */
function sharedSeedTime() {
  const key = 'parley-demo-seed-time'
  const stored = Number(localStorage.getItem(key))
  if (stored > Date.now() - 86_400_000) return stored
  const now = Date.now()
  localStorage.setItem(key, String(now))
  return now
}

function readScenario(text: string | null): ScenarioStatus {
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
  const params = new URLSearchParams(window.location.search)
  // `?dialect=salon`: the same demo on seed 004's Salon server, its staff and customers.
  const makeDialect = params.get('dialect') === 'salon' ? salonDialect : nativeDialect
  const dialect = makeDialect({ seedTime: sharedSeedTime() })
  const { backend } = dialect
  // Every tab of the demo talks to one server, so a trainer in one tab and a client in another
  // chat live. The tab that serves is known once `ready` settles.
  const shared = shareAcrossTabs(backend, { name: dialect.shareName })
  try {
    await shared.ready
    // Only render once the worker intercepts: a socket opened earlier would escape the mock.
    await setupWorker(...shared.handlers).start({ onUnhandledRequest: 'bypass', quiet: true })
  } catch (error) {
    root.render(
      <p role="alert">
        The mocked backend could not start ({String(error)}). Open the demo on localhost or over
        HTTPS: service workers need a secure context.
      </p>,
    )
    return
  }

  const userId = params.get('as') ?? dialect.defaultUser
  const known = dialect.users.some((user) => user.id === userId)
  const session = createDemoSession(backend.model, known ? userId : dialect.defaultUser)
  const { client, protocol, people } = dialect.connect(session)
  const scenario = readScenario(params.get('scenario'))
  // Before the first connection, so an outage "at start" meets it.
  if (scenario.kind === 'applied') backend.controls.play(scenario.scenario)

  root.render(
    <StrictMode>
      <App
        client={client}
        protocol={protocol}
        people={people}
        controls={backend.controls}
        users={dialect.users}
        unknownUser={known ? undefined : userId}
        session={session}
        scenario={scenario}
        conversationId={params.get('conversation') ?? undefined}
        servesTabs={shared.isLeader}
      />
    </StrictMode>,
  )
}

void start()
