// ?raw: Vite imports.
/// <reference types="vite/client" />
/**
 * Storybook's theming page and token editor read the tokens from styles.css (src/storybook/tokens.ts).
 * These tests hold that reading to the stylesheet itself: the parser finds every `--parley-*` name
 * in it with the values Chromium computes, the page lists each one, and the editor's controls paint.
 */
import { composeStories } from '@storybook/react-vite'
import axe from 'axe-core'
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import stylesheet from '../src/styles.css?raw'
import theming from '../src/storybook/Theming.mdx?raw'
import * as editorStories from '../src/storybook/TokenEditor.stories'
import { TokenTables } from '../src/storybook/TokenTable'
import { tokenNotes } from '../src/storybook/tokenNotes'
import { themeTokens, tokens } from '../src/storybook/tokens'
import '../src/styles.css'

afterEach(cleanup)

/** Every custom property name the stylesheet mentions, comments aside, found without the parser. */
const namesInStylesheet = () => [
  ...new Set(
    stylesheet.replace(/\/\*[\s\S]*?\*\//g, '').match(/--parley-[a-z0-9]+(?:-[a-z0-9]+)*/g),
  ),
]

/** What Chromium computes for a token inside an element with the given theme. */
function computed(name: string, theme: 'light' | 'dark') {
  const el = document.createElement('div')
  el.dataset['parleyTheme'] = theme
  document.body.append(el)
  const value = getComputedStyle(el).getPropertyValue(name).trim()
  el.remove()
  return value
}

describe('the token list read from styles.css', () => {
  it('has every --parley-* property the stylesheet declares or reads, each with a value', () => {
    expect(tokens.map((t) => t.name).sort()).toEqual(namesInStylesheet().sort())
    for (const t of tokens) expect(t.light, t.name).not.toBe('')
    expect(themeTokens.length).toBeGreaterThan(20)
  })

  it('has the values Chromium computes for each theme', () => {
    for (const t of themeTokens) {
      expect(computed(t.name, 'light'), t.name).toBe(t.light)
      expect(computed(t.name, 'dark'), t.name).toBe(t.dark ?? t.light)
    }
    // Every colour has a dark value of its own; sizes are the same in both themes.
    for (const t of themeTokens.filter((t) => t.group === 'colour')) expect(t.dark).toBeTruthy()
  })

  it('has a note saying what each theme token paints', () => {
    for (const t of themeTokens) expect(tokenNotes[t.name], t.name).toBeTruthy()
  })
})

describe('the theming page', () => {
  it('renders the token tables and shows where overrides go', () => {
    expect(theming).toContain('<TokenTables />')
    for (const place of [':root', "[data-parley-theme='dark']", 'ComponentsProvider', 'components'])
      expect(theming).toContain(place)
  })

  it('lists every token in styles.css with its light and dark value, in tables axe accepts', async () => {
    const { container } = render(<TokenTables />)
    expect((await axe.run(container)).violations).toEqual([])
    for (const name of namesInStylesheet()) {
      const row = screen.getByRole('rowheader', { name }).closest('tr')!
      const [light, dark] = within(row).getAllByRole('cell')
      const token = tokens.find((t) => t.name === name)!
      expect(light, name).toHaveTextContent(token.light)
      expect(dark, name).toHaveTextContent(token.dark ?? 'same as light')
    }
    expect(
      screen.getAllByRole('table').map((t) => t.querySelector('caption')?.textContent),
    ).toEqual(expect.arrayContaining(['Colours', 'Type', 'Spacing', 'Shape', 'Per component']))
  })
})

describe('the token editor', () => {
  const { Light, Dark } = composeStories(editorStories)

  it('has a control for every theme token, starting at its value in each theme', () => {
    for (const t of themeTokens) {
      expect(Light.args[t.name], t.name).toBe(t.light)
      expect(Dark.args[t.name], t.name).toBe(t.dark ?? t.light)
      expect(Light.argTypes[t.name]?.control, t.name).toMatchObject({
        type: t.group === 'colour' ? 'color' : 'text',
      })
    }
  })

  it('paints the chat with a changed control', async () => {
    render(<Light {...{ '--parley-color-accent': '#d63384', '--parley-radius-bubble': '3px' }} />)
    const own = (await screen.findAllByText('Read, with the accent pill'))[0]!.closest(
      '.parley-message',
    )!
    const bubble = own.querySelector('.parley-message__bubble')!
    expect(getComputedStyle(bubble).backgroundColor).toBe('rgb(214, 51, 132)')
    expect(getComputedStyle(bubble).borderBottomLeftRadius).toBe('3px')
  })
})
