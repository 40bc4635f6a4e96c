import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { sleep } from './helpers'
import { rawSocket, serveBackend } from './node-helpers'
import { CHAT, messageId, NAIVE_UTC, SALON_API, SALON_URL } from './salon-helpers'

// The mock's Salon dialect over a real TCP socket (`@parley/mock-backend/node`), met by bare `ws`
// clients and plain fetch: what the real-socket fault suites and the soak build on.
const startSalon = () => serveBackend({ dialect: 'salon', url: SALON_URL, apiUrl: SALON_API })

async function signIn(served: { url: string }, path: 'user' | 'customer', token: string) {
  const raw = rawSocket(`${served.url}/ws/chat/${path}?token=${encodeURIComponent(token)}`)
  await raw.frames(1)
  return raw
}

describe('serveMockBackend, Salon dialect', () => {
  it('serves on 127.0.0.1 under Salon’s chat prefix, both ways', async () => {
    const { served } = await startSalon()
    expect(served.url).toBe(`ws://127.0.0.1:${served.port}/api/v1/chat`)
    expect(served.apiUrl).toBe(`http://127.0.0.1:${served.port}/api/v1/chat`)
  })

  it('greets, joins, and echoes a send to both members, stored in the model', async () => {
    const { backend, served } = await startSalon()
    const rosa = await signIn(served, 'user', backend.model.issueToken('staff-rosa'))
    const noor = await signIn(served, 'customer', backend.model.issueToken('customer-noor'))
    expect(rosa.received[0]).toMatchObject({
      type: 'connected',
      participant_type: 'user',
      participant_id: 7,
    })
    expect(rosa.received[0]!.timestamp).toMatch(NAIVE_UTC)
    expect(noor.received[0]).toMatchObject({ participant_type: 'customer', participant_id: 7 })

    rosa.json({ type: 'join_chat', chat_id: CHAT.rosaNoor })
    await sleep(30)
    noor.json({ type: 'join_chat', chat_id: CHAT.rosaNoor })
    // Rosa hears Noor arrive in the room.
    expect((await rosa.frames(2))[1]).toEqual({
      type: 'user_joined',
      chat_id: CHAT.rosaNoor,
      participant_type: 'customer',
      participant_id: 7,
    })
    noor.json({ type: 'send_message', chat_id: CHAT.rosaNoor, content: 'Over TCP?' })
    const echo = {
      type: 'message',
      chat_id: CHAT.rosaNoor,
      message: { id: messageId(CHAT.rosaNoor, 6), content: 'Over TCP?', sender_type: 'customer' },
    }
    expect((await noor.frames(2))[1]).toMatchObject(echo)
    expect((await rosa.frames(3))[2]).toMatchObject(echo)
    expect(backend.model.message('salon-rosa-noor', 6)).toMatchObject({
      body: 'Over TCP?',
      senderId: 'customer-noor',
    })
  })

  it('pages staff history over real HTTP, newest first; a bad token is 401, no route 404', async () => {
    const { backend, served } = await startSalon()
    const token = backend.model.issueToken('staff-rosa')
    const get = (path: string, bearer = token) =>
      fetch(`${served.apiUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } })
    const page = await get(`/chats/${CHAT.rosaNoor}/messages?page=1&page_size=2`)
    expect(page.status).toBe(200)
    const body = (await page.json()) as { messages: { id: number }[] }
    expect(body.messages.map((m) => m.id)).toEqual([
      messageId(CHAT.rosaNoor, 5),
      messageId(CHAT.rosaNoor, 4),
    ])
    expect((await get('/chats', 'nobody')).status).toBe(401)
    const missing = await get('/no-such-route')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ detail: 'Not Found' })
  })

  it('takes a JSON body on POST (a REST send) and answers CORS preflights', async () => {
    const { backend, served } = await startSalon()
    const token = backend.model.issueToken('staff-rosa')
    const sent = await fetch(`${served.apiUrl}/chats/${CHAT.rosaNoor}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'sent over REST', message_type: 'text' }),
    })
    expect(sent.status).toBeLessThan(300)
    expect(backend.model.message('salon-rosa-noor', 6)?.body).toBe('sent over REST')
    const preflight = await fetch(`${served.apiUrl}/chats`, { method: 'OPTIONS' })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization')
  })

  it('refuses a bad token with HTTP 403 on the upgrade: no socket ever opens', async () => {
    const { backend, served } = await startSalon()
    const cases = [
      `${served.url}/ws/chat/user?token=nonsense`,
      `${served.url}/ws/chat/user`, // no token at all
      // A customer's valid token on the staff path names nobody there.
      `${served.url}/ws/chat/user?token=${backend.model.issueToken('customer-noor')}`,
    ]
    for (const url of cases) {
      const raw = rawSocket(url)
      await raw.closed()
      expect(raw.outcome).toMatchObject({ opened: false, error: 'Unexpected server response: 403' })
    }
    const unknownPath = rawSocket(`${served.url}/ws/elsewhere?token=x`)
    await unknownPath.closed()
    expect(unknownPath.outcome.error).toBe('Unexpected server response: 404')
    expect(served.connections()).toBe(0)
    expect(backend.controls.sessions()).toEqual([])
  })

  it('an outage is refused before the handshake too, and lifts', async () => {
    const { backend, served } = await startSalon()
    const token = backend.model.issueToken('staff-rosa')
    backend.controls.outage(200)
    const during = rawSocket(`${served.url}/ws/chat/user?token=${token}`)
    await during.closed()
    expect(during.outcome.opened).toBe(false)
    await sleep(250)
    await signIn(served, 'user', token)
    expect(backend.controls.sessions()).toHaveLength(1)
  })

  it('a server close travels as a close frame; 1006 ends the TCP connection without one', async () => {
    const { backend, served } = await startSalon()
    const token = backend.model.issueToken('staff-rosa')
    const first = await signIn(served, 'user', token)
    backend.controls.disconnectAll(1012, 'service restart')
    await first.closed()
    expect(first.outcome.closeCode).toBe(1012)
    const second = await signIn(served, 'user', token)
    backend.controls.disconnectAll(1006)
    await second.closed()
    expect(second.outcome.closeCode).toBe(1006) // no close frame: an abnormal end
    await waitForNoSessions(backend)
  })

  it('kill ends every connection and stops listening; restart serves the same model on the same port', async () => {
    const { backend, served } = await startSalon()
    const token = backend.model.issueToken('customer-noor')
    const noor = await signIn(served, 'customer', token)
    noor.json({ type: 'join_chat', chat_id: CHAT.rosaNoor })
    noor.json({ type: 'send_message', chat_id: CHAT.rosaNoor, content: 'before the crash' })
    await noor.frames(2)
    // A keep-alive HTTP connection is a TCP connection too: kill ends it as well.
    await fetch(`${served.apiUrl}/chats`, { headers: { authorization: `Bearer ${token}` } })

    await served.kill()
    await noor.closed()
    expect(noor.outcome.closeCode).toBe(1006)
    await waitForNoSessions(backend)
    const refused = rawSocket(`${served.url}/ws/chat/customer?token=${token}`)
    await refused.closed()
    expect(refused.outcome.error).toMatch(/ECONNREFUSED/)

    await served.restart()
    const again = await signIn(served, 'customer', token)
    again.json({ type: 'join_chat', chat_id: CHAT.rosaNoor })
    again.json({ type: 'send_message', chat_id: CHAT.rosaNoor, content: 'after the restart' })
    expect((await again.frames(2))[1]).toMatchObject({
      message: { id: messageId(CHAT.rosaNoor, 7), content: 'after the restart' },
    })
    expect(backend.model.message('salon-rosa-noor', 6)?.body).toBe('before the crash')
  })

  it('a client gone before the upgrade completes leaves no live session behind', async () => {
    const { backend, served } = await startSalon()
    const token = backend.model.issueToken('staff-rosa')
    const tcp = connect(served.port, '127.0.0.1')
    tcp.on('error', () => {})
    await new Promise((resolve) => tcp.once('connect', resolve))
    // A valid upgrade request, and the connection reset in the same breath.
    tcp.write(
      `GET /api/v1/chat/ws/chat/user?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    )
    tcp.destroy()
    await sleep(50)
    await waitForNoSessions(backend)
    expect(backend.model.isOnline('staff-rosa')).toBe(false)
  })

  it('keeps the real server’s quirks: invalid JSON closes 1000, a second socket of one identity drops both', async () => {
    const { backend, served } = await startSalon()
    const token = backend.model.issueToken('staff-rosa')
    const garbled = await signIn(served, 'user', token)
    garbled.socket.send('{not json')
    await garbled.closed()
    expect(garbled.outcome.closeCode).toBe(1000)

    backend.controls.quirks({ duplicateIdentityDrops: true })
    const first = await signIn(served, 'user', token)
    const second = await signIn(served, 'user', token)
    await Promise.all([first.closed(), second.closed()])
    expect([first.outcome.closeCode, second.outcome.closeCode]).toEqual([1000, 1000])
  })

  it('dropConnections cuts live sockets but keeps listening', async () => {
    const { backend, served } = await startSalon()
    const token = backend.model.issueToken('staff-li')
    const li = await signIn(served, 'user', token)
    expect(served.dropConnections()).toBe(1)
    await li.closed()
    expect(li.outcome.closeCode).toBe(1006)
    await signIn(served, 'user', token)
    expect(served.connections()).toBe(2)
  })
})

async function waitForNoSessions(backend: { controls: { sessions(): readonly unknown[] } }) {
  for (let i = 0; i < 100 && backend.controls.sessions().length > 0; i++) await sleep(10)
  expect(backend.controls.sessions()).toEqual([])
}
