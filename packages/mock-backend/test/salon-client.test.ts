import { createChatClient, type ChatClient, type Message } from '@parley/core'
import { createSalonProtocol, type SalonRole } from '@parley/core/adapters/salon'
import { describe, expect, it } from 'vitest'
import type { MockBackend } from '../src'
import { waitFor } from './helpers'
import { CHAT, connectSalon, SALON_API, SALON_URL, useSalonServer } from './salon-helpers'

// The real client with the real Salon adapter against the mock's Salon dialect: what the demo,
// Storybook and the fault suites rely on. The adapter takes the chat prefix as its URLs.
const { startSalon, later } = useSalonServer()
const PREFIX = '/api/v1/chat'

function salonClient(backend: MockBackend, userId: string, role: SalonRole): ChatClient {
  const token = backend.model.issueToken(userId)
  const client = createChatClient({
    url: SALON_URL + PREFIX,
    getToken: () => token,
    protocol: createSalonProtocol({ apiUrl: SALON_API + PREFIX, role }),
    environment: null,
    backoff: { baseMs: 20, factor: 2, capMs: 80 },
    connectTimeoutMs: 1_000,
    batchMs: 5,
  })
  later(() => client.close())
  client.connect()
  return client
}
const timeline = (client: ChatClient, chat: number): readonly Message[] =>
  client.getSnapshot().timelines[String(chat)] ?? []
const isOpen = (client: ChatClient) =>
  waitFor(() => client.getSnapshot().connection.status === 'open', 'open')

describe('createSalonProtocol against the Salon mock', () => {
  it('staff and a customer chat live: echoes confirm, the other side receives', async () => {
    const backend = startSalon()
    const rosa = salonClient(backend, 'staff-rosa', 'user')
    const noor = salonClient(backend, 'customer-noor', 'customer')
    const chat = String(CHAT.rosaNoor)
    rosa.watch(chat)
    noor.watch(chat)
    await Promise.all([isOpen(rosa), isOpen(noor)])
    expect(rosa.getSnapshot().userId).toBe('user:7')
    expect(noor.getSnapshot().userId).toBe('customer:7')
    await waitFor(() => backend.controls.sessions().every((s) => s.joined.length === 1), 'joins')

    const sent = noor.send(chat, 'Is 14:30 still free?')
    await waitFor(() => timeline(noor, CHAT.rosaNoor).some((m) => m.status === 'sent'), 'echo')
    await waitFor(
      () => timeline(rosa, CHAT.rosaNoor).some((m) => m.body === 'Is 14:30 still free?'),
      'delivery',
    )
    const [mine] = timeline(noor, CHAT.rosaNoor).filter((m) => m.clientId === sent.clientId)
    expect(mine).toMatchObject({ status: 'sent', senderId: 'customer:7', id: '11000006' })
    expect(
      timeline(noor, CHAT.rosaNoor).filter((m) => m.body === 'Is 14:30 still free?'),
    ).toHaveLength(1)

    rosa.send(chat, 'Yes, see you then')
    await waitFor(() => timeline(noor, CHAT.rosaNoor).some((m) => m.senderId === 'user:7'), 'reply')
  })

  it('pages staff history newest-first into the timeline, oldest first, without gaps', async () => {
    const backend = startSalon()
    const protocol = createSalonProtocol({ apiUrl: SALON_API + PREFIX, role: 'user' })
    const token = backend.model.issueToken('staff-rosa')
    const latest = await protocol.fetchHistory!(
      { conversationId: String(CHAT.rosaNoor), limit: 2 },
      { token },
    )
    const older = await protocol.fetchHistory!(
      { conversationId: String(CHAT.rosaNoor), before: latest.messages[0]!.id, limit: 2 },
      { token },
    )
    expect(latest.messages.map((m) => m.id)).toEqual(['11000004', '11000005'])
    expect(latest.messages[0]!.attachments).toMatchObject([{ kind: 'image' }])
    expect(older).toMatchObject({
      hasMore: true,
      messages: [{ id: '11000002' }, { id: '11000003' }],
    })
    const list = await protocol.fetchConversations!({}, { token })
    expect(list.conversations.map((c) => c.id).sort()).toEqual(['11', '12', '13'])
  })

  it('signs out on a refused token, and reconnects after a restart with nothing lost', async () => {
    const backend = startSalon()
    const rosa = salonClient(backend, 'staff-rosa', 'user')
    const chat = String(CHAT.rosaEthan)
    rosa.watch(chat)
    await isOpen(rosa)
    backend.controls.disconnectAll()
    const ethan = await connectSalon(backend, 'customer-ethan')
    ethan.json({
      type: 'send_message',
      chat_id: CHAT.rosaEthan,
      content: 'Sent while you were away',
    })
    await isOpen(rosa)
    await waitFor(
      () => timeline(rosa, CHAT.rosaEthan).some((m) => m.body === 'Sent while you were away'),
      'gap-fill',
    )

    backend.controls.expireToken(
      backend.controls.sessions().find((s) => s.userId === 'staff-rosa')!.token!,
    )
    await waitFor(() => rosa.getSnapshot().connection.status === 'unauthorized', 'signed out')
  })
})
