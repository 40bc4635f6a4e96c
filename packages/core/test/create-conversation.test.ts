import { afterEach, describe, expect, it } from 'vitest'
import { capabilitiesOf, ParleyError } from '../src'
import { createNativeProtocol, nativeProtocol } from '../src/native'
import { createSalonProtocol } from '../src/salon'
import { startRestServer } from './rest-server'
import { servedSalon } from './salon-mock-fixtures'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

type Answer = { status: number; json: unknown }
async function nativeServer(answer: Answer | ((url: string) => Answer)) {
  const server = await startRestServer((req) =>
    typeof answer === 'function' ? answer(req.url ?? '') : answer,
  )
  closers.push(server.close)
  return { server, adapter: createNativeProtocol({ apiUrl: server.apiUrl }) }
}

/** What a promise rejected with, or a failure when it resolved. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    (value) => {
      throw new Error(`resolved with ${JSON.stringify(value)}`)
    },
    (error: unknown) => error as ParleyError,
  )

const made = {
  id: 'c9',
  kind: 'group',
  title: 'Runners',
  participants: [
    { id: 'u1', name: 'Ana' },
    { id: 'u2', name: 'Ben', avatarUrl: 'https://x.test/b.png' },
  ],
  unreadCount: 0,
  updatedAt: 7,
}

describe('native: POST /conversations and GET /users', () => {
  it('creates a group with the bearer token and JSON body, and reads the conversation answered', async () => {
    const { server, adapter } = await nativeServer({ status: 201, json: { conversation: made } })
    const conversation = await adapter.createConversation!(
      { kind: 'group', participantIds: ['u2'], title: 'Runners' },
      { token: 'tok' },
    )
    expect(conversation).toEqual(made)
    const request = server.requests[0]!
    expect(request).toMatchObject({
      method: 'POST',
      url: '/api/conversations',
      authorization: 'Bearer tok',
    })
    expect(JSON.parse(request.body.toString())).toEqual({
      kind: 'group',
      participantIds: ['u2'],
      title: 'Runners',
    })
  })

  it('refusals are http-errors with the status and the server message; a bad answer is a protocol-error', async () => {
    const refused = await nativeServer({
      status: 422,
      json: { error: { code: 'unknown-user', message: 'No user "ghost"' } },
    })
    const error = await rejection(
      refused.adapter.createConversation!(
        { kind: 'direct', participantIds: ['ghost'] },
        { token: 't' },
      ),
    )
    expect(error).toBeInstanceOf(ParleyError)
    expect(error).toMatchObject({ code: 'http-error', message: 'No user "ghost"' })
    expect((error.raw as { status: number }).status).toBe(422)

    const odd = await nativeServer({ status: 200, json: { conversation: { id: 'c1' } } })
    const bad = await rejection(
      odd.adapter.createConversation!({ kind: 'direct', participantIds: ['u2'] }, { token: 't' }),
    )
    expect(bad).toMatchObject({ code: 'protocol-error' })

    const gone = createNativeProtocol({ apiUrl: 'http://127.0.0.1:1/api' })
    const unreachable = await rejection(
      gone.createConversation!({ kind: 'direct', participantIds: ['u2'] }, { token: 't' }),
    )
    expect(unreachable).toMatchObject({ code: 'http-error' })
  })

  it('searches people, keeping the well-formed entries', async () => {
    const { server, adapter } = await nativeServer({
      status: 200,
      json: { users: [{ id: 'u2', name: 'Ben', role: 'member' }, { id: 3 }, null] },
    })
    const people = await adapter.searchPeople!({ search: 'be n' }, { token: 'tok' })
    expect(people).toEqual([{ id: 'u2', name: 'Ben', role: 'member' }])
    expect(server.requests[0]).toMatchObject({
      method: 'GET',
      url: '/api/users?search=be+n',
      authorization: 'Bearer tok',
    })
  })
})

describe('capabilities of creating', () => {
  it('follow the adapter: native makes groups, Salon direct chats only, a socket-only adapter nothing', () => {
    const native = capabilitiesOf(createNativeProtocol({ apiUrl: '/api' }))
    expect(native).toMatchObject({ createConversation: true, createGroups: true, directory: true })
    for (const role of ['user', 'customer'] as const)
      expect(capabilitiesOf(createSalonProtocol({ apiUrl: '/chat', role }))).toMatchObject({
        createConversation: true,
        createGroups: false,
        directory: false,
      })
    expect(capabilitiesOf(nativeProtocol)).toMatchObject({
      createConversation: false,
      createGroups: false,
    })
  })
})

describe('Salon: POST /chats (staff) and POST /chats/customer, against the mock backend', () => {
  it('staff start a chat with a customer; asking again answers the same chat', async () => {
    const { backend, served } = await servedSalon()
    const ids = backend.salon!.ids
    const li = ids.identityOf('staff-li')!
    const noor = ids.identityOf('customer-noor')!
    const adapter = createSalonProtocol({ apiUrl: served.apiUrl!, role: 'user' })
    const ctx = { token: backend.model.issueToken('staff-li') }
    const request = { kind: 'direct' as const, participantIds: [`customer:${noor.id}`] }
    const first = await adapter.createConversation!(request, ctx)
    expect(first).toMatchObject({ kind: 'direct', unreadCount: 0 })
    expect(first.participants.map((p) => [p.id, p.name, p.role])).toEqual(
      expect.arrayContaining([
        [`user:${li.id}`, 'Li Wei', 'staff'],
        [`customer:${noor.id}`, 'Noor Al-Sayed', 'customer'],
      ]),
    )
    expect((await adapter.createConversation!(request, ctx)).id).toBe(first.id)
    // The new chat is in the staff member's list from now on.
    const { conversations } = await adapter.fetchConversations!({}, ctx)
    expect(conversations.map((c) => c.id)).toContain(first.id)
  })

  it('a customer starts one with staff over POST /chats/customer', async () => {
    const { backend, served } = await servedSalon()
    const li = backend.salon!.ids.identityOf('staff-li')!
    const adapter = createSalonProtocol({ apiUrl: served.apiUrl!, role: 'customer' })
    const ctx = { token: backend.model.issueToken('customer-ethan') }
    const chat = await adapter.createConversation!(
      { kind: 'direct', participantIds: [`user:${li.id}`] },
      ctx,
    )
    expect(chat.participants.map((p) => p.id)).toContain(`user:${li.id}`)
  })

  it('refuses an unknown customer (404), and groups or staff-to-staff before asking the server', async () => {
    const { backend, served } = await servedSalon()
    const adapter = createSalonProtocol({ apiUrl: served.apiUrl!, role: 'user' })
    const ctx = { token: backend.model.issueToken('staff-rosa') }
    const unknown = await rejection(
      adapter.createConversation!({ kind: 'direct', participantIds: ['customer:999'] }, ctx),
    )
    expect(unknown).toMatchObject({ code: 'http-error', message: 'Customer not found' })
    expect((unknown.raw as { status: number }).status).toBe(404)
    for (const request of [
      { kind: 'group' as const, participantIds: ['customer:7', 'customer:8'], title: 'Both' },
      { kind: 'direct' as const, participantIds: ['user:8'] },
      { kind: 'direct' as const, participantIds: ['customer:abc'] },
    ]) {
      const refused = await rejection(adapter.createConversation!(request, ctx))
      expect(refused).toMatchObject({ code: 'http-error' })
      expect((refused.raw as { status: number }).status).toBe(400)
    }
  })
})
