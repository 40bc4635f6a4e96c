import type { ChatClientOptions } from '@parley/core'
import { render, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { StrictMode } from 'react'
import { ChatProvider } from '../src'
import { HeadlessChat } from './HeadlessChat'

/**
 * The headless chat screen for one user, in StrictMode, with queries scoped to it and the
 * reads the tests make of it (message texts and statuses, sending through the composer).
 */
export function renderChatScreen(options: ChatClientOptions, conversationId: string) {
  const view = render(
    <StrictMode>
      <ChatProvider options={options}>
        <HeadlessChat conversationId={conversationId} />
      </ChatProvider>
    </StrictMode>,
  )
  const scope = within(view.container)
  const items = () =>
    within(scope.getByRole('log', { name: 'Messages' })).queryAllByRole('listitem')
  return {
    ...scope,
    items,
    texts: () => items().map((li) => li.firstChild?.textContent),
    statuses: () => items().map((li) => li.dataset.status),
    async send(text: string) {
      const user = userEvent.setup()
      await user.type(scope.getByRole('textbox', { name: 'Message' }), text)
      await user.click(scope.getByRole('button', { name: 'Send' }))
    },
  }
}
