import { readFileSync } from 'node:fs'
import { nativeProtocol } from '@parley/core/native'
import { ChatProvider } from '@parley/react'
import { act, render, screen } from '@testing-library/react'
import { afterEach, expect, it, vi } from 'vitest'
import { createAppClient, useUnreadCounts } from './store-recipe'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

afterEach(() => vi.unstubAllGlobals())

it("the README's store recipe is this file", () => {
  const recipe = read('./store-recipe.tsx')
  expect(read('../README.md')).toContain(recipe.trim())
})

it('names each change in DevTools and renders a useShallow slice only when it changes', async () => {
  const names: string[] = []
  const connection = {
    init: () => {},
    send: (action: { type: string }) => names.push(action.type),
    subscribe: () => () => {},
  }
  vi.stubGlobal('__REDUX_DEVTOOLS_EXTENSION__', { connect: () => connection })
  const client = createAppClient(
    { url: 'ws://127.0.0.1:9/', protocol: nativeProtocol, environment: null, batchMs: 0 },
    'me',
  )
  let renders = 0
  function Counts() {
    renders++
    return <output>{useUnreadCounts(['a', 'b']).join(',')}</output>
  }
  render(
    <ChatProvider client={client} protocol={nativeProtocol}>
      <Counts />
    </ChatProvider>,
  )
  expect(screen.getByRole('status').textContent).toBe('0,0')
  const before = renders
  // A change elsewhere in the store (typing, history) builds a new array: useShallow keeps the old.
  await act(async () => {
    client.merge([
      {
        id: 'x1',
        conversationId: 'c',
        senderId: 'them',
        kind: 'text',
        body: 'hi',
        attachments: [],
        createdAt: 1,
        status: 'sent',
      },
    ])
    await new Promise((resolve) => setTimeout(resolve, 20))
  })
  expect(renders).toBe(before)
  await act(async () => client.markRead('c', 'x1'))
  expect(names.length).toBeGreaterThan(0)
  expect(names).toContain('events: history')
  expect(names).toContain('markRead')
  client.close()
})
