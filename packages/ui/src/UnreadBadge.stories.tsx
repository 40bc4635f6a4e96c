import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import { UnreadBadge } from './UnreadBadge'

const meta = {
  title: 'Components/UnreadBadge',
  component: UnreadBadge,
  args: { count: 3 },
} satisfies Meta<typeof UnreadBadge>

export default meta
type Story = StoryObj<typeof meta>

export const Few: Story = {
  play: async ({ canvasElement }) => {
    await expect(canvasElement).toHaveTextContent('3')
    await expect(within(canvasElement).getByText('3 unread messages')).toBeInTheDocument()
  },
}

export const Many: Story = {
  args: { count: 1234 },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('99+')).toBeVisible()
    await expect(within(canvasElement).getByText('1234 unread messages')).toBeInTheDocument()
  },
}

export const None: Story = {
  args: { count: 0 },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.parley-unread-badge')).toBeNull()
  },
}

export const Dark: Story = {
  args: { count: 12 },
  globals: { parleyTheme: 'dark' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('12')).toBeVisible()
  },
}
