/*
 * Static twins: every interaction story (one whose play clicks, types or scrolls) is followed by
 * `export const FooStart = staticTwin(Foo)`, the same story without its play. Designers see the screen
 * as it is before the first interaction, and axe checks that state too. Storybook only.
 */

/** The tag on every twin: the sidebar's tag filter hides or shows them all at once. */
export const STATIC_TWIN_TAG = 'static-twin'

interface StoryLike {
  play?: unknown
  name?: string | undefined
  tags?: string[] | undefined
  parameters?: { docs?: object | undefined; [key: string]: unknown } | undefined
}

/** `story` with the same args, render, decorators, loaders and globals, and no play. */
export function staticTwin<S extends StoryLike>(story: S): Omit<S, 'play'> {
  const { play: _play, ...rest } = story
  return {
    ...rest,
    ...(story.name && { name: `${story.name} (start)` }),
    tags: [...(story.tags ?? []), STATIC_TWIN_TAG],
    parameters: {
      ...story.parameters,
      docs: {
        ...story.parameters?.docs,
        description: { story: 'The story above before its interactions: the starting state.' },
      },
    },
  }
}
