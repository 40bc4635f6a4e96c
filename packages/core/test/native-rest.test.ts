import { describe, expect, it } from 'vitest'
import { createNativeProtocol } from '../src/native'
import { onCleanup } from './helpers'
import { startRestServer } from './rest-server'

const wireMessage = (n: number, extra: object = {}) => ({
  id: `m${n}`,
  conversationId: 'c1',
  senderId: 'u2',
  kind: 'text',
  body: `hello ${n}`,
  attachments: [],
  createdAt: '2026-11-20T10:00:00',
  seq: n,
  ...extra,
})

describe('native protocol REST side against a real HTTP server', () => {
  it('fetches a history page with the bearer token, decoding naive timestamps as UTC and skipping broken entries', async () => {
    // Raw JSON, so the hostile "__proto__" key really reaches the decoder as a key.
    const hostile = JSON.stringify(wireMessage(2)).replace('{', '{"__proto__":{"polluted":1},')
    const server = await startRestServer(() => ({
      status: 200,
      json: `{"messages":[${JSON.stringify(wireMessage(1))},{"id":"broken"},${hostile}],"hasMore":true}`,
    }))
    onCleanup(server.close)
    const adapter = createNativeProtocol({ apiUrl: server.apiUrl })
    const page = await adapter.fetchHistory!(
      { conversationId: 'c/1', before: 'm3', limit: 2 },
      { token: 'tok' },
    )
    expect(server.requests[0]).toMatchObject({
      url: '/api/conversations/c%2F1/messages?before=m3&limit=2',
      authorization: 'Bearer tok',
    })
    expect(page.hasMore).toBe(true)
    expect(page.messages.map((m) => m.id)).toEqual(['m1', 'm2'])
    expect(page.messages[0]?.createdAt).toBe(Date.UTC(2026, 10, 20, 10))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('fetches the conversation list with search and a cursor', async () => {
    const server = await startRestServer(() => ({
      status: 200,
      json: {
        conversations: [
          {
            id: 'c1',
            kind: 'group',
            title: 'Runners',
            participants: [{ id: 'u1', name: 'Ana' }, { nope: true }],
            unreadCount: 3,
            updatedAt: 5,
            lastMessage: wireMessage(9),
          },
          { id: 'c2', participants: 'not a list' },
        ],
        nextCursor: 'page-2',
      },
    }))
    onCleanup(server.close)
    const adapter = createNativeProtocol({ apiUrl: server.apiUrl })
    const result = await adapter.fetchConversations!({ search: 'run & walk' }, { token: undefined })
    expect(server.requests[0]?.url).toBe('/api/conversations?search=run+%26+walk')
    expect(server.requests[0]?.authorization).toBeUndefined()
    expect(result.nextCursor).toBe('page-2')
    expect(result.conversations).toEqual([
      expect.objectContaining({
        id: 'c1',
        kind: 'group',
        title: 'Runners',
        participants: [{ id: 'u1', name: 'Ana' }],
        unreadCount: 3,
        updatedAt: 5,
      }),
    ])
    expect(result.conversations[0]?.lastMessage?.id).toBe('m9')
  })

  it('turns an HTTP error into a typed http-error carrying the status and the server message', async () => {
    const server = await startRestServer(() => ({
      status: 403,
      json: { error: { code: 'forbidden', message: 'Not a participant' } },
    }))
    onCleanup(server.close)
    const adapter = createNativeProtocol({ apiUrl: server.apiUrl })
    const failure = adapter.fetchHistory!({ conversationId: 'c1', limit: 20 }, { token: 't' })
    await expect(failure).rejects.toMatchObject({
      code: 'http-error',
      message: 'Not a participant',
      raw: { status: 403 },
    })
  })

  it('treats a body that is not JSON as an http-error, not a crash', async () => {
    const server = await startRestServer(() => ({ status: 200, json: '<html>gateway</html>' }))
    onCleanup(server.close)
    const adapter = createNativeProtocol({ apiUrl: server.apiUrl })
    await expect(adapter.fetchConversations!({}, { token: 't' })).rejects.toMatchObject({
      code: 'http-error',
    })
  })

  it('reports a server that cannot be reached as http-error too', async () => {
    const server = await startRestServer(() => ({ status: 200, json: {} }))
    await server.close() // nothing listens on that port any more
    const adapter = createNativeProtocol({ apiUrl: server.apiUrl })
    await expect(
      adapter.fetchHistory!({ conversationId: 'c1', limit: 5 }, { token: 't' }),
    ).rejects.toMatchObject({ code: 'http-error', message: 'The server could not be reached' })
  })
})
