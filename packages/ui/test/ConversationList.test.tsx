import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConversationListProps } from '../src'
import { ConversationList } from '../src'
import { makeConversations } from '../src/fixtures'
import '../src/styles.css'

afterEach(cleanup)

const conversations = makeConversations(5000)

function List(props: Partial<ConversationListProps>) {
  const [selected, setSelected] = useState(props.selectedId)
  return (
    <div style={{ width: 320, height: 480 }}>
      <ConversationList
        conversations={conversations}
        currentUserId="me"
        presence={{ u0: true, u2: false }}
        {...props}
        selectedId={selected}
        onSelect={(id) => {
          setSelected(id)
          props.onSelect?.(id)
        }}
      />
    </div>
  )
}

const active = (listbox: HTMLElement) =>
  document.getElementById(listbox.getAttribute('aria-activedescendant')!)

describe('ConversationList', () => {
  it('is a virtualised listbox of rows with avatar, presence, name, preview, time and unread count', async () => {
    render(<List />)
    const listbox = screen.getByRole('listbox', { name: 'Conversations' })
    const options = await screen.findAllByRole('option')
    expect(options.length).toBeGreaterThan(3)
    expect(options.length).toBeLessThan(60) // 5,000 conversations, a screenful of rows
    const first = options[0]!
    expect(first).toHaveAttribute('aria-selected', 'false')
    expect(first.textContent).toContain(conversations[0]!.participants[1]!.name)
    expect(first.querySelector('.parley-presence')).toHaveAccessibleName('Online')
    expect(first.querySelector('time')).toBeTruthy()
    const withUnread = options.find((o) => o.hasAttribute('data-unread'))!
    expect(withUnread).toHaveAccessibleName(/unread messages?$/)
    expect(listbox).toHaveAttribute('aria-activedescendant', first.id)
  })

  it('moves with ↑/↓, Home/End and Page keys, and selects with Enter', async () => {
    const onSelect = vi.fn()
    render(<List onSelect={onSelect} />)
    const listbox = screen.getByRole('listbox')
    await screen.findAllByRole('option')
    listbox.focus()
    await userEvent.keyboard('{ArrowDown}{ArrowDown}')
    expect(active(listbox)?.textContent).toContain(conversations[2]!.participants[1]!.name)
    await userEvent.keyboard('{ArrowUp}')
    expect(active(listbox)).toHaveAttribute('data-active')
    await userEvent.keyboard('{Enter}')
    expect(onSelect).toHaveBeenLastCalledWith('c1')
    expect(active(listbox)).toHaveAttribute('aria-selected', 'true')

    await userEvent.keyboard('{End}')
    await waitFor(() =>
      expect(active(listbox)?.textContent).toContain(conversations[4999]!.participants[1]!.name),
    )
    await userEvent.keyboard('{Home}{PageDown}')
    await waitFor(() => expect(active(listbox)?.id).toMatch(/-10$/))
    await userEvent.keyboard(' ')
    expect(onSelect).toHaveBeenLastCalledWith('c10')
  })

  it('selects on click', async () => {
    const onSelect = vi.fn()
    render(<List onSelect={onSelect} />)
    const options = await screen.findAllByRole('option')
    await userEvent.click(options[3]!)
    expect(onSelect).toHaveBeenCalledWith('c3')
    expect(options[3]).toHaveAttribute('aria-selected', 'true')
  })

  it('scrolls a deep-linked selection into view and makes it the active row', async () => {
    render(<List selectedId="c4200" />)
    const listbox = screen.getByRole('listbox')
    const selected = await screen.findByRole('option', { selected: true })
    expect(selected.textContent).toContain(conversations[4200]!.participants[1]!.name)
    expect(active(listbox)).toBe(selected)
    const box = listbox.getBoundingClientRect()
    const row = selected.getBoundingClientRect()
    expect(row.top).toBeGreaterThanOrEqual(box.top)
    expect(row.bottom).toBeLessThanOrEqual(box.bottom)
  })

  it('filters by name as the user types, and says when nothing matches', async () => {
    render(<List />)
    const search = screen.getByRole('searchbox', { name: 'Search conversations' })
    await userEvent.type(search, 'team')
    const options = await screen.findAllByRole('option')
    expect(options.every((o) => /Team/.test(o.textContent ?? ''))).toBe(true)
    await userEvent.keyboard('{ArrowDown}')
    expect(screen.getByRole('listbox')).toHaveFocus()
    await userEvent.clear(search)
    await userEvent.type(search, 'zzz')
    expect(screen.getByRole('status')).toHaveTextContent('No conversations match “zzz”.')
  })

  it('hands the query to the host when it searches itself', async () => {
    const onSearchChange = vi.fn()
    render(<List onSearchChange={onSearchChange} />)
    await userEvent.type(screen.getByRole('searchbox'), 'ab')
    expect(onSearchChange).toHaveBeenLastCalledWith('ab')
    expect((await screen.findAllByRole('option'))[0]).toHaveTextContent(
      conversations[0]!.participants[1]!.name,
    ) // not filtered here
  })

  it('shows loading skeletons, an empty state and an error with Retry', async () => {
    const onRetry = vi.fn()
    const { rerender } = render(<List isLoading />)
    expect(screen.getByRole('status')).toHaveTextContent('Loading conversations…')
    expect(document.querySelectorAll('.parley-skeleton').length).toBeGreaterThan(0)
    rerender(<List conversations={[]} />)
    expect(screen.getByRole('status')).toHaveTextContent('No conversations yet.')
    rerender(<List error="The server did not answer." onRetry={onRetry} />)
    expect(screen.getByRole('alert')).toHaveTextContent('The server did not answer.')
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(onRetry).toHaveBeenCalledOnce()
  })

  it('has no axe violations, light and dark, in every state', async () => {
    for (const theme of ['light', 'dark']) {
      for (const props of [{ selectedId: 'c1' }, { isLoading: true }, { error: 'Failed' }]) {
        const { container } = render(
          <div data-parley-theme={theme}>
            <List {...props} />
          </div>,
        )
        if (!('isLoading' in props || 'error' in props)) await screen.findAllByRole('option')
        const { violations } = await axe.run(container)
        expect(violations.map((v) => `${theme} ${v.id}: ${v.nodes[0]?.html}`)).toEqual([])
        cleanup()
      }
    }
  })
})
