import { createChatClient, type ChatClient, type ChatClientOptions } from '../src'
import { createSalonProtocol, type SalonRole } from '../src/salon'
import { onCleanup, timeline, untilOpen, waitFor } from './helpers'
import { startSalonServer, type SalonServer } from './salon-server'

export { timeline, untilOpen, waitFor } from './helpers'

/**
 * A Salon server with the seed's cast: staff Maya (user 7), customer Sam (customer 7 — the same
 * number, another person), customer Lee (customer 8, in no chat). Chat 1 is Maya ↔ Sam.
 */
export async function salonWorld() {
  const server = await startSalonServer()
  onCleanup(() => server.kill())
  const maya = server.addUser('maya-token', { type: 'user', id: 7, name: 'maya@salon.test' })
  const sam = server.addUser('sam-token', { type: 'customer', id: 7, name: 'Sam' })
  const lee = server.addUser('lee-token', { type: 'customer', id: 8, name: 'Lee' })
  const chatId = server.createChat([maya, sam])
  return { server, maya, sam, lee, chatId, chat: String(chatId) }
}

export function salonClient(
  server: SalonServer,
  role: SalonRole,
  token: string | (() => string),
  overrides: Partial<ChatClientOptions> = {},
): ChatClient {
  const client = createChatClient({
    url: server.url,
    getToken: typeof token === 'string' ? () => token : token,
    protocol: createSalonProtocol({ apiUrl: server.apiUrl, role }),
    environment: null,
    backoff: { baseMs: 50, capMs: 200 },
    batchMs: 5,
    ...overrides,
  })
  onCleanup(() => client.close())
  client.connect()
  return client
}

export const bodies = (c: ChatClient, chat: string) => timeline(c, chat).map((m) => m.body)
/** Both joined (the server saw their `join_chat`). */
export const joined = (server: SalonServer, count: number) =>
  waitFor(
    () => server.received.filter((f) => f.type === 'join_chat').length >= count,
    5_000,
    'join_chat',
  )

/**
 * Each client watches `chat`; resolves once all are open, the server saw each `join_chat`, and each
 * client's history fill after its join (which waits until the server has the join) is over.
 */
export async function inChat(server: SalonServer, chat: string, ...clients: ChatClient[]) {
  for (const client of clients) client.watch(chat)
  await Promise.all(clients.map(untilOpen))
  await joined(server, clients.length)
  await waitFor(
    () => clients.every((c) => c.getSnapshot().sync[chat]?.status === 'synced'),
    5_000,
    'synced',
  )
}
