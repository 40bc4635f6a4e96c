/// <reference types="vite/client" />
/*
 * The `--parley-*` tokens, read from styles.css itself (Vite's `?raw`) when Storybook builds, so the
 * token editor and the theming page never list a token the stylesheet dropped or miss one it added.
 * Storybook only: not part of the published API.
 */
import stylesheet from '../styles.css?raw'

export type TokenGroup = 'colour' | 'type' | 'spacing' | 'shape' | 'media' | 'other' | 'component'

/** Each group's heading, in the order the theming page and the token editor show them. */
export const GROUP_NAMES: Record<TokenGroup, string> = {
  colour: 'Colours',
  type: 'Type',
  spacing: 'Spacing',
  shape: 'Shape',
  media: 'Media',
  other: 'Other',
  component: 'Per component',
}

export interface Token {
  name: string
  group: TokenGroup
  /** The light theme's value; for a token that is not a colour, every theme's. */
  light: string
  /** The dark theme's value, where the dark palette sets its own. */
  dark?: string
  /** The value under `data-parley-density="compact"`, where it sets one. */
  compact?: string
  /** For a token set on a component rather than a theme: the selector that sets (or reads) it. */
  scope?: string
  /** Never declared, only read with a fallback: `light` is the fallback, `scope` the reader. */
  undeclared?: boolean
  /** The component blocks (`parley-message`, `parley-composer`…) whose rules read it. */
  usedBy: string[]
}

const LIGHT = [':root', "[data-parley-theme='light']"]
const DARK = "[data-parley-theme='dark']"
/** The media-query copy of the dark palette: the same values as DARK. */
const AUTO = "[data-parley-theme='auto']"
const COMPACT = "[data-parley-density='compact']"

const groupOf = (name: string, scoped: boolean): TokenGroup =>
  scoped
    ? 'component'
    : name.startsWith('--parley-color-')
      ? 'colour'
      : /^--parley-(font|line-height)/.test(name)
        ? 'type'
        : name.startsWith('--parley-space-')
          ? 'spacing'
          : name.startsWith('--parley-radius')
            ? 'shape'
            : name.startsWith('--parley-media-')
              ? 'media'
              : 'other'

/** `.parley-message__bubble[data-own]` → `parley-message`: the component a rule belongs to. */
const blocksOf = (selector: string) =>
  [...selector.matchAll(/\.(parley-[a-z0-9-]+)/g)].map((m) => m[1]!.split(/__|--/)[0]!)

/** Every `--parley-*` token the stylesheet declares or reads, in the order it first appears. */
export function parseTokens(css: string): Token[] {
  const tokens = new Map<string, Token>()
  const token = (name: string) => {
    let found = tokens.get(name)
    if (!found) tokens.set(name, (found = { name, group: 'other', light: '', usedBy: [] }))
    return found
  }
  const source = css.replace(/\/\*[\s\S]*?\*\//g, '')
  // Innermost rules only: an @media block's own braces never match, the rules inside it do.
  for (const [, selectorText, body] of source.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selectors = selectorText!.split(',').map((s) => s.trim().replace(/"/g, "'"))
    const selector = selectors.join(', ')
    for (const declaration of body!.split(';')) {
      const [, name, value] =
        declaration.match(/^\s*(--parley-[a-z0-9-]+)\s*:\s*([\s\S]+?)\s*$/) ?? []
      if (name && value) {
        const t = token(name)
        if (selectors.some((s) => LIGHT.includes(s))) t.light = value
        else if (selectors.includes(DARK)) t.dark = value
        else if (selectors.includes(COMPACT)) t.compact = value
        else if (!selectors.includes(AUTO) && !t.light) {
          t.light = value
          t.scope = selector
        }
      }
      for (const [, used] of declaration.matchAll(/var\((--parley-[a-z0-9-]+)/g)) {
        const t = token(used!)
        for (const block of blocksOf(selector)) if (!t.usedBy.includes(block)) t.usedBy.push(block)
      }
      // Read but never declared (`var(--parley-avatar-hue, 210)`, `var(--parley-x, rgb(0 0 0))`):
      // the fallback is its value, the reading rule its scope.
      for (const [, used, fallback] of declaration.matchAll(
        /var\((--parley-[a-z0-9-]+)\s*,\s*((?:[^()]|\([^()]*\))+)\)/g,
      )) {
        const t = token(used!)
        if (!t.light) {
          t.light = fallback!.trim()
          t.scope = selector
          t.undeclared = true
        }
      }
    }
  }
  for (const t of tokens.values()) t.group = groupOf(t.name, t.scope !== undefined)
  return [...tokens.values()]
}

export const tokens: readonly Token[] = parseTokens(stylesheet)

/** The tokens a theme sets (on `:root` or a theme attribute): what an override on a wrapper reaches. */
export const themeTokens = tokens.filter((t) => t.group !== 'component')

export const isColour = (value: string) => /^(#|rgb|hsl|oklch|color\()/i.test(value)
