// import.meta.glob with ?raw: a Vite import.
/// <reference types="vite/client" />
/**
 * Every interaction story has a static twin right after it (`export const FooStart = staticTwin(Foo)`,
 * src/storybook/staticTwin.ts): a story added with a play that clicks, types or scrolls fails here
 * until it has one. Read from the story files' source, as a reviewer would.
 */
import { composeStories } from '@storybook/react-vite'
import { describe, expect, it } from 'vitest'
import * as bubbleStories from '../src/MessageBubble.stories'
import { STATIC_TWIN_TAG, staticTwin } from '../src/storybook/staticTwin'

const sources = import.meta.glob<string>('../src/**/*.stories.tsx', {
  query: '?raw',
  import: 'default',
  eager: true,
})

/** A play that acts on the page rather than only reading it. */
const ACTS =
  /userEvent\.|fireEvent|dispatchEvent|\.click\(|\.focus\(|scrollTo|scrollTop\s*[-+]?=|scrollUpBy/

/** Each `export const Name…` of a stories file with the source up to the next export. */
function storiesOf(source: string) {
  const parts = source.split(/^(?=export const )/m).slice(1)
  return parts.map((part) => ({ name: part.match(/^export const (\w+)/)![1]!, source: part }))
}

describe('static twins', () => {
  it('follow every interaction story', () => {
    const missing: string[] = []
    for (const [file, source] of Object.entries(sources)) {
      const stories = storiesOf(source)
      stories.forEach(({ name, source: story }, i) => {
        if (!/^\s+play:/m.test(story) || !ACTS.test(story)) return
        const next = stories[i + 1]
        if (next?.source.split('\n')[0] !== `export const ${name}Start = staticTwin(${name})`)
          missing.push(`${file}: ${name}`)
      })
    }
    expect(missing).toEqual([])
  })

  it('found interaction stories to check (the pattern still matches the files)', () => {
    const twins = Object.values(sources).flatMap((source) =>
      storiesOf(source).filter(({ source }) => /= staticTwin\(/.test(source)),
    )
    expect(twins.length).toBeGreaterThan(30)
  })

  it('keep the story but not its play, and carry the twin tag', () => {
    const { FailedSend, FailedSendStart } = composeStories(bubbleStories)
    expect(FailedSend.play).toBeTypeOf('function')
    expect(FailedSendStart.play).toBeUndefined()
    expect(FailedSendStart.args).toEqual(FailedSend.args)
    expect(FailedSendStart.tags).toContain(STATIC_TWIN_TAG)
    expect(staticTwin({ name: 'Error', play: () => {} })).toMatchObject({ name: 'Error (start)' })
  })
})
