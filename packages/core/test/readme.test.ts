import { readFileSync } from 'node:fs'
import { afterEach, expect, it } from 'vitest'
import { followRoom } from './readme-example'
import { startNativeServer, waitFor, type NativeServer } from './native-server'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

let server: NativeServer | undefined
afterEach(() => server?.kill())

it("the README's quick use is the example this file runs", () => {
  const example = read('./readme-example.ts')
  expect(example.length).toBeGreaterThan(500)
  expect(read('../README.md')).toContain('```ts\n' + example + '```')
})

it('the quick use connects, shows the send at once and then as sent, and stops cleanly', async () => {
  server = await startNativeServer({ validTokens: new Set(['maya']) })
  const lines: string[] = []
  const stop = followRoom(server.url, `http://127.0.0.1:${server.port}/api`, 'maya', (line) =>
    lines.push(line),
  )
  await waitFor(() => lines.includes('open: Hello! (sent)'), 5_000, 'the ack')
  expect(lines.some((line) => line.endsWith('Hello! (sending)'))).toBe(true)
  expect(server.conversations.get('room')?.map((m) => m.body)).toEqual(['Hello!'])

  stop()
  await waitFor(() => server!.sockets.size === 0, 5_000, 'the socket to close')
})
