import { describe, expect, it } from 'vitest'
import { createSalonProtocol } from '../src/salon'
import {
  bodies,
  untilOpen,
  inChat,
  salonClient,
  salonWorld,
  timeline,
  waitFor,
} from './salon-fixtures'

describe('Salon end to end: createChatClient against a real Salon server', () => {
  it('connects staff and a customer on their own paths, named user:7 and customer:7', async () => {
    const { server } = await salonWorld()
    const maya = salonClient(server, 'user', 'maya-token')
    const sam = salonClient(server, 'customer', 'sam-token')
    await Promise.all([untilOpen(maya), untilOpen(sam)])
    expect(maya.getSnapshot().userId).toBe('user:7')
    expect(sam.getSnapshot().userId).toBe('customer:7')
    expect(server.online('user', 7)).toBe(1)
    expect(server.online('customer', 7)).toBe(1)
  })

  it('joins with a numeric chat id, sends, and is confirmed by its own echo', async () => {
    const { server, chat, chatId } = await salonWorld()
    const maya = salonClient(server, 'user', 'maya-token')
    const sam = salonClient(server, 'customer', 'sam-token')
    await inChat(server, chat, maya, sam)
    expect(server.received.find((f) => f.type === 'join_chat')).toEqual({
      type: 'join_chat',
      chat_id: chatId,
    })

    const sent = maya.send(chat, 'Hello, how can I help you?')
    expect(timeline(maya, chat)[0]).toMatchObject({ status: 'sending', senderId: 'user:7' })
    await waitFor(() => timeline(maya, chat)[0]?.status === 'sent', 5_000, 'echo')
    const [confirmed] = timeline(maya, chat)
    expect(confirmed).toMatchObject({ clientId: sent.clientId, senderId: 'user:7' })
    expect(confirmed!.id).toMatch(/^\d+$/)
    await waitFor(() => timeline(sam, chat).length === 1, 5_000, 'delivery')
    expect(timeline(sam, chat)[0]).toMatchObject({ id: confirmed!.id, senderId: 'user:7' })
    expect(sam.getSnapshot().unread[chat]).toBe(1)
  })

  it('confirms two identical texts sent quickly once each, in order, shown once each', async () => {
    const { server, chat } = await salonWorld()
    const sam = salonClient(server, 'customer', 'sam-token')
    await inChat(server, chat, sam)
    const first = sam.send(chat, 'ok')
    const second = sam.send(chat, 'ok')
    await waitFor(
      () => timeline(sam, chat).filter((m) => m.status === 'sent').length === 2,
      5_000,
      'both echoes',
    )
    const list = timeline(sam, chat)
    expect(list).toHaveLength(2)
    // Each send took one echo; which took which cannot show (same text, same millisecond).
    expect(list.map((m) => m.clientId).sort()).toEqual([first.clientId, second.clientId].sort())
    expect(list[0]!.id).not.toBe(list[1]!.id)
  })

  it('matches echoes that arrive together (one batch) to one send each', async () => {
    const { server, chat } = await salonWorld()
    const sam = salonClient(server, 'customer', 'sam-token')
    await inChat(server, chat, sam)
    server.quirks.holdEchoes = true
    const sends = [sam.send(chat, 'ok'), sam.send(chat, 'ok'), sam.send(chat, 'ok')]
    await waitFor(
      () => server.received.filter((f) => f.type === 'send_message').length === 3,
      5_000,
      'sends',
    )
    server.releaseEchoes()
    await waitFor(
      () => timeline(sam, chat).filter((m) => m.status === 'sent').length === 3,
      5_000,
      'echoes',
    )
    expect(
      timeline(sam, chat)
        .map((m) => m.clientId)
        .sort(),
    ).toEqual(sends.map((m) => m.clientId).sort())
    expect(server.store.chats.get(Number(chat))!.messages).toHaveLength(3)
  })

  it('confirms an image send by its echo although the real server drops its media_url', async () => {
    const { server, chat, chatId } = await salonWorld()
    const maya = salonClient(server, 'user', 'maya-token')
    await inChat(server, chat, maya)
    const attachments = [{ kind: 'image' as const, url: '/uploads/chat/nails.jpg' }]
    maya.send(chat, { text: 'Your nails', kind: 'image', attachments, replyTo: '5' })
    await waitFor(() => timeline(maya, chat)[0]?.status === 'sent', 5_000, 'echo')
    expect(server.received.find((f) => f.type === 'send_message')).toMatchObject({
      message_type: 'image',
      media_url: '/uploads/chat/nails.jpg',
      reply_to_message_id: 5,
    })
    expect(server.store.chats.get(chatId)!.messages[0]).toMatchObject({ media_url: null })
    expect(timeline(maya, chat)[0]).toMatchObject({ kind: 'image', replyTo: '5', attachments: [] })
  })

  it('passes typing both ways and turns a receipt into read', async () => {
    const { server, chat } = await salonWorld()
    const maya = salonClient(server, 'user', 'maya-token')
    const sam = salonClient(server, 'customer', 'sam-token')
    await inChat(server, chat, maya, sam)

    sam.setTyping(chat, true)
    await waitFor(() => maya.getSnapshot().typing[chat]?.[0] === 'customer:7', 5_000, 'typing')
    sam.setTyping(chat, false)
    await waitFor(() => !maya.getSnapshot().typing[chat]?.length, 5_000, 'typing stops')
    expect(sam.getSnapshot().typing[chat] ?? []).toEqual([]) // not echoed to the typist

    maya.send(chat, 'Your appointment is at 3')
    await waitFor(() => timeline(sam, chat).length === 1, 5_000, 'delivery')
    sam.markRead(chat, timeline(sam, chat)[0]!.id)
    await waitFor(() => timeline(maya, chat)[0]?.status === 'read', 5_000, 'receipt')
    expect(sam.getSnapshot().unread[chat]).toBe(0)
  })

  it('keeps user 7 and customer 7 apart: her echo is never his, his message is never hers', async () => {
    const { server, chat } = await salonWorld()
    const maya = salonClient(server, 'user', 'maya-token')
    const sam = salonClient(server, 'customer', 'sam-token')
    await inChat(server, chat, maya, sam)
    server.quirks.holdEchoes = true // Maya's own echo is late
    maya.send(chat, 'hi')
    await waitFor(() => server.received.some((f) => f.type === 'send_message'), 5_000, 'send')
    sam.send(chat, 'hi') // same text, same number, another person
    await waitFor(() => timeline(maya, chat).length === 2, 5_000, "Sam's hi")
    const [mine, his] = [
      timeline(maya, chat).find((m) => m.senderId === 'user:7'),
      timeline(maya, chat).find((m) => m.senderId === 'customer:7'),
    ]
    expect(mine?.status).toBe('sending') // Sam's "hi" did not confirm Maya's
    expect(his?.clientId).toBeUndefined()
    expect(maya.getSnapshot().unread[chat]).toBe(1)
    server.releaseEchoes()
    await waitFor(() => timeline(maya, chat).every((m) => m.status === 'sent'), 5_000, 'own echo')
    expect(timeline(maya, chat)).toHaveLength(2)
    expect(
      timeline(sam, chat)
        .map((m) => m.senderId)
        .sort(),
    ).toEqual(['customer:7', 'user:7'])
  })

  it('keeps a quiet connection alive with ping/pong', async () => {
    const { server } = await salonWorld()
    const sam = salonClient(server, 'customer', 'sam-token', {
      heartbeatIntervalMs: 100,
      heartbeatGraceMs: 200,
    })
    await untilOpen(sam)
    const since = sam.getSnapshot().connection
    await waitFor(
      () => server.received.filter((f) => f.type === 'ping').length >= 3,
      5_000,
      'pings',
    )
    expect(server.received.find((f) => f.type === 'ping')).toEqual({ type: 'ping' })
    expect(sam.getSnapshot().connection).toBe(since) // never dropped for silence
  })

  it('reports a refused join (no chat id in it) as a typed server error', async () => {
    const { server, maya, lee } = await salonWorld()
    const other = server.store.createChat([maya, lee])
    const sam = salonClient(server, 'customer', 'sam-token')
    const events: unknown[] = []
    sam.onEvent((e) => e.type === 'server-error' && events.push(e))
    sam.watch(String(other))
    await untilOpen(sam)
    await waitFor(() => events.length === 1, 5_000, 'error')
    expect(events[0]).toEqual({
      type: 'server-error',
      code: 'not-participant',
      message: 'You are not a participant in this chat',
    })
  })

  it('ends a refused token in unauthorized; checkAuth tells refusal from an outage', async () => {
    const { server } = await salonWorld()
    const bad = salonClient(server, 'user', 'expired-token')
    await waitFor(
      () => bad.getSnapshot().connection.status === 'unauthorized',
      10_000,
      'unauthorized',
    )
    const adapter = createSalonProtocol({ apiUrl: server.apiUrl, role: 'user' })
    const ctx = (token: string) => ({ url: server.url, token })
    await expect(adapter.checkAuth!(ctx('expired-token'))).resolves.toBe(false)
    await expect(adapter.checkAuth!(ctx('maya-token'))).resolves.toBe(true)
    // A customer token is refused by the staff endpoint: not staff means refused here.
    await expect(adapter.checkAuth!(ctx('sam-token'))).resolves.toBe(false)
    const customer = createSalonProtocol({ apiUrl: server.apiUrl, role: 'customer' })
    await expect(customer.checkAuth!(ctx('sam-token'))).resolves.toBe(true)
    await expect(customer.checkAuth!(ctx('maya-token'))).resolves.toBe(false)
    expect(server.requests.at(-1)).toBe('GET /api/v1/chat/chats/customer?is_archived=false')
    server.quirks.forcedStatus = 503
    await expect(adapter.checkAuth!(ctx('maya-token'))).rejects.toMatchObject({
      code: 'http-error',
    })
    server.quirks.forcedStatus = undefined
    await server.kill()
    await expect(adapter.checkAuth!(ctx('maya-token'))).rejects.toMatchObject({
      code: 'http-error',
    })
  })

  it('reconnects after a server restart with nothing lost: missed messages refetched, queued sends sent once', async () => {
    const { server, chat, chatId, sam: samIdentity } = await salonWorld()
    const maya = salonClient(server, 'user', 'maya-token')
    await inChat(server, chat, maya)
    maya.send(chat, 'before the restart')
    await waitFor(() => timeline(maya, chat)[0]?.status === 'sent', 5_000, 'echo')

    await server.kill()
    await waitFor(() => maya.getSnapshot().connection.status !== 'open', 5_000, 'down')
    maya.send(chat, 'queued while down')
    await server.restart()
    server.post(chatId, samIdentity, 'sent while Maya was away') // before she rejoins: only the refetch brings it
    await untilOpen(maya)
    await waitFor(() => timeline(maya, chat).length === 3, 5_000, 'refetch')
    await waitFor(
      () => timeline(maya, chat).every((m) => m.status === 'sent'),
      5_000,
      'queued send echoed',
    )
    expect(bodies(maya, chat)).toEqual([
      'before the restart',
      'sent while Maya was away',
      'queued while down',
    ])
    expect(server.store.chats.get(chatId)!.messages.map((m) => m.content)).toEqual(
      bodies(maya, chat),
    )
  })
})
