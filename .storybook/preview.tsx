import type { Decorator, Preview } from '@storybook/react-vite'
import { configure } from 'storybook/test'
// Relative, not '@parley/ui/styles.css': the repository root does not depend on the workspace packages.
import '../packages/ui/src/styles.css'

// findBy*/waitFor give up after 1 s by default. Stories run against real timers and real layout on
// shared 2-core machines, where a busy second is ordinary: waiting longer costs a passing story nothing.
configure({ asyncUtilTimeout: 5000 })

const themes = ['light', 'dark'] as const
type Theme = (typeof themes)[number]

/** Wraps every story in a themed surface; the toolbar (or a story's `globals`) picks the theme. */
const withParleyTheme: Decorator = (Story, context) => {
  const theme: Theme = context.globals['parleyTheme'] === 'dark' ? 'dark' : 'light'
  return (
    <div
      data-parley-theme={theme}
      style={{ padding: '1rem', background: theme === 'dark' ? '#0d1117' : '#ffffff' }}
    >
      <Story />
    </div>
  )
}

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withParleyTheme],
  globalTypes: {
    parleyTheme: {
      description: 'Parley theme',
      toolbar: { title: 'Theme', icon: 'mirror', items: [...themes], dynamicTitle: true },
    },
  },
  initialGlobals: { parleyTheme: 'light' },
  parameters: {
    // An accessibility violation fails the story's test instead of only showing in the panel.
    a11y: { test: 'error' },
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
  },
}

export default preview
