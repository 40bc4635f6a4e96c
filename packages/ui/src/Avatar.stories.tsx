import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, waitFor, within } from 'storybook/test'
import { Avatar } from './Avatar'
import { picture } from './fixtures'

const meta = {
  title: 'Components/Avatar',
  component: Avatar,
  args: { name: 'Ada Lovelace' },
} satisfies Meta<typeof Avatar>

export default meta
type Story = StoryObj<typeof meta>

export const Initials: Story = {
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.parley-avatar')).toHaveTextContent('AL')
  },
}

export const Picture: Story = {
  args: { src: picture(96, 96, 280) },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('img')).toHaveAttribute('alt', '')
  },
}

export const BrokenPicture: Story = {
  args: { src: 'https://127.0.0.1:9/missing.png' },
  play: async ({ canvasElement }) => {
    // The picture fails to load: the initials take its place.
    await waitFor(() => expect(canvasElement.querySelector('img')).toBeNull())
    await expect(canvasElement).toHaveTextContent('AL')
  },
}

export const HostileUrl: Story = {
  args: { name: '<img src=x onerror=alert(1)>', src: 'javascript:alert(1)' },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('img')).toBeNull()
    await expect(canvasElement.querySelector('.parley-avatar')).toHaveTextContent('<')
  },
}

export const Sizes: Story = {
  render: (args) => (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
      <Avatar {...args} size="sm" />
      <Avatar {...args} />
      <Avatar {...args} size="lg" />
      <Avatar name="Chen Wei" size="lg" />
      <Avatar name="محمد علي" size="lg" />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const [sm, , lg] = canvasElement.querySelectorAll('.parley-avatar')
    await expect(sm!.getBoundingClientRect().width).toBeLessThan(lg!.getBoundingClientRect().width)
    await expect(within(canvasElement).getByText('مع')).toBeVisible()
  },
}
