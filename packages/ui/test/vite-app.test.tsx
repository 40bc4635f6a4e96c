// The example's entry reads import.meta.env, as Vite apps do.
/// <reference types="vite/client" />
/**
 * examples/vite-app's entry in development (Vitest's `import.meta.env.DEV` is true): it loads the
 * mock backend through its dynamic import and shows Maya's chat screen. Its production build is
 * checked by the example's own smoke test (`pnpm --filter @parley/example-vite-app test`).
 */
import { screen, waitFor, within } from '@testing-library/react'
import { expect, it } from 'vitest'
// In this order: the page first, then the app, which renders into it as it loads.
import { warn } from './quick-start-page'
import '../../../examples/vite-app/src/main'

it('in development the example app runs on the mock backend, with no [parley] warning', async () => {
  expect(import.meta.env.DEV).toBe(true)
  const list = await screen.findByRole('listbox', { name: 'Conversations' })
  await waitFor(() =>
    expect(within(list).getByRole('option', { name: /Sam Lee/ })).toBeInTheDocument(),
  )
  expect(warn.mock.calls.filter((args) => String(args[0]).startsWith('[parley]'))).toEqual([])
})
