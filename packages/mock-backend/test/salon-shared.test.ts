import { describe, expect, it } from 'vitest'
import { createMockBackend } from '../src'
import { shareAcrossTabs } from '../src/shared'
import { fakeLocks } from './fake-locks'
import { openRawSocket, waitFor } from './helpers'
import { CHAT, SALON_API, SALON_URL, socketUrl, useSalonServer } from './salon-helpers'

// Two tabs sharing one Salon server (as the demo's do): a socket opened in the tab that does not
// serve is relayed with its URL, so the serving tab reads its token and role from it.
const { server, later } = useSalonServer()

async function twoTabs() {
  const locks = fakeLocks()
  const name = `salon-${crypto.randomUUID()}`
  const open = async () => {
    const backend = createMockBackend({ dialect: 'salon', url: SALON_URL, apiUrl: SALON_API })
    const shared = shareAcrossTabs(backend, { name, locks })
    later(() => (shared.dispose(), backend.dispose()))
    await shared.ready
    return { backend, shared }
  }
  return [await open(), await open()] as const
}

describe('a Salon server shared across tabs', () => {
  it('serves a relayed socket as the identity its URL names, and chats with a local one', async () => {
    const [serving, relaying] = await twoTabs()
    expect(serving.shared.isLeader()).toBe(true)
    server.use(...relaying.shared.handlers)

    // Noor signs in in the relaying tab: her token was issued there and told to the server.
    const noor = openRawSocket(
      socketUrl('customer-noor', relaying.backend.model.issueToken('customer-noor')),
    )
    const [greeting] = await noor.frames(1)
    expect(greeting).toMatchObject({
      type: 'connected',
      participant_type: 'customer',
      participant_id: 7,
    })
    expect(serving.backend.controls.sessions().map((s) => s.userId)).toEqual(['customer-noor'])

    noor.send(JSON.stringify({ type: 'join_chat', chat_id: CHAT.rosaNoor }))
    noor.send(
      JSON.stringify({ type: 'send_message', chat_id: CHAT.rosaNoor, content: 'From tab two' }),
    )
    const [, echo] = await noor.frames(2)
    expect(echo).toMatchObject({
      type: 'message',
      message: { sender_type: 'customer', content: 'From tab two' },
    })
    await waitFor(
      () => serving.backend.model.latestSeq('salon-rosa-noor') === 6,
      'stored in the serving tab',
    )
  })

  it('refuses a relayed socket whose token the server does not know, before it opens', async () => {
    const [, relaying] = await twoTabs()
    server.use(...relaying.shared.handlers)
    const stranger = openRawSocket(socketUrl('staff-li', 'forged'))
    expect((await stranger.closed).code).toBe(1006)
  })
})
