/**
 * "New conversation" in Chromium against @parley/mock-backend, as a user finds it: the button
 * above the list, the dialog, the directory, Start; the conversation opens and is in the list.
 * Native (direct and group), a refusal, Salon staff starting a chat with a customer, and a
 * backend that cannot create.
 */
import type { Participant, ProtocolAdapter } from '@parley/core'
import { createSalonProtocol } from '@parley/core/adapters/salon'
import { createNativeProtocol } from '@parley/core/native'
import type { MockBackend } from '@parley/mock-backend'
import { ChatProvider } from '@parley/react'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { userEvent as browserEvent } from 'vitest/browser'
import { API_URL, MockChatProvider, serveMockBackend } from '../src/backend'
import { ChatScreen } from '../src/connected'
import '../src/styles.css'

afterEach(cleanup)

/** Maya's ChatScreen through `protocol` (the native one by default). */
function renderMaya(backend: MockBackend, protocol?: ProtocolAdapter) {
  render(
    <section aria-label="Maya" style={{ width: 900, height: 560 }}>
      <MockChatProvider
        backend={backend}
        userId="trainer-maya"
        options={protocol && { protocol }}
        noRetry
      >
        <ChatScreen />
      </MockChatProvider>
    </section>,
  )
  return within(screen.getByRole('region', { name: 'Maya' }))
}

/** Someone in the seed Maya has no conversation with yet. */
function strangerTo(backend: MockBackend, userId: string) {
  const contacts = backend.model.contactsOf(userId)
  return backend.model.users.find((u) => u.id !== userId && !contacts.has(u.id))!
}

/** Open the dialog from the list's button; the dialog's queries. */
async function openDialog(app: ReturnType<typeof within>) {
  const open = await app.findByRole('button', { name: 'New conversation' }, { timeout: 5_000 })
  await userEvent.click(open)
  const dialog = app.getByRole('dialog', { name: 'New conversation' })
  expect(dialog).toBeVisible()
  return { open, dialog, inDialog: within(dialog) }
}

describe('New conversation (native)', () => {
  it('picks a person found by search, starts, and the conversation opens and is in the list', async () => {
    const backend = await serveMockBackend()
    const stranger = strangerTo(backend, 'trainer-maya')
    const maya = renderMaya(backend)
    const list = await maya.findByRole('listbox', { name: 'Conversations' }, { timeout: 5_000 })
    expect(within(list).queryByRole('option', { name: new RegExp(stranger.name) })).toBeNull()

    const { dialog, inDialog } = await openDialog(maya)
    // Focus moves into the dialog: the search box, first.
    expect(inDialog.getByRole('searchbox', { name: 'Search people' })).toHaveFocus()
    await userEvent.keyboard(stranger.name.split(' ')[0]!)
    await userEvent.click(await inDialog.findByRole('checkbox', { name: stranger.name }))
    // One person: a direct conversation, no group name asked for.
    expect(inDialog.queryByRole('textbox', { name: 'Group name' })).toBeNull()
    await userEvent.click(inDialog.getByRole('button', { name: 'Start' }))

    const chat = await maya.findByRole('region', { name: stranger.name })
    await waitFor(() => expect(dialog).not.toBeVisible())
    await waitFor(() =>
      expect(within(chat).getByRole('textbox', { name: 'Message' })).toHaveFocus(),
    )
    const row = await within(list).findByRole('option', { name: new RegExp(stranger.name) })
    expect(row).toHaveAttribute('aria-selected', 'true')
    const made = backend.model
      .listConversations('trainer-maya', { limit: 100 })
      .conversations.filter((c) => c.participants.some((p) => p.id === stranger.id))
    expect(made).toHaveLength(1)
  })

  it('starts a named group with two people', async () => {
    const backend = await serveMockBackend()
    const maya = renderMaya(backend)
    const { inDialog } = await openDialog(maya)
    const boxes = await inDialog.findAllByRole('checkbox')
    await userEvent.click(boxes[0]!)
    await userEvent.click(boxes[1]!)
    const name = inDialog.getByRole('textbox', { name: 'Group name' })
    // The name is required: Start without one asks for it instead of starting.
    await userEvent.click(inDialog.getByRole('button', { name: 'Start' }))
    expect(name).toHaveFocus()
    await userEvent.type(name, 'Hill sprints')
    await userEvent.click(inDialog.getByRole('button', { name: 'Start' }))

    await maya.findByRole('region', { name: 'Hill sprints' })
    const list = maya.getByRole('listbox', { name: 'Conversations' })
    expect(await within(list).findByRole('option', { name: /Hill sprints/ })).toHaveAttribute(
      'aria-selected',
      'true',
    )
  })

  it('a refusal is said in our words and announced; the dialog stays; Esc closes it and the focus returns', async () => {
    const backend = await serveMockBackend()
    const native = createNativeProtocol({ apiUrl: API_URL })
    // The person picked was removed from the directory meanwhile: the server answers 422.
    const protocol: ProtocolAdapter = {
      ...native,
      createConversation: (request, ctx) =>
        native.createConversation!({ ...request, participantIds: ['gone'] }, ctx),
    }
    const maya = renderMaya(backend, protocol)
    const { open, dialog, inDialog } = await openDialog(maya)
    await userEvent.click((await inDialog.findAllByRole('checkbox'))[0]!)
    await userEvent.click(inDialog.getByRole('button', { name: 'Start' }))

    const alert = await inDialog.findByRole('alert')
    expect(alert).toHaveTextContent('The conversation could not be started. Please try again.')
    expect(alert).not.toHaveTextContent(/gone|422|unknown/i)
    expect(dialog).toBeVisible()
    expect(inDialog.getByRole('button', { name: 'Start' })).toBeEnabled()

    // A real key press (the browser's own, not a synthetic event): the dialog's Esc is native.
    await browserEvent.keyboard('{Escape}')
    await waitFor(() => expect(dialog).not.toBeVisible())
    expect(open).toHaveFocus()
    // Opened again, it starts afresh.
    await userEvent.click(open)
    expect(inDialog.queryByRole('alert')).toBeNull()
    expect(inDialog.getAllByRole('checkbox').some((box) => (box as HTMLInputElement).checked)).toBe(
      false,
    )
  })

  it("speaks the app's language: its words come through ChatScreen's strings", async () => {
    const backend = await serveMockBackend()
    const strings = {
      newConversation: { newConversation: 'Nouvelle conversation', start: 'Commencer' },
    }
    render(
      <MockChatProvider backend={backend} userId="trainer-maya" noRetry>
        <ChatScreen strings={strings} />
      </MockChatProvider>,
    )
    await userEvent.click(
      await screen.findByRole('button', { name: 'Nouvelle conversation' }, { timeout: 5_000 }),
    )
    const dialog = within(screen.getByRole('dialog', { name: 'Nouvelle conversation' }))
    expect(dialog.getByRole('button', { name: 'Commencer' })).toBeDisabled()
    // What the app did not translate keeps the kit's words.
    expect(dialog.getByRole('searchbox', { name: 'Search people' })).toBeVisible()
  })

  it('is not offered where the backend cannot create conversations', async () => {
    const backend = await serveMockBackend()
    const { createConversation: _none, ...protocol } = createNativeProtocol({ apiUrl: API_URL })
    const maya = renderMaya(backend, protocol)
    const list = await maya.findByRole('listbox', { name: 'Conversations' }, { timeout: 5_000 })
    expect((await within(list).findAllByRole('option')).length).toBeGreaterThan(0)
    expect(maya.queryByRole('button', { name: 'New conversation' })).toBeNull()
  })
})

