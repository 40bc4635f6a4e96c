// Smoke test of the production build (`pnpm build` first): the app ships the chat screen and its
// styles, and none of what is for development only — the mock backend, MSW, Parley's dev warnings.
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { test } from 'node:test'

const dist = new URL('../dist/', import.meta.url)
const read = (path) => readFileSync(new URL(path, dist), 'utf8')
const assets = readdirSync(new URL('assets/', dist))
const js = assets.filter((name) => name.endsWith('.js')).map((name) => read(`assets/${name}`))
const css = assets.filter((name) => name.endsWith('.css')).map((name) => read(`assets/${name}`))

test('index.html loads the built script and stylesheet', () => {
  const html = read('index.html')
  assert.match(html, /<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/)
  assert.match(html, /<link rel="stylesheet" crossorigin href="\/assets\/index-[\w-]+\.css">/)
})

test('the chat screen and its theme are in the build', () => {
  assert.ok(js.some((code) => code.includes('parley-screen')))
  assert.ok(css.some((code) => code.includes('--parley-color-surface')))
})

test('no mock backend, no MSW and no dev warnings in the production build', () => {
  const devOnly = ['createMockBackend', 'trainer-maya', '[MSW]', 'is unstyled', 'has no `protocol`']
  for (const text of devOnly) {
    assert.ok(!js.some((code) => code.includes(text)), `the build contains ${JSON.stringify(text)}`)
  }
  assert.equal(js.length, 1, 'one chunk: the dynamic import of the mock was dropped, not split')
})
