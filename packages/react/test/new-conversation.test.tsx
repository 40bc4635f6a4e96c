/**
 * useCreateConversation and usePeople against @parley/mock-backend (its model behind MSW): the
 * directory is searched, a conversation made shows in the list at once, a refusal is the error.
 */
import type { ChatClientOptions, ParleyError } from '@parley/core'
import { createNativeProtocol } from '@parley/core/native'
import { act, renderHook } from '@testing-library/react'
import { useState, type ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { ChatProvider, useConversations, useCreateConversation, usePeople } from '../src'
import { until } from './backend'
import { API_URL, MOCK_URL, mockBackendServer } from './mock-msw'

const { requests, start } = mockBackendServer()

function wrapperFor(userId: string, protocol = createNativeProtocol({ apiUrl: API_URL })) {
  const backend = start()
  const token = backend.model.issueToken(userId)
  const options: ChatClientOptions = {
    url: MOCK_URL,
    getToken: () => token,
    protocol,
    environment: null,
    batchMs: 5,
  }
  return {
    backend,
    wrapper: ({ children }: { children: ReactNode }) => (
      <ChatProvider options={options}>{children}</ChatProvider>
    ),
  }
}

/** The list, the directory searched by `search`, and the mutation, as one screen would use them. */
function useNewConversationScreen() {
  const [search, setSearch] = useState('')
  return {
    list: useConversations(),
    directory: usePeople(search),
    create: useCreateConversation(),
    setSearch,
  }
}

describe('useCreateConversation and usePeople', () => {
  it('searches the directory, starts a group, and the list shows it first without refetching', async () => {
    const { wrapper } = wrapperFor('member-lena')
    const { result } = renderHook(useNewConversationScreen, { wrapper })
    await until(() => result.current.list.conversations.length > 0, 3_000, 'list')
    await until(() => !!result.current.directory.data, 3_000, 'directory')
    expect(result.current.directory.data!.map((p) => p.id)).not.toContain('member-lena')

    act(() => result.current.setSearch('kwa'))
    await until(
      () => result.current.directory.data?.map((p) => p.id).join() === 'member-kwame',
      3_000,
      'searched',
    )
    expect(requests).toContain('GET /api/users?search=kwa')

    const listFetches = requests.filter((r) => r.startsWith('GET /api/conversations')).length
    const made = await act(() =>
      result.current.create.mutateAsync({
        kind: 'group',
        participantIds: ['member-kwame', 'member-ana'],
        title: 'Saturday run',
      }),
    )
    expect(made).toMatchObject({ kind: 'group', title: 'Saturday run' })
    await until(() => result.current.list.conversations[0]?.id === made.id, 3_000, 'listed first')
    expect(result.current.list.conversations.filter((c) => c.id === made.id)).toHaveLength(1)
    expect(requests.filter((r) => r.startsWith('GET /api/conversations'))).toHaveLength(listFetches)
  })

  it('an existing direct conversation moves to the top, once; a refusal is the error', async () => {
    const { wrapper } = wrapperFor('trainer-maya')
    const { result } = renderHook(useNewConversationScreen, { wrapper })
    await until(() => result.current.list.conversations.length > 2, 3_000, 'list')
    const older = result.current.list.conversations.slice(1).find((c) => c.kind === 'direct')!
    const other = older.participants.find((p) => p.id !== 'trainer-maya')!
    const again = await act(() =>
      result.current.create.mutateAsync({ kind: 'direct', participantIds: [other.id] }),
    )
    expect(again.id).toBe(older.id)
    await until(() => result.current.list.conversations[0]?.id === older.id, 3_000, 'moved')
    const ids = result.current.list.conversations.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)

    await act(async () => {
      result.current.create.mutate({ kind: 'direct', participantIds: ['ghost'] })
    })
    await until(() => result.current.create.isError, 3_000, 'refused')
    const error = result.current.create.error as ParleyError
    expect(error).toMatchObject({ code: 'http-error', raw: { status: 422 } })
  })

  it('without a directory (a backend with no searchPeople) nothing is fetched and data stays undefined', async () => {
    const { searchPeople: _none, ...protocol } = createNativeProtocol({ apiUrl: API_URL })
    const { wrapper } = wrapperFor('member-lena', protocol)
    const { result } = renderHook(useNewConversationScreen, { wrapper })
    await until(() => result.current.list.conversations.length > 0, 3_000, 'list')
    expect(result.current.directory).toMatchObject({ data: undefined, isLoading: false })
    expect(requests.some((r) => r.includes('/users'))).toBe(false)
  })
})
