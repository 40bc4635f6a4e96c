/**
 * examples/ssr-app in Chromium: the markup its server renders (`render()` from entry-server) is
 * hydrated with the same tree without a mismatch, and then, in the browser only, the provider
 * connects and the list loads from the mock backend. Its server is smoke-tested by the example's
 * own `pnpm test`.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { expect, it, vi } from 'vitest'
import { App, url } from '../../../examples/ssr-app/src/App'
import { render } from '../../../examples/ssr-app/src/entry-server'
import { serveMockBackend } from '../src/backend'

it('hydrates the server-rendered screen without a mismatch, then connects and lists', async () => {
  const backend = await serveMockBackend({ url })
  const token = backend.model.issueToken('trainer-maya')
  const root = document.createElement('div')
  root.innerHTML = render()
  document.body.append(root)
  expect(root.querySelector('.parley-screen')).not.toBeNull()
  expect(root).toHaveTextContent('Loading conversations…')

  const recoverable = vi.fn()
  const error = vi.spyOn(console, 'error')
  const app = hydrateRoot(
    root,
    <StrictMode>
      <App getToken={() => token} />
    </StrictMode>,
    { onRecoverableError: recoverable },
  )
  try {
    const list = await screen.findByRole('listbox', { name: 'Conversations' })
    await waitFor(() =>
      expect(within(list).getByRole('option', { name: /Sam Lee/ })).toBeInTheDocument(),
    )
    expect(recoverable).not.toHaveBeenCalled()
    expect(error.mock.calls.filter((args) => /hydrat/i.test(String(args[0])))).toEqual([])
  } finally {
    app.unmount()
    root.remove()
    error.mockRestore()
  }
})
