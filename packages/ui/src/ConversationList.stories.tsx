import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import type { ConversationListProps } from './ConversationList'
import { ConversationList } from './ConversationList'
import { frame, rtl } from './demo'
import { makeConversations } from './fixtures'
import { staticTwin } from './storybook/staticTwin'

const conversations = makeConversations(40)
const presence = { u0: true, u1: false, u2: true, u4: true }

/** Holds the selection, as a router would. */
function Selectable(args: ConversationListProps) {
  const [selected, setSelected] = useState(args.selectedId)
  return (
    <ConversationList
      {...args}
      selectedId={selected}
      onSelect={(id) => {
        setSelected(id)
        args.onSelect(id)
      }}
    />
  )
}

const meta = {
  title: 'Components/ConversationList',
  component: ConversationList,
  args: { conversations, currentUserId: 'me', onSelect: fn(), presence },
  render: (args) => <Selectable {...args} />,
  decorators: [frame(340, 520)],
} satisfies Meta<typeof ConversationList>

export default meta
type Story = StoryObj<typeof meta>

const listbox = (el: HTMLElement) => within(el).getByRole('listbox', { name: 'Conversations' })
const active = (box: HTMLElement) =>
  document.getElementById(box.getAttribute('aria-activedescendant')!)

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const options = await within(canvasElement).findAllByRole('option')
    await expect(options[0]).toHaveAccessibleName(/Olivia Smith/)
  },
}

export const KeyboardNavigation: Story = {
  play: async ({ canvasElement, args }) => {
    const box = listbox(canvasElement)
    await within(canvasElement).findAllByRole('option')
    box.focus()
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}')
    await expect(active(box)).toHaveAttribute('data-active')
    await userEvent.keyboard('{Enter}')
    await expect(args.onSelect).toHaveBeenCalledWith('c1')
    await userEvent.keyboard('{End}')
    await waitFor(() =>
      expect(active(box)).toHaveTextContent(conversations[39]!.participants[1]!.name),
    )
    await userEvent.keyboard('{Home}')
    await waitFor(() => expect(active(box)).toHaveTextContent('Olivia Smith'))
  },
}
export const KeyboardNavigationStart = staticTwin(KeyboardNavigation)

export const Search: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(canvas.getByRole('searchbox', { name: 'Search conversations' }), 'team')
    const options = await canvas.findAllByRole('option')
    for (const o of options) await expect(o).toHaveTextContent(/Team/)
  },
}
export const SearchStart = staticTwin(Search)

export const NoMatches: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(canvas.getByRole('searchbox'), 'zebra')
    await expect(canvas.getByRole('status')).toHaveTextContent('No conversations match “zebra”.')
  },
}
export const NoMatchesStart = staticTwin(NoMatches)

export const DeepLinkedSelection: Story = {
  args: { conversations: makeConversations(5000), selectedId: 'c4321' },
  play: async ({ canvasElement }) => {
    const selected = await within(canvasElement).findByRole('option', { selected: true })
    await expect(active(listbox(canvasElement))).toBe(selected)
  },
}

export const FiveThousandConversations: Story = {
  args: { conversations: makeConversations(5000) },
  play: async ({ canvasElement }) => {
    const options = await within(canvasElement).findAllByRole('option')
    await expect(options.length).toBeLessThan(40)
  },
}

export const Loading: Story = {
  args: { isLoading: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent(
      'Loading conversations…',
    )
  },
}

export const Empty: Story = {
  args: { conversations: [] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent(
      'No conversations yet.',
    )
  },
}

export const LoadError: Story = {
  args: { error: 'Could not load conversations. The server did not answer.', onRetry: fn() },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('alert')).toHaveTextContent('The server did not answer.')
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }))
    await expect(args.onRetry).toHaveBeenCalledOnce()
  },
}

export const LoadErrorStart = staticTwin(LoadError)

export const Dark: Story = {
  globals: { parleyTheme: 'dark' },
  args: { selectedId: 'c1' },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('option', { selected: true })).toBeVisible()
  },
}

export const RightToLeft: Story = {
  decorators: [rtl],
  play: async ({ canvasElement }) => {
    const [first] = await within(canvasElement).findAllByRole('option')
    const avatar = first!.querySelector('.parley-avatar')!.getBoundingClientRect()
    await expect(avatar.left).toBeGreaterThan(first!.getBoundingClientRect().left + 200)
  },
}
