import type { Decorator, Preview } from '@storybook/react-vite'
import { configure } from 'storybook/test'
import { StringsProvider } from '../packages/ui/src/i18n'
// Relative, not '@parley/ui/styles.css': the repository root does not depend on the workspace packages.
import '../packages/ui/src/styles.css'

// findBy*/waitFor give up after 1 s by default. Stories run against real timers and real layout on
// shared 2-core machines, where a busy second is ordinary: waiting longer costs a passing story nothing.
configure({ asyncUtilTimeout: 5000 })

const themes = ['light', 'dark'] as const
const directions = [
  { value: 'ltr', title: 'Left to right' },
  { value: 'rtl', title: 'Right to left' },
]
/** Locales whose dates, times and sizes differ in ways a layout must survive: digits, order, length. */
const locales = [
  { value: 'en-US', title: 'English (US)' },
  { value: 'ar-EG', title: 'العربية (مصر)' },
  { value: 'de-DE', title: 'Deutsch' },
  { value: 'ja-JP', title: '日本語' },
]

/**
 * Wraps every story in a themed surface; the toolbar (or a story's `globals`) picks the theme, the
 * direction and the locale. The locale reaches the components through the same `StringsProvider`
 * an app uses, so only dates, times and sizes change: the words stay English, which is why the
 * wrapper gets no `lang` (a screen reader would read English words in an Arabic voice).
 */
const withParleyTheme: Decorator = (Story, context) => {
  const theme = context.globals['parleyTheme'] === 'dark' ? 'dark' : 'light'
  const dir = context.globals['parleyDirection'] === 'rtl' ? 'rtl' : 'ltr'
  const locale = String(context.globals['parleyLocale'] ?? 'en-US')
  return (
    <div
      data-parley-theme={theme}
      dir={dir}
      style={{ padding: '1rem', background: theme === 'dark' ? '#0d1117' : '#ffffff' }}
    >
      <StringsProvider locale={locale}>
        <Story />
      </StringsProvider>
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
    parleyDirection: {
      description: 'Writing direction (dir on the story’s wrapper)',
      toolbar: { title: 'Direction', icon: 'transfer', items: directions, dynamicTitle: true },
    },
    parleyLocale: {
      description: 'Locale for dates, times and sizes (StringsProvider’s locale)',
      toolbar: { title: 'Locale', icon: 'globe', items: locales, dynamicTitle: true },
    },
  },
  initialGlobals: { parleyTheme: 'light', parleyDirection: 'ltr', parleyLocale: 'en-US' },
  parameters: {
    // An accessibility violation fails the story's test instead of only showing in the panel.
    a11y: { test: 'error' },
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
  },
}

export default preview
