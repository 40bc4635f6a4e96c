/**
 * The connected components in Chromium against @parley/mock-backend, served by MSW's worker:
 * the kit as an app embeds it, from the conversation list to a message another user reads.
 */
import type { MockBackend } from '@parley/mock-backend'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { MockChatProvider, serveMockBackend } from '../src/backend'
import { ChatScreen, type ChatScreenProps } from '../src/connected'
import '../src/styles.css'

afterEach(cleanup)

function Screen({
  backend,
  userId,
  label,
  ...props
}: ChatScreenProps & { backend: MockBackend; userId: string; label: string }) {
  return (
    <section aria-label={label} style={{ width: 900, height: 560 }}>
      <MockChatProvider backend={backend} userId={userId}>
        <ChatScreen {...props} />
      </MockChatProvider>
    </section>
  )
}

const shown = (region: HTMLElement) =>
  within(region).getByRole('log', { name: 'Messages' }).textContent

describe('ChatScreen on the mock backend', () => {
  it('lists conversations, opens a deep link and sends a message the other user receives', async () => {
    const backend = await serveMockBackend()
    render(
      <>
        <Screen backend={backend} userId="client-sam" label="Sam" defaultSelectedId="dm-maya-sam" />
        <Screen
          backend={backend}
          userId="trainer-maya"
          label="Maya"
          defaultSelectedId="dm-maya-sam"
        />
      </>,
    )
    const sam = screen.getByRole('region', { name: 'Sam' })
    const maya = screen.getByRole('region', { name: 'Maya' })
    const list = await within(sam).findByRole('listbox', { name: 'Conversations' })
    await waitFor(() => expect(within(list).getAllByRole('option').length).toBeGreaterThan(1))
    const window = await within(sam).findByRole('region', { name: 'Maya Okafor' })
    await waitFor(() => expect(shown(window)).toContain('How did the practice go?'))

    const user = userEvent.setup()
    await user.type(within(window).getByRole('textbox', { name: 'Message' }), 'Went well!{Enter}')
    await waitFor(() =>
      expect(window.querySelector('[data-status="sent"], [data-status="read"]')).toBeTruthy(),
    )
    const mayaWindow = await within(maya).findByRole('region', { name: 'Sam Lee' })
    await waitFor(() => expect(shown(mayaWindow)).toContain('Went well!'))
  })
})
