// Smoke test of the production build (`pnpm build` first), served by server.mjs on 127.0.0.1: the
// page arrives rendered, its assets are served, nothing outside dist/client is, and the client
// bundle carries neither the mock backend nor dev warnings.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createAppServer } from '../server.mjs'

let server
let base
before(async () => {
  server = await createAppServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`
})
after(() => new Promise((resolve) => server.close(resolve)))

const get = (path) => fetch(base + path)

test('the page arrives with the chat screen rendered on the server', async () => {
  const response = await get('/')
  assert.equal(response.status, 200)
  const html = await response.text()
  assert.match(html, /<div id="root"><div style="height:100dvh"><div class="parley-screen">/)
  assert.match(html, /Loading conversations…/)
  assert.match(html, /Choose a conversation/)
})

test('its script and stylesheet are served; the client bundle has no mock and no dev warnings', async () => {
  const html = await (await get('/')).text()
  const script = html.match(/<script type="module" crossorigin src="([^"]+)"/)?.[1]
  const style = html.match(/<link rel="stylesheet" crossorigin href="([^"]+)"/)?.[1]
  assert.ok(script && style, 'the built page links its assets')
  const js = await get(script)
  assert.equal(js.headers.get('content-type'), 'text/javascript')
  const code = await js.text()
  for (const devOnly of ['createMockBackend', 'trainer-maya', 'is unstyled', 'has no `protocol`']) {
    assert.ok(!code.includes(devOnly), `the client bundle contains ${devOnly}`)
  }
  assert.match(await (await get(style)).text(), /--parley-color-surface/)
})

test('nothing outside the built client is served', async () => {
  for (const path of [
    '/../package.json',
    '/%2e%2e/server.mjs',
    '/missing.js',
    '/dist/server/entry-server.js',
  ]) {
    assert.equal((await get(path)).status, 404, path)
  }
})
