/**
 * Every code block of the README is a file that is compiled (this package's typecheck includes
 * test/) and, where Node can, run here: the Node server below, against the real chat client.
 */
import { createChatClient } from '@parley/core'
import { createNativeProtocol } from '@parley/core/native'
import { readFileSync } from 'node:fs'
import { afterEach, expect, it } from 'vitest'
import { waitFor } from './helpers'
import { startMockServer } from './readme-node'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')
const readme = read('../README.md')

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

it('shows its examples exactly as the files that are compiled and run', () => {
  for (const file of [
    './readme-node.ts',
    './readme-shared-tabs.ts',
    '../../../examples/vite-app/src/mock.ts',
  ]) {
    expect(readme, file).toContain('```ts\n' + read(file) + '```')
  }
})

it('the Node example serves a real client: it connects as Sam and sends', async () => {
  const { backend, token, stop } = startMockServer()
  cleanups.push(stop)
  const client = createChatClient({
    url: 'wss://parley.test/native',
    getToken: () => token,
    protocol: createNativeProtocol({ apiUrl: 'https://parley.test/api' }),
    environment: null,
  })
  cleanups.unshift(() => client.close())
  client.watch('dm-maya-sam')
  client.connect()
  client.send('dm-maya-sam', 'From the README')
  await waitFor(
    () => client.getSnapshot().timelines['dm-maya-sam']?.at(-1)?.status === 'sent',
    'the ack',
  )
  const stored = backend.model.history('client-sam', 'dm-maya-sam', { limit: 1 })
  expect(JSON.stringify(stored)).toContain('From the README')
})
