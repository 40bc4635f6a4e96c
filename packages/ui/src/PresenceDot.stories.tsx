import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import { PresenceDot } from './PresenceDot'

const meta = {
  title: 'Components/PresenceDot',
  component: PresenceDot,
  args: { online: true },
} satisfies Meta<typeof PresenceDot>

export default meta
type Story = StoryObj<typeof meta>

export const Online: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('img', { name: 'Online' })).toBeVisible()
  },
}

export const Offline: Story = {
  args: { online: false },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('img', { name: 'Offline' })).toBeVisible()
  },
}

export const Translated: Story = {
  args: { strings: { online: 'En ligne', offline: 'Hors ligne' } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('img', { name: 'En ligne' })).toBeVisible()
  },
}
