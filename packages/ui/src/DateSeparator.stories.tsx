import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import { DateSeparator, UnreadDivider } from './DateSeparator'

const DAY = 86_400_000

const meta = {
  title: 'Components/DateSeparator',
  component: DateSeparator,
  args: { date: Date.now() },
  decorators: [
    (Story) => (
      <div style={{ width: 360 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof DateSeparator>

export default meta
type Story = StoryObj<typeof meta>

export const Today: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Today')).toBeVisible()
  },
}

export const Yesterday: Story = {
  args: { date: Date.now() - DAY },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Yesterday')).toBeVisible()
  },
}

export const LongAgo: Story = {
  args: { date: Date.UTC(2024, 2, 4, 12) },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Monday, March 4, 2024')).toBeVisible()
  },
}

export const German: Story = {
  args: { date: Date.UTC(2024, 2, 4, 12), locale: 'de-DE' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Montag, 4. März 2024')).toBeVisible()
  },
}

export const Unread: Story = {
  render: () => <UnreadDivider />,
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Unread messages')).toBeVisible()
  },
}

export const Dark: Story = {
  globals: { parleyTheme: 'dark' },
  render: (args) => (
    <>
      <DateSeparator {...args} />
      <UnreadDivider />
    </>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Today')).toBeVisible()
  },
}
