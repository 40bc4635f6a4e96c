import { createChatClient, type ChatClientOptions } from '@parley/core'
import { createNativeProtocol } from '@parley/core/native'
import { render } from '@testing-library/react'
import { Component, type ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type * as Parley from '../src'

// Nothing listens on port 9 (discard): the clients fail to connect, quietly, with no retry storm.
const base = { url: 'ws://127.0.0.1:9/', getToken: () => 'maya', environment: null } as const
const withoutProtocol = base as unknown as ChatClientOptions
const withProtocol: ChatClientOptions = {
  ...base,
  protocol: createNativeProtocol({ apiUrl: 'http://127.0.0.1:9/api' }),
}

/** The `[parley]` warnings logged while `run` renders. */
function parleyWarnings(run: () => void): string[] {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  try {
    run()
    return warn.mock.calls.map((args) => String(args[0])).filter((m) => m.startsWith('[parley]'))
  } finally {
    warn.mockRestore()
  }
}

/**
 * Renders a provider whose options lack a protocol. What the engine then does (an endless reconnect,
 * or a TypeError from createChatClient) is the core's business; the warning must come first.
 */
function renderWithoutProtocol() {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {})
  const swallow = (event: ErrorEvent) => event.preventDefault()
  window.addEventListener('error', swallow)
  try {
    render(
      <Contained>
        <ChatProvider options={withoutProtocol} />
      </Contained>,
    ).unmount()
  } finally {
    window.removeEventListener('error', swallow)
    error.mockRestore()
  }
}

/** Keeps an error thrown while rendering inside the test instead of reporting it as uncaught. */
class Contained extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }
  static getDerivedStateFromError = () => ({ failed: true })
  override render = () => (this.state.failed ? null : this.props.children)
}

// Each warning is shown once per page: every test gets a fresh copy of the package.
let ChatProvider: typeof Parley.ChatProvider
beforeEach(async () => {
  vi.resetModules()
  ;({ ChatProvider } = await import('../src'))
})
afterEach(() => vi.unstubAllEnvs())

describe('ChatProvider dev warnings', () => {
  it('options without a protocol: warns, naming the option and an adapter to pass', () => {
    const warnings = parleyWarnings(renderWithoutProtocol)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('no `protocol`')
    expect(warnings[0]).toContain("createNativeProtocol({ apiUrl }) from '@parley/core/native'")
  })

  it('a client without the protocol beside it: warns that REST cannot load, naming the prop', () => {
    const client = createChatClient(withProtocol)
    const warnings = parleyWarnings(() => render(<ChatProvider client={client} />).unmount())
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('history, the conversation list and uploads cannot load')
    expect(warnings[0]).toContain('protocol={protocol}')
  })

  it('warns once, however often it renders', () => {
    const client = createChatClient(withProtocol)
    const warnings = parleyWarnings(() => {
      render(<ChatProvider client={client} />).unmount()
      render(<ChatProvider client={client} />).unmount()
    })
    expect(warnings).toHaveLength(1)
  })

  it('says nothing when the protocol is there', () => {
    const client = createChatClient(withProtocol)
    const warnings = parleyWarnings(() => {
      render(<ChatProvider options={withProtocol} />).unmount()
      render(<ChatProvider client={client} protocol={withProtocol.protocol} />).unmount()
    })
    expect(warnings).toEqual([])
  })

  it('says nothing in production', () => {
    vi.stubEnv('NODE_ENV', 'production')
    const warnings = parleyWarnings(renderWithoutProtocol)
    expect(warnings).toEqual([])
  })
})
