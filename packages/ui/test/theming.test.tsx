// README.md?raw: a Vite import.
/// <reference types="vite/client" />
/**
 * Where a theme override must go, as packages/ui/README.md says, checked against the real stylesheet
 * in Chromium: the dark palette is set on the element that carries data-parley-theme, so an
 * override on :root does not reach inside it, and one on that element or inside it does.
 */
import { cleanup, render, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { UnreadBadge } from '../src'
import readme from '../README.md?raw'
import '../src/styles.css'

const PINK = 'rgb(214, 51, 132)'
const DARK_ACCENT = 'rgb(68, 147, 248)' // #4493f8, styles.css's dark accent
const LIGHT_ACCENT = 'rgb(8, 96, 202)' // #0860ca, its light accent

/** App CSS, loaded after styles.css as an app's own stylesheet usually is. */
function appStyles(css: string) {
  const style = document.createElement('style')
  style.textContent = css
  document.head.append(style)
  return () => style.remove()
}

let removeStyles = () => {}
afterEach(() => {
  cleanup()
  removeStyles()
})

/** The accent an UnreadBadge is painted with inside `wrap`. */
function badgeAccent(wrap: (badge: ReactNode) => ReactNode) {
  render(wrap(<UnreadBadge count={3} />))
  const badge = screen.getByText('3').closest('.parley-unread-badge')!
  return getComputedStyle(badge).backgroundColor
}

describe('theme overrides', () => {
  it('an accent on :root works in the light theme and is lost under a dark wrapper', () => {
    removeStyles = appStyles(`:root { --parley-color-accent: ${PINK}; }`)
    expect(badgeAccent((badge) => <div>{badge}</div>)).toBe(PINK)
    cleanup()
    expect(badgeAccent((badge) => <div data-parley-theme="dark">{badge}</div>)).toBe(DARK_ACCENT)
  })

  it('an accent on the themed element itself wins (same specificity, later in the cascade)', () => {
    removeStyles = appStyles(`.chat { --parley-color-accent: ${PINK}; }`)
    expect(
      badgeAccent((badge) => (
        <div className="chat" data-parley-theme="dark">
          {badge}
        </div>
      )),
    ).toBe(PINK)
  })

  it('an accent on an element inside the themed one wins whatever the order of the stylesheets', () => {
    const style = document.createElement('style')
    style.textContent = `.chat { --parley-color-accent: ${PINK}; }`
    document.head.prepend(style) // before styles.css
    removeStyles = () => style.remove()
    expect(
      badgeAccent((badge) => (
        <div data-parley-theme="dark">
          <div className="chat">{badge}</div>
        </div>
      )),
    ).toBe(PINK)
  })

  it('one accent per theme: scope the override by the theme attribute', () => {
    removeStyles = appStyles(
      `.chat { --parley-color-accent: ${PINK}; }
       [data-parley-theme='light'] .chat { --parley-color-accent: rgb(1, 2, 3); }`,
    )
    const inTheme = (theme: string) =>
      badgeAccent((badge) => (
        <div data-parley-theme={theme}>
          <div className="chat">{badge}</div>
        </div>
      ))
    expect(inTheme('light')).toBe('rgb(1, 2, 3)')
    cleanup()
    expect(inTheme('dark')).toBe(PINK)
    cleanup()
    removeStyles()
    expect(inTheme('light')).toBe(LIGHT_ACCENT)
  })

  it("the README's theming CSS does what it says, in light and dark", () => {
    const css = readme.match(/```css\n([\s\S]*?)```/)![1]!
    removeStyles = appStyles(css)
    const inTheme = (theme: string) =>
      badgeAccent((badge) => (
        <div data-parley-theme={theme}>
          <div className="support-chat">{badge}</div>
        </div>
      ))
    expect(inTheme('light')).toBe('rgb(124, 58, 237)') // #7c3aed
    cleanup()
    expect(inTheme('dark')).toBe('rgb(167, 139, 250)') // #a78bfa
  })
})
