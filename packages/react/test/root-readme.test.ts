/**
 * The root README's quick start is examples/vite-app, word for word: each code block there is one
 * of the example's files (which its build type-checks against the published entry points, and
 * packages/ui/test/quick-start.test.tsx and vite-app.test.tsx run in Chromium).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { protocolFor } from '../../../examples/vite-app/src/dialects'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')
const readme = read('../../../README.md')
const example = (path: string) => read(`../../../examples/vite-app/${path}`)
const examplePackage = JSON.parse(example('package.json')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  msw: { workerDirectory: string[] }
}

/** The README's fenced code blocks of a language, as written. */
const blocks = (language: string) =>
  [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!)

describe('the root README', () => {
  it('still opens with the two commands that run the demo and every test', () => {
    expect(readme).toMatch(/^# Parley\n\n```sh\nnpm run demo {3}# .+\nnpm test {7}# .+\n```\n/)
  })

  it('shows the quick start, the production main.tsx and its mock.ts exactly as the example has them', () => {
    for (const [language, file] of [
      ['tsx', 'src/quick-start.tsx'],
      ['tsx', 'src/main.tsx'],
      ['ts', 'src/mock.ts'],
      ['tsx', 'src/salon.tsx'],
    ] as const) {
      expect(blocks(language), file).toContain(example(file))
    }
  })

  it('keeps the quick start within 15 lines of app code beside its imports', () => {
    const code = example('src/quick-start.tsx')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('import '))
    expect(code.length).toBeLessThanOrEqual(15)
  })

  it('keeps the Salon chat screen within 15 lines of app code beside its imports', () => {
    const code = example('src/salon.tsx')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('import ') && !line.startsWith('//'))
    expect(code.length).toBeLessThanOrEqual(15)
  })

  it("each dialect's protocol line is one the example type-checks, and builds an adapter", () => {
    const dialects = example('src/dialects.ts')
    const lines = blocks('ts')
      .flatMap((block) => block.split('\n'))
      .filter((line) => line.startsWith('protocol: '))
    expect(lines).toHaveLength(Object.keys(protocolFor).length)
    for (const line of lines) expect(dialects).toContain(`    ${line}\n`)
    for (const { protocol } of Object.values(protocolFor)) {
      expect(typeof protocol.encode).toBe('function')
      expect(typeof protocol.decode).toBe('function')
    }
  })

  it('installs what the example depends on, and puts MSW’s worker where the example has it', () => {
    const [install, installDev, mswInit] = blocks('sh')[1]!.trim().split('\n')
    const { dependencies, devDependencies, msw } = examplePackage
    // react and react-dom: already in any React app.
    const kit = Object.keys(dependencies).filter((name) => !['react', 'react-dom'].includes(name))
    expect(install!.split(' ').slice(2).sort()).toEqual(kit.sort())
    expect(installDev!.split(' ').slice(3).sort()).toEqual(Object.keys(devDependencies).sort())
    expect(mswInit).toBe(`npx msw init ${msw.workerDirectory[0]} --save`)
  })
})
