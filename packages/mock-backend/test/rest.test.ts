import { describe, expect, it } from 'vitest'
import type { MockBackend } from '../src'
import { API_URL, openRawSocket, protocol, useMockServer } from './helpers'

// Every REST handler through fetch, as any client of the native REST API would call it.
const { startBackend } = useMockServer()

/** A response body as these tests read it: any JSON, each test asserts the shape it needs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>

function api(backend: MockBackend, userId: string) {
  const token = backend.model.issueToken(userId)
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(API_URL + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    return { status: response.status, body: (await response.json()) as Body }
  }
}

describe('conversations', () => {
  it('lists, searches and fetches one conversation', async () => {
    const call = api(startBackend(), 'trainer-maya')

    const all = await call('GET', '/conversations')
    const arabic = await call('GET', `/conversations?search=${encodeURIComponent('التدريب')}`)
    const one = await call('GET', '/conversations/dm-maya-diego')

    expect(all.status).toBe(200)
    expect(all.body.conversations.length).toBeGreaterThan(6)
    expect(all.body.conversations[0]).toMatchObject({ id: 'dm-maya-diego' }) // 5 minutes ago
    // Found in the last message, right-to-left text and all.
    expect(arabic.body.conversations.map((c: { id: string }) => c.id)).toEqual(['dm-maya-omar'])
    const byName = await call('GET', '/conversations?search=omar')
    expect(byName.body.conversations.map((c: { id: string }) => c.id)).toEqual(['dm-maya-omar'])
    expect(one.body.conversation).toMatchObject({ id: 'dm-maya-diego', kind: 'direct' })
    expect((await call('GET', '/conversations?cursor=banana')).status).toBe(400)
  })

  it('creates a group (201) or returns the existing direct conversation (200)', async () => {
    const backend = startBackend()
    const call = api(backend, 'member-ana')

    const group = await call('POST', '/conversations', {
      kind: 'group',
      title: 'Saturday swim',
      participantIds: ['member-lena', 'member-kwame'],
    })
    const direct = await call('POST', '/conversations', {
      kind: 'direct',
      participantIds: ['member-kwame'],
    })
    const again = await call('POST', '/conversations', {
      kind: 'direct',
      participantIds: ['member-kwame'],
    })

    expect(group.status).toBe(201)
    expect(group.body.conversation).toMatchObject({ kind: 'group', title: 'Saturday swim' })
    expect(group.body.conversation.participants).toHaveLength(3)
    expect(direct.status).toBe(201)
    expect(again).toEqual({ status: 200, body: direct.body })
    const lena = api(backend, 'member-lena')
    const lenas = await lena('GET', '/conversations?search=swim')
    expect(lenas.body.conversations).toHaveLength(1)
  })

  it.each([
    [{ kind: 'direct', participantIds: ['nobody'] }, 422, 'unknown-user'],
    [{ kind: 'group', participantIds: ['member-lena'] }, 400, 'invalid-request'],
    [{ kind: 'channel', participantIds: [] }, 400, 'invalid-request'],
    ['not an object', 400, 'invalid-request'],
  ])('refuses %j with %i %s', async (body, status, code) => {
    const call = api(startBackend(), 'member-ana')
    const response = await call('POST', '/conversations', body)
    expect(response).toEqual({ status, body: { error: { code, message: expect.any(String) } } })
  })
})

describe('messages', () => {
  it('pages history with before and limit', async () => {
    const call = api(startBackend(), 'client-sam')
    const page = await call('GET', '/conversations/dm-maya-sam/messages?limit=2')
    const older = await call(
      'GET',
      '/conversations/dm-maya-sam/messages?before=dm-maya-sam.6&limit=50',
    )

    expect(page.body.messages.map((m: { seq: number }) => m.seq)).toEqual([6, 7])
    expect(page.body.hasMore).toBe(true)
    expect(older.body.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3, 4, 5])
    expect(older.body.hasMore).toBe(false)
    expect((await call('GET', '/conversations/dm-maya-sam/messages?limit=x')).status).toBe(400)
    expect((await call('GET', '/conversations/dm-maya-sam/messages?before=zzz')).status).toBe(404)
  })

  it('edits and deletes over REST, and joined sockets hear about it', async () => {
    const backend = startBackend()
    const raw = openRawSocket()
    await raw.opened
    raw.send(JSON.stringify({ type: 'auth', token: backend.model.issueToken('trainer-maya') }))
    raw.send(JSON.stringify({ type: 'join', conversationId: 'dm-maya-sam' }))
    await raw.frames(2)
    const call = api(backend, 'client-sam')

    const edited = await call('PATCH', '/conversations/dm-maya-sam/messages/dm-maya-sam.6', {
      body: 'Got it!',
    })
    const deleted = await call('DELETE', '/conversations/dm-maya-sam/messages/dm-maya-sam.6')

    expect(edited).toMatchObject({ status: 200, body: { message: { body: 'Got it!', seq: 6 } } })
    expect(deleted).toMatchObject({ status: 200, body: { message: { body: '', seq: 6 } } })
    const live = (await raw.frames(4)).slice(2)
    expect(live.map((f) => (f.message as { body: string }).body)).toEqual(['Got it!', ''])
  })

  it.each([
    [
      'PATCH',
      '/conversations/dm-maya-sam/messages/dm-maya-sam.7',
      { body: 'mine' },
      403,
      'not-allowed',
    ],
    [
      'PATCH',
      '/conversations/dm-maya-sam/messages/dm-maya-sam.6',
      { body: ' ' },
      422,
      'empty-message',
    ],
    [
      'PATCH',
      '/conversations/dm-maya-sam/messages/dm-maya-sam.99',
      { body: 'x' },
      404,
      'unknown-message',
    ],
    [
      'DELETE',
      '/conversations/salon-rosa-noor/messages/salon-rosa-noor.1',
      undefined,
      403,
      'not-participant',
    ],
    ['GET', '/conversations/nope/messages', undefined, 404, 'unknown-conversation'],
  ])('%s %s → %i %s', async (method, path, body, status, code) => {
    const response = await api(startBackend(), 'client-sam')(method, path, body)
    expect(response).toEqual({ status, body: { error: { code, message: expect.any(String) } } })
  })
})

describe('the trainer’s client list (seed 001)', () => {
  it('lists her clients with their conversations, searchable; clients get 403', async () => {
    const backend = startBackend()
    const maya = api(backend, 'trainer-maya')

    const all = await maya('GET', '/trainer/clients')
    const search = await maya('GET', '/trainer/clients?search=becker')

    expect(all.body.clients.length).toBeGreaterThanOrEqual(10)
    expect(all.body.clients[0]).toEqual({
      id: 'client-sam',
      name: 'Sam Lee',
      role: 'client',
      email: 'sam.lee@example.com',
      avatarUrl: expect.stringMatching(/^data:image\/svg\+xml/),
      conversationId: 'dm-maya-sam',
    })
    expect(search.body.clients.map((c: { id: string }) => c.id)).toEqual(['client-hannah'])
    expect((await api(backend, 'client-sam')('GET', '/trainer/clients')).status).toBe(403)
  })
})

describe('authentication and faults', () => {
  it('answers 401 without a valid token, and while refuseAuth is on', async () => {
    const backend = startBackend()
    const anonymous = await fetch(`${API_URL}/conversations`)
    const token = backend.model.issueToken('client-sam')
    backend.model.expireToken(token)
    const expired = await protocol.fetchConversations!({}, { token }).catch(
      (error: unknown) => error,
    )
    backend.controls.refuseAuth(true)
    const refused = await api(backend, 'client-sam')('GET', '/conversations')

    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toEqual({
      error: { code: 'unauthorized', message: 'token missing' },
    })
    expect(expired).toMatchObject({ code: 'http-error', message: 'token expired' })
    expect(refused.status).toBe(401)
  })

  it('answers 503 during an outage, then recovers', async () => {
    const backend = startBackend()
    const call = api(backend, 'client-sam')
    backend.controls.outage(150)
    expect((await call('GET', '/conversations')).body).toEqual({
      error: { code: 'unavailable', message: 'The server is down' },
    })
    await new Promise((resolve) => setTimeout(resolve, 160))
    expect((await call('GET', '/conversations')).status).toBe(200)
  })

  it('slows history pages down, fails them, and applies latency to every request', async () => {
    const backend = startBackend()
    const call = api(backend, 'client-sam')
    const timed = async (path: string) => {
      const startedAt = Date.now()
      const { status } = await call('GET', path)
      return { status, ms: Date.now() - startedAt }
    }

    backend.controls.history({ delayMs: 120 })
    const slow = await timed('/conversations/dm-maya-sam/messages')
    const list = await timed('/conversations')
    backend.controls.history({ failRate: 1 })
    const failed = await call('GET', '/conversations/dm-maya-sam/messages')
    backend.controls.history()
    backend.controls.latency({ toServerMs: 40, toClientMs: 40 })
    const late = await timed('/conversations')

    expect(slow).toMatchObject({ status: 200 })
    expect(slow.ms).toBeGreaterThanOrEqual(115)
    expect(list.ms).toBeLessThan(100) // only history pages are slow
    expect(failed).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } })
    expect(late.ms).toBeGreaterThanOrEqual(75)
  })

  it('serves a relative apiUrl on any origin in Node', async () => {
    const backend = startBackend({ apiUrl: '/api/v2' })
    const token = backend.model.issueToken('client-sam')
    const response = await fetch('http://localhost:5173/api/v2/conversations', {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(response.status).toBe(200)
  })
})
