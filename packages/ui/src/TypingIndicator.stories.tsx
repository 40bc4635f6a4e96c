import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { expect, within } from 'storybook/test'
import { TypingIndicator } from './TypingIndicator'

const meta = {
  title: 'Components/TypingIndicator',
  component: TypingIndicator,
  args: { names: ['Ada'] },
} satisfies Meta<typeof TypingIndicator>

export default meta
type Story = StoryObj<typeof meta>

export const Nobody: Story = {
  args: { names: [] },
  play: async ({ canvasElement }) => {
    const region = canvasElement.querySelector('[aria-live="polite"]')
    await expect(region).toBeInTheDocument()
    await expect(region).toHaveTextContent('')
  },
}

export const One: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Ada is typing…')).toBeVisible()
  },
}

export const Two: Story = {
  args: { names: ['Ada', 'Ben'] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Ada and Ben are typing…')).toBeVisible()
  },
}

export const Many: Story = {
  args: { names: ['Ada', 'Ben', 'Chen', 'Dana'] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('4 people are typing…')).toBeVisible()
  },
}

/** Someone starts and stops typing: the live region stays and its text changes. */
export const StartsAndStops: Story = {
  render: function Toggling() {
    const [names, setNames] = useState<string[]>([])
    useEffect(() => {
      const timer = setTimeout(() => setNames(['Ada']), 300)
      return () => clearTimeout(timer)
    }, [])
    return <TypingIndicator names={names} />
  },
  play: async ({ canvasElement }) => {
    const region = canvasElement.querySelector('[aria-live="polite"]')!
    await expect(await within(canvasElement).findByText('Ada is typing…')).toBeVisible()
    await expect(canvasElement.querySelector('[aria-live="polite"]')).toBe(region)
  },
}

export const Translated: Story = {
  args: { names: ['Ada'], strings: { typing: (n) => `${n.join(' und ')} schreibt…` } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Ada schreibt…')).toBeVisible()
  },
}

export const Dark: Story = {
  globals: { parleyTheme: 'dark' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Ada is typing…')).toBeVisible()
  },
}
