import type { ChatClient, Participant, ProtocolAdapter } from '@parley/core'
import type { MockControls, MockUser, Scenario } from '@parley/mock-backend'
import { ChatProvider } from '@parley/react'
import { ChatScreen } from '@parley/ui/connected'
import { ConnectionLog } from './ConnectionLog'
import type { DemoSession } from './demo-session'
import { QaControls } from './QaControls'
import { SignInAs } from './SignInAs'

export type ScenarioStatus =
  | { kind: 'none' }
  | { kind: 'applied'; text: string; scenario: Scenario }
  | { kind: 'rejected'; text: string; message: string }

export interface AppProps {
  client: ChatClient
  protocol: ProtocolAdapter
  /** Whom "New conversation" offers where the backend has no directory (Salon). */
  people?: readonly Participant[] | undefined
  controls: MockControls
  users: readonly MockUser[]
  /** A `?as=` that names nobody: the demo signed in as the default user instead. */
  unknownUser: string | undefined
  session: DemoSession
  scenario: ScenarioStatus
  /** `?conversation=`: opened once the list has it. */
  conversationId: string | undefined
  /** Whether this tab runs the mocked server for every tab of the demo. */
  servesTabs: () => boolean
}

/** Upload rules the mocked server also enforces (413 / 415), so both paths can be tried. */
const UPLOADS = { accept: ['image/*', 'audio/*', '.pdf', '.txt'], maxBytes: 5_000_000 }

/** Keeps the open conversation in the address bar, so a reload or a shared link reopens it. */
function linkTo(conversationId: string) {
  const url = new URL(window.location.href)
  url.searchParams.set('conversation', conversationId)
  window.history.replaceState(null, '', url)
}

export function App(props: AppProps) {
  const { client, session, scenario } = props
  return (
    <ChatProvider client={client} protocol={props.protocol} getToken={session.getToken}>
      <div className="demo">
        <header className="demo-header">
          <h1>Parley demo</h1>
          <SignInAs users={props.users} current={session.user.id} />
        </header>
        <div className="demo-notes">
          {props.unknownUser !== undefined && (
            <p role="alert" className="demo-alert">
              There is no user <code>{props.unknownUser}</code>; signed in as {session.user.name}.
            </p>
          )}
          {scenario.kind === 'applied' && (
            <p className="demo-note">
              Scenario: <code>{scenario.text}</code>
            </p>
          )}
          {scenario.kind === 'rejected' && (
            <p role="alert" className="demo-alert">
              Scenario <code>{scenario.text}</code> was not applied: {scenario.message}
            </p>
          )}
        </div>
        <main className="demo-chat">
          <ChatScreen
            defaultSelectedId={props.conversationId}
            onSelect={(conversation) => linkTo(conversation.id)}
            uploads={UPLOADS}
            people={props.people}
            onError={(error) => console.warn('[demo]', error)}
            placeholder={<p>Pick a conversation.</p>}
          />
        </main>
        <aside className="demo-qa" aria-label="QA">
          <QaControls
            controls={props.controls}
            session={session}
            connection={client.connection}
            servesTabs={props.servesTabs}
          />
          <ConnectionLog connection={client.connection} />
        </aside>
      </div>
    </ChatProvider>
  )
}
