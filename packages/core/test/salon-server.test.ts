import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { salonWorld, waitFor } from './salon-fixtures'
import type { SalonServer } from './salon-server'

/** A raw socket to the test server, recording what it receives and how it ends. */
function rawClient(server: SalonServer, role: 'user' | 'customer', token: string) {
  const ws = new WebSocket(`${server.url}/ws/chat/${role}?token=${token}`)
  const frames: Record<string, unknown>[] = []
  const state = { status: 0, closeCode: 0, open: false }
  ws.on('message', (data) => frames.push(JSON.parse(String(data))))
  ws.on('open', () => (state.open = true))
  ws.on(
    'unexpected-response',
    (_req, res) => ((state.status = res.statusCode ?? 0), ws.terminate()),
  )
  ws.on('close', (code) => (state.closeCode = code))
  ws.on('error', () => {})
  const send = (frame: unknown) =>
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  const ready = () => waitFor(() => frames.some((f) => f.type === 'connected'), 5_000, 'greeting')
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100))
  return { ws, frames, state, send, ready, settle }
}

describe('the Salon test server behaves as PROTOCOLS.md says the real code does', () => {
  it('refuses a bad token, or a customer on the staff path, with HTTP 403 before the handshake', async () => {
    const { server } = await salonWorld()
    for (const [role, token] of [
      ['user', 'nope'],
      ['user', 'sam-token'],
      ['customer', ''],
    ] as const) {
      const c = rawClient(server, role, token)
      await waitFor(() => c.state.status === 403, 5_000, '403')
      expect(c.state.open).toBe(false)
    }
  })

  it('greets flat, echoes to every member incl. the sender without client id, no dedupe', async () => {
    const { server, chatId } = await salonWorld()
    const maya = rawClient(server, 'user', 'maya-token')
    const sam = rawClient(server, 'customer', 'sam-token')
    await Promise.all([maya.ready(), sam.ready()])
    expect(maya.frames[0]).toMatchObject({
      type: 'connected',
      participant_type: 'user',
      participant_id: 7,
    })
    expect(String(maya.frames[0]!.timestamp)).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+$/) // naive: no Z
    maya.send({ type: 'join_chat', chat_id: chatId })
    sam.send({ type: 'join_chat', chat_id: chatId })
    await waitFor(() => maya.frames.some((f) => f.type === 'user_joined'), 5_000, 'user_joined')
    const send = {
      type: 'send_message',
      chat_id: chatId,
      content: 'hi',
      message_type: 'text',
      media_url: '/x.jpg',
      clientId: 'c1',
    }
    maya.send(send)
    maya.send(send)
    await waitFor(() => sam.frames.filter((f) => f.type === 'message').length === 2, 5_000, 'both')
    await waitFor(
      () => maya.frames.filter((f) => f.type === 'message').length === 2,
      5_000,
      'echoes',
    )
    const echo = maya.frames.find((f) => f.type === 'message')!.message as Record<string, unknown>
    expect(echo).toMatchObject({
      sender_type: 'user',
      sender_id: 7,
      content: 'hi',
      is_delivered: true,
    })
    expect(echo).not.toHaveProperty('clientId')
    expect(server.store.chats.get(chatId)!.messages.map((m) => m.media_url)).toEqual([null, null])
    maya.send({ type: 'ping' })
    await waitFor(() => maya.frames.some((f) => f.type === 'pong'), 5_000, 'pong')
  })

  it('keys rooms by the JSON value: "1" joins another room; {type, data} is ignored; foreign joins refused', async () => {
    const { server, chatId, maya: mayaId, lee } = await salonWorld()
    const leeChat = server.createChat([mayaId, lee])
    const sam = rawClient(server, 'customer', 'sam-token')
    await sam.ready()
    sam.send({ type: 'join_chat', chat_id: String(chatId) })
    sam.send({ type: 'join_chat', data: { chat_id: chatId } })
    await sam.settle()
    server.post(chatId, mayaId, 'to room 1')
    await sam.settle()
    expect(sam.frames.filter((f) => f.type !== 'connected')).toEqual([])
    sam.send({ type: 'join_chat', chat_id: leeChat })
    await waitFor(() => sam.frames.some((f) => f.type === 'error'), 5_000, 'error')
    expect(sam.frames.at(-1)).toEqual({
      type: 'error',
      error: 'You are not a participant in this chat',
    })
  })

  it('closes with 1000 and no error frame on invalid JSON', async () => {
    const { server } = await salonWorld()
    const sam = rawClient(server, 'customer', 'sam-token')
    await sam.ready()
    sam.send('{not json')
    await waitFor(() => sam.state.closeCode !== 0, 5_000, 'close')
    expect(sam.state.closeCode).toBe(1000)
    expect(sam.frames.map((f) => f.type)).toEqual(['connected'])
  })

  it('quirk: a second socket of one identity drops both', async () => {
    const { server } = await salonWorld()
    server.quirks.dropDuplicateIdentities = true
    const first = rawClient(server, 'user', 'maya-token')
    await first.ready()
    const second = rawClient(server, 'user', 'maya-token')
    await waitFor(
      () => first.state.closeCode !== 0 && second.state.closeCode !== 0,
      5_000,
      'both dropped',
    )
    expect(server.online('user', 7)).toBe(0)
  })

  it('quirk: a REST send while online stores the message, cuts a socket and answers 500', async () => {
    const { server, chatId } = await salonWorld()
    server.quirks.restSendFails = true
    const maya = rawClient(server, 'user', 'maya-token')
    await maya.ready()
    const response = await fetch(`${server.apiUrl}/chats/${chatId}/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer maya-token', 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'over REST', message_type: 'text' }),
    })
    expect(response.status).toBe(500)
    expect(server.store.chats.get(chatId)!.messages.map((m) => m.content)).toEqual(['over REST'])
    await waitFor(() => maya.state.closeCode !== 0, 5_000, 'socket cut')
  })
})
