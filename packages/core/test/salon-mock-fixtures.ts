import { createMockBackend, type MockBackend } from '../../mock-backend/src'
import { serveMockBackend, type ServedMockBackend } from '../../mock-backend/src/node'
import { createChatClient, type ChatClient, type ChatClientOptions, type Message } from '../src'
import { createSalonProtocol, type SalonRole } from '../src/salon'
import { onCleanup, timeline as timelineOf } from './helpers'

/**
 * The mock backend's Salon dialect served over a real socket on 127.0.0.1, and the real client
 * against it: staff Rosa (user 7) and customer Noor (customer 7) share chat 11, which the seed
 * starts with five messages.
 */
export const CHAT = '11'
export const CONVERSATION = 'salon-rosa-noor'
export const ROSA = { userId: 'staff-rosa', role: 'user', identity: 'user:7' } as const
export const NOOR = { userId: 'customer-noor', role: 'customer', identity: 'customer:7' } as const

export async function servedSalon(seed = 1): Promise<{
  backend: MockBackend
  served: ServedMockBackend
}> {
  const backend = createMockBackend({
    dialect: 'salon',
    url: 'wss://salon.test',
    apiUrl: 'https://salon.test',
    seed,
  })
  const served = await serveMockBackend(backend)
  onCleanup(() => backend.dispose())
  onCleanup(() => served.close())
  return { backend, served }
}

export function mockSalonClient(
  served: ServedMockBackend,
  role: SalonRole,
  token: string,
  overrides: Partial<ChatClientOptions> = {},
): ChatClient {
  const client = createChatClient({
    url: served.url,
    getToken: () => token,
    protocol: createSalonProtocol({ apiUrl: served.apiUrl!, role, shareAcrossTabs: false }),
    environment: null,
    backoff: { baseMs: 20, capMs: 200 },
    batchMs: 5,
    ...overrides,
  })
  onCleanup(() => client.close())
  client.connect()
  return client
}

/** A person of the cast, signed in over the real socket. */
export const signIn = (
  { backend, served }: { backend: MockBackend; served: ServedMockBackend },
  who: typeof ROSA | typeof NOOR,
  overrides: Partial<ChatClientOptions> = {},
) => mockSalonClient(served, who.role, backend.model.issueToken(who.userId), overrides)

export const timeline = (c: ChatClient): readonly Message[] => timelineOf(c, CHAT)

/** What the model stored in chat 11, in its order, with the ids the client knows them by. */
export function storedMessages(backend: MockBackend): { id: string; body: string }[] {
  const stored: { id: string; body: string }[] = []
  for (let seq = 1; seq <= backend.model.latestSeq(CONVERSATION); seq++) {
    const message = backend.model.message(CONVERSATION, seq)
    if (message)
      stored.push({ id: String(backend.salon!.ids.messageIdOf(message.id)), body: message.body })
  }
  return stored
}

/** Every socket of the backend has joined chat 11 (the server saw each `join_chat`). */
export const everyoneJoined = (backend: MockBackend, count: number) => () =>
  backend.controls.sessions().filter((s) => s.joined.includes(CONVERSATION)).length >= count