describe('New conversation (Salon)', () => {
  const apiUrl = 'https://salon.example.com/api/v1/chat'

  /** Li (staff) on Salon's mock, with `people` given to ChatScreen or not. */
  async function renderLi(people?: Participant[]) {
    const backend = await serveMockBackend({
      dialect: 'salon',
      url: apiUrl.replace(/^https/, 'wss'),
      apiUrl,
    })
    const token = backend.model.issueToken('staff-li')
    render(
      <section aria-label="Li" style={{ width: 900, height: 560 }}>
        <ChatProvider
          options={{
            url: apiUrl,
            getToken: () => token,
            protocol: createSalonProtocol({ apiUrl, role: 'user' }),
          }}
        >
          <ChatScreen people={people} />
        </ChatProvider>
      </section>,
    )
    return { backend, li: within(screen.getByRole('region', { name: 'Li' })) }
  }

  it('staff start a chat with a customer the app lists: one person only, and it opens', async () => {
    const noor = 'customer:7'
    const { backend, li } = await renderLi([
      { id: noor, name: 'Noor Al-Sayed' },
      { id: 'customer:999', name: 'Someone Else' },
    ])
    expect(backend.salon!.ids.userOf('customer', 7)?.id).toBe('customer-noor')
    const { inDialog } = await openDialog(li)
    // Salon makes direct chats only: radios, never a group.
    expect(inDialog.queryByRole('checkbox')).toBeNull()
    await userEvent.type(inDialog.getByRole('searchbox', { name: 'Search people' }), 'noor')
    expect(inDialog.queryByRole('radio', { name: 'Someone Else' })).toBeNull()
    await userEvent.click(inDialog.getByRole('radio', { name: 'Noor Al-Sayed' }))
    await userEvent.click(inDialog.getByRole('button', { name: 'Start' }))

    const chat = await li.findByRole('region', { name: /Noor|\+/ }, { timeout: 5_000 })
    expect(chat).toBeVisible()
    const list = li.getByRole('listbox', { name: 'Conversations' })
    await waitFor(() =>
      expect(within(list).getByRole('option', { selected: true })).toBeInTheDocument(),
    )
    expect(
      backend.model
        .listConversations('staff-li', { limit: 100 })
        .conversations.some((c) => c.participants.some((p) => p.id === 'customer-noor')),
    ).toBe(true)
  })

  it('is not offered when the app names no one: Salon has no directory to search', async () => {
    const { li } = await renderLi()
    const list = await li.findByRole('listbox', { name: 'Conversations' }, { timeout: 5_000 })
    expect((await within(list).findAllByRole('option')).length).toBeGreaterThan(0)
    expect(li.queryByRole('button', { name: 'New conversation' })).toBeNull()
  })
})
