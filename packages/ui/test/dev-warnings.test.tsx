/**
 * ChatScreen's development warnings, in Chromium with real layout, against @parley/mock-backend:
 * the silent failures a newcomer meets first (no height, no stylesheet) each name their fix once.
 */
import { cleanup, render, screen } from '@testing-library/react'
import type { CSSProperties } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { MockChatProvider, serveMockBackend } from '../src/backend'
import { ChatScreen, type ChatScreenProps } from '../src/connected'
import { forgetWarnings } from '../src/dev-warnings'
import '../src/styles.css'

let warn: MockInstance<typeof console.warn>
beforeEach(() => {
  forgetWarnings()
  warn = vi.spyOn(console, 'warn')
})
afterEach(() => {
  cleanup()
  warn.mockRestore()
  for (const sheet of document.styleSheets) sheet.disabled = false
})

const parleyWarnings = () =>
  warn.mock.calls.map((args) => String(args[0])).filter((m) => m.startsWith('[parley]'))

const listLoaded = (container: HTMLElement) =>
  container.querySelector('.parley-conversations__list') !== null

/** Maya's ChatScreen in a container styled `style`, once her conversation list has loaded. */
async function renderScreen(
  style: CSSProperties,
  props: ChatScreenProps = {},
  ready = (container: HTMLElement) => container.querySelector('.parley-conversation') !== null,
) {
  const backend = await serveMockBackend()
  render(
    <div data-testid="container" style={style}>
      <MockChatProvider backend={backend} userId="trainer-maya">
        <ChatScreen {...props} />
      </MockChatProvider>
    </div>,
  )
  const container = screen.getByTestId('container')
  await vi.waitFor(() => expect(ready(container)).toBe(true))
  // Two frames: every ResizeObserver callback for the loaded layout has run.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
}

describe('ChatScreen dev warnings', () => {
  it('a container with no height: warns once, with the height seen and the fix', async () => {
    // The list collapses to nothing: it loads, but no row gets a box.
    await renderScreen({ width: 900 }, {}, listLoaded)
    expect(document.querySelector('.parley-conversation')).toBeNull()
    const warnings = parleyWarnings()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^\[parley\] <ChatScreen> is \d+px tall: its container has no height/,
    )
    expect(warnings[0]).toContain("style={{ height: '100dvh' }}")
  })

  it('says nothing in a container with a height, or in a hidden one', async () => {
    await renderScreen({ width: 900, height: 560 })
    cleanup()
    const backend = await serveMockBackend()
    render(
      <div style={{ display: 'none' }}>
        <MockChatProvider backend={backend} userId="trainer-maya">
          <ChatScreen />
        </MockChatProvider>
      </div>,
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(parleyWarnings()).toEqual([])
  })

  it('no stylesheet: warns once, naming the import', async () => {
    for (const sheet of document.styleSheets) sheet.disabled = true
    await renderScreen({ width: 900, height: 560 }, {}, listLoaded)
    const warnings = parleyWarnings()
    expect(warnings).toEqual([
      "[parley] <ChatScreen> is unstyled: @parley/ui's stylesheet is not loaded. Import it once, " +
        "e.g. import '@parley/ui/styles.css' next to your app's entry.",
    ])
  })

  it('the right pane says "Choose a conversation" until one is chosen, in the given strings', async () => {
    await renderScreen({ width: 900, height: 560 })
    expect(document.querySelector('.parley-screen__placeholder')).toHaveTextContent(
      'Choose a conversation',
    )
    cleanup()
    await renderScreen(
      { width: 900, height: 560 },
      { strings: { chooseConversation: 'Choisissez une conversation' } },
    )
    expect(document.querySelector('.parley-screen__placeholder')).toHaveTextContent(
      'Choisissez une conversation',
    )
    cleanup()
    await renderScreen({ width: 900, height: 560 }, { placeholder: <p>Pick someone</p> })
    expect(screen.getByText('Pick someone')).toBeVisible()
  })
})
