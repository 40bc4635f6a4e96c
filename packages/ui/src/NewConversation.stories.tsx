import type { Conversation } from '@parley/core'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { frame } from './demo'
import { ada, ben, chen, dana, groupConversation } from './fixtures'
import type { NewConversationRequest } from './NewConversation'
import { NewConversation } from './NewConversation'
import { staticTwin } from './storybook/staticTwin'

/** What a server answers: the conversation made. */
const made = async ({ kind, title }: NewConversationRequest): Promise<Conversation> => ({
  ...groupConversation,
  id: 'new',
  kind,
  ...(title && { title }),
})

const meta = {
  title: 'Components/NewConversation',
  component: NewConversation,
  args: {
    people: [ada, ben, chen, dana],
    groups: true,
    onCreate: fn(made),
    onCreated: fn(),
  },
  decorators: [frame(340, 480)],
} satisfies Meta<typeof NewConversation>

export default meta
type Story = StoryObj<typeof meta>

const dialogOf = (el: HTMLElement) => within(el).getByRole('dialog', { name: 'New conversation' })

/** The button alone, as it sits above the conversation list. */
export const Closed: Story = {}

/** Open, where only direct conversations can be started (Salon): one person, picked by radio. */
export const Open: Story = { args: { defaultOpen: true, groups: false } }

/** Open where groups can be made: several people can be picked. */
export const Group: Story = { args: { defaultOpen: true } }

/** The directory is still loading. */
export const Loading: Story = { args: { defaultOpen: true, people: [], loading: true } }

/** Pick two people, name the group, Start: the dialog closes and the focus is back on the button. */
export const StartGroup: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    const open = canvas.getByRole('button', { name: 'New conversation' })
    await userEvent.click(open)
    const box = dialogOf(canvasElement)
    const dialog = within(box)
    await expect(dialog.getByRole('button', { name: 'Start' })).toBeDisabled()
    await userEvent.type(dialog.getByRole('searchbox', { name: 'Search people' }), 'da')
    await expect(dialog.queryByRole('checkbox', { name: 'Ben Carter' })).toBeNull()
    await userEvent.click(dialog.getByRole('checkbox', { name: 'Ada Lovelace' }))
    await userEvent.click(dialog.getByRole('checkbox', { name: 'Dana Ruiz' }))
    await userEvent.type(dialog.getByRole('textbox', { name: 'Group name' }), 'Book club')
    await userEvent.click(dialog.getByRole('button', { name: 'Start' }))
    await expect(args.onCreate).toHaveBeenCalledWith({
      kind: 'group',
      participantIds: ['ada', 'dana'],
      title: 'Book club',
    })
    await waitFor(() => expect(args.onCreated).toHaveBeenCalledOnce())
    await expect(box).not.toBeVisible()
    await expect(open).toHaveFocus()
  },
}

export const StartGroupStart = staticTwin(StartGroup)

/** The server refuses: said in our words and announced, and the dialog stays open to try again. */
export const Refused: Story = {
  args: {
    groups: false,
    onCreate: fn<typeof made>(() => Promise.reject(new Error('422 unknown-user'))),
  },
  play: async ({ canvasElement, args }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'New conversation' }))
    const dialog = within(dialogOf(canvasElement))
    await userEvent.click(dialog.getByRole('radio', { name: 'Chen Wei' }))
    await userEvent.click(dialog.getByRole('button', { name: 'Start' }))
    await expect(await dialog.findByRole('alert')).toHaveTextContent(
      'The conversation could not be started. Please try again.',
    )
    await expect(dialog.queryByText(/422/)).toBeNull()
    await expect(dialogOf(canvasElement)).toBeVisible()
    await expect(args.onCreated).not.toHaveBeenCalled()
  },
}

export const RefusedStart = staticTwin(Refused)
