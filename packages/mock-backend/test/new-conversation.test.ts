import { ParleyError } from '@parley/core'
import { describe, expect, it } from 'vitest'
import { protocol, useMockServer } from './helpers'

// The core's native adapter against the mock's REST handlers: the contract "New conversation" uses.
const { startBackend } = useMockServer()

describe('GET /users and POST /conversations, as the native adapter calls them', () => {
  it('the directory lists everyone but the caller, searched by name', async () => {
    const backend = startBackend()
    const ctx = { token: backend.model.issueToken('member-lena') }
    const everyone = await protocol.searchPeople!({}, ctx)
    expect(everyone.length).toBeGreaterThan(3)
    expect(everyone.map((p) => p.id)).not.toContain('member-lena')
    expect(everyone.every((p) => p.name && p.role)).toBe(true)

    const found = await protocol.searchPeople!({ search: '  ANA ' }, ctx)
    expect(found.length).toBeGreaterThan(0)
    expect(found.every((p) => p.name.toLowerCase().includes('ana'))).toBe(true)
    expect(await protocol.searchPeople!({ search: 'nobody is called this' }, ctx)).toEqual([])
  })

  it('a person found starts a direct conversation once; a named group with several', async () => {
    const backend = startBackend()
    const ctx = { token: backend.model.issueToken('member-lena') }
    const [first, second] = await protocol.searchPeople!({}, ctx)
    const direct = await protocol.createConversation!(
      { kind: 'direct', participantIds: [first!.id] },
      ctx,
    )
    expect(direct.kind).toBe('direct')
    expect(direct.participants.map((p) => p.id).sort()).toEqual([first!.id, 'member-lena'].sort())
    const again = await protocol.createConversation!(
      { kind: 'direct', participantIds: [first!.id] },
      ctx,
    )
    expect(again.id).toBe(direct.id)

    const group = await protocol.createConversation!(
      { kind: 'group', participantIds: [first!.id, second!.id], title: 'Saturday run' },
      ctx,
    )
    expect(group).toMatchObject({ kind: 'group', title: 'Saturday run' })
    expect(group.participants).toHaveLength(3)
    // Both are in the creator's list now.
    const { conversations } = await protocol.fetchConversations!({}, ctx)
    expect(conversations.map((c) => c.id)).toEqual(expect.arrayContaining([direct.id, group.id]))
  })

  it('refusals reach the adapter as http-errors with the status: an unknown person, a group without a name', async () => {
    const backend = startBackend()
    const ctx = { token: backend.model.issueToken('member-lena') }
    const refusal = (request: Parameters<NonNullable<typeof protocol.createConversation>>[0]) =>
      protocol.createConversation!(request, ctx).then(
        () => undefined,
        (error: ParleyError) => error,
      )
    const ghost = await refusal({ kind: 'direct', participantIds: ['ghost'] })
    expect(ghost).toBeInstanceOf(ParleyError)
    expect(ghost).toMatchObject({ code: 'http-error', raw: { status: 422 } })
    const unnamed = await refusal({ kind: 'group', participantIds: ['member-ana', 'member-kwame'] })
    expect(unnamed).toMatchObject({ code: 'http-error', raw: { status: 400 } })
  })
})
