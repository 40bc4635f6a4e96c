import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

it("the README's headless example is the component the tests drive", () => {
  const example = read('./HeadlessChat.tsx')
  const component = example.slice(example.indexOf('export function HeadlessChat'))
  expect(component.length).toBeGreaterThan(500)
  expect(read('../README.md')).toContain(component)
})
