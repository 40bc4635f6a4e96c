import { describe, expect, it } from 'vitest'
import { API_URL, MOCK_URL } from './helpers'
import { rawSocket, serveBackend } from './node-helpers'

// The native dialect over a real socket comes with the same adapter: auth is a frame after the
// handshake there, so a refused token is a 4401 close, not a refused upgrade.
const startNative = () => serveBackend({ url: MOCK_URL, apiUrl: API_URL })

describe('serveMockBackend, native dialect', () => {
  it('serves the socket and REST at the backend’s paths on 127.0.0.1', async () => {
    const { served } = await startNative()
    expect(served.url).toBe(`ws://127.0.0.1:${served.port}/native`)
    expect(served.apiUrl).toBe(`http://127.0.0.1:${served.port}/api`)
  })

  it('authenticates, joins with a replay, and acks a send with its client id', async () => {
    const { backend, served } = await startNative()
    const raw = rawSocket(served.url)
    await new Promise((resolve) => raw.socket.once('open', resolve))
    raw.json({ type: 'auth', token: backend.model.issueToken('client-sam') })
    const [welcome] = await raw.frames(1)
    expect(welcome).toMatchObject({ type: 'welcome', userId: 'client-sam' })
    const presence = raw.received.length

    const latest = backend.model.latestSeq('dm-maya-sam')
    raw.json({ type: 'join', conversationId: 'dm-maya-sam', afterSeq: latest - 1 })
    raw.json({ type: 'send', conversationId: 'dm-maya-sam', clientId: 'c-1', body: 'over TCP' })
    const frames = (await raw.frames(presence + 3)).slice(presence)
    expect(frames.map((f) => f.type)).toEqual(['message', 'joined', 'ack'])
    expect(frames[0]!.message).toMatchObject({ seq: latest })
    expect(frames[2]).toMatchObject({
      clientId: 'c-1',
      message: { seq: latest + 1, body: 'over TCP' },
    })
  })

  it('closes a refused auth frame with 4401 and its reason over the wire', async () => {
    const { served } = await startNative()
    const raw = rawSocket(served.url)
    await new Promise((resolve) => raw.socket.once('open', resolve))
    raw.json({ type: 'auth', token: 'nonsense' })
    await raw.closed()
    expect(raw.outcome).toMatchObject({ opened: true, closeCode: 4401 })
  })

  it('answers a history page over real HTTP', async () => {
    const { backend, served } = await startNative()
    const token = backend.model.issueToken('client-sam')
    const response = await fetch(`${served.apiUrl}/conversations/dm-maya-sam/messages?limit=2`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(response.status).toBe(200)
    const page = (await response.json()) as { messages: { seq: number }[] }
    const latest = backend.model.latestSeq('dm-maya-sam')
    expect(page.messages.map((m) => m.seq)).toEqual([latest - 1, latest])
  })
})
