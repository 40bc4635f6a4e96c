import { describe, expect, it } from 'vitest'
import { createSalonProtocol } from '../src/salon'
import { inChat, untilOpen, salonClient, salonWorld, timeline, waitFor } from './salon-fixtures'
import type { SalonServer } from './salon-server'

const staffAdapter = (server: SalonServer) =>
  createSalonProtocol({ apiUrl: server.apiUrl, role: 'user' })
const ids = (messages: readonly { id: string }[]) => messages.map((m) => Number(m.id))

describe('Salon history over newest-first pages, against the real server', () => {
  for (const ignoresBefore of [false, true]) {
    it(`pages back with no duplicate and no gap while new messages arrive${ignoresBefore ? ' (server ignores before_message_id)' : ''}`, async () => {
      const { server, chat, chatId, maya, sam } = await salonWorld()
      server.quirks.ignoreBeforeMessageId = ignoresBefore
      const old = Array.from({ length: 95 }, (_, i) =>
        server.post(chatId, i % 2 ? maya : sam, `old ${i}`),
      )
      const client = salonClient(server, 'user', 'maya-token')
      await untilOpen(client)
      const adapter = staffAdapter(server)
      const ctx = { token: 'maya-token' }

      let page = await adapter.fetchHistory!({ conversationId: chat, limit: 20 }, ctx)
      const seen = [...ids(page.messages)]
      while (page.hasMore) {
        // Three new messages per page: Salon's page numbers shift under the reader.
        for (let n = 0; n < 3; n++) server.post(chatId, sam, `new while paging ${n}`)
        const before = page.messages[0]!.id
        page = await adapter.fetchHistory!({ conversationId: chat, before, limit: 20 }, ctx)
        expect(page.messages.length).toBeLessThanOrEqual(20)
        expect(ids(page.messages).every((id) => id < Number(before))).toBe(true)
        seen.unshift(...ids(page.messages))
        client.merge(page.messages)
      }
      expect(seen).toEqual(old.map((row) => row.id))
      await waitFor(() => timeline(client, chat).length === 95 - 20, 5_000, 'merged')
      expect(new Set(ids(timeline(client, chat))).size).toBe(75)
      const pages = server.requests.filter((r) => r.includes('/messages?'))
      // Anchored by id, one request per page; otherwise the adapter walks the shifting pages itself.
      if (ignoresBefore) expect(pages.length).toBeGreaterThan(5)
      else expect(pages).toHaveLength(5)
      expect(pages.slice(1).every((r) => /before_message_id=\d+/.test(r))).toBe(true)
    })
  }

  it('returns the newest page oldest first, with hasMore, and an exact last page', async () => {
    const { server, chat, chatId, sam } = await salonWorld()
    const rows = Array.from({ length: 5 }, (_, i) => server.post(chatId, sam, `m${i}`))
    const adapter = staffAdapter(server)
    const first = await adapter.fetchHistory!(
      { conversationId: chat, limit: 3 },
      { token: 'maya-token' },
    )
    expect(first.messages.map((m) => m.body)).toEqual(['m2', 'm3', 'm4'])
    expect(first.hasMore).toBe(true)
    const last = await adapter.fetchHistory!(
      { conversationId: chat, before: String(rows[2]!.id), limit: 2 },
      { token: 'maya-token' },
    )
    expect(last).toMatchObject({ messages: [{ body: 'm0' }, { body: 'm1' }], hasMore: false })
  })

  it('a history 500 (the receipt quirk) reaches the caller as an http-error with its status', async () => {
    const { server, chat, chatId, sam } = await salonWorld()
    server.quirks.historyFailsOnReceipt = true
    const row = server.post(chatId, sam, 'read me')
    row.read_receipts.push({ reader_type: 'user', reader_id: 7, read_at: '2026-01-09T10:31:00' })
    await expect(
      staffAdapter(server).fetchHistory!(
        { conversationId: chat, limit: 20 },
        { token: 'maya-token' },
      ),
    ).rejects.toMatchObject({ code: 'http-error', raw: { status: 500 } })
  })
})

describe('Salon REST mutations and the chat list, against the real server', () => {
  it('edits over REST: the editor sees it at once, the other side only on reload (not pushed)', async () => {
    const { server, chat, chatId } = await salonWorld()
    const maya = salonClient(server, 'user', 'maya-token')
    const sam = salonClient(server, 'customer', 'sam-token')
    await inChat(server, chat, maya, sam)
    maya.send(chat, 'See you at 3')
    await waitFor(() => timeline(maya, chat)[0]?.status === 'sent', 5_000, 'echo')
    await waitFor(() => timeline(sam, chat).length === 1, 5_000, 'delivery')
    const id = timeline(maya, chat)[0]!.id

    await maya.edit(chat, id, 'See you at 4')
    await waitFor(() => timeline(maya, chat)[0]?.body === 'See you at 4', 5_000, 'edit merged')
    expect(timeline(maya, chat)[0]!.editedAt).toBeGreaterThan(0)
    expect(server.store.chats.get(chatId)!.messages[0]!.content).toBe('See you at 4')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(timeline(sam, chat)[0]!.body).toBe('See you at 3') // Salon does not push edits

    await maya.remove(chat, id)
    const reloaded = await staffAdapter(server).fetchHistory!(
      { conversationId: chat, limit: 20 },
      { token: 'maya-token' },
    )
    expect(reloaded.messages[0]).toMatchObject({ id, body: '' })
    expect(reloaded.messages[0]!.deletedAt).toBeGreaterThan(0)
  })

  it("refuses to edit someone else's message with a typed error", async () => {
    const { server, chat, chatId, sam } = await salonWorld()
    const row = server.post(chatId, sam, 'mine, not hers')
    const maya = salonClient(server, 'user', 'maya-token')
    await untilOpen(maya)
    await expect(maya.edit(chat, String(row.id), 'hacked')).rejects.toMatchObject({
      cause: { code: 'http-error', raw: { status: 403 } },
    })
  })

  it('lists chats for staff and for a customer with composite identities', async () => {
    const { server } = await salonWorld()
    const ctx = (token: string) => ({ token })
    const staff = await staffAdapter(server).fetchConversations!({}, ctx('maya-token'))
    const customer = await createSalonProtocol({ apiUrl: server.apiUrl, role: 'customer' })
      .fetchConversations!({}, ctx('sam-token'))
    for (const { conversations } of [staff, customer]) {
      expect(conversations).toHaveLength(1)
      expect(conversations[0]!.participants.map((p) => p.id)).toEqual(['user:7', 'customer:7'])
    }
    const lee = await createSalonProtocol({ apiUrl: server.apiUrl, role: 'customer' })
      .fetchConversations!({}, ctx('lee-token'))
    expect(lee.conversations).toEqual([])
  })
})
