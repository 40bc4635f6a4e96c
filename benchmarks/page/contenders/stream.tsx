/**
 * stream-chat-react's VirtualizedMessageList on a stream-chat client and channel, without their
 * servers: the channel's state is filled as `channel.query` fills it, live messages arrive as the
 * socket's `message.new` events through `client.dispatchEvent`, which is what the SDK does with
 * each frame. An older page is put in the channel's state and announced with an event, as the
 * SDK's own history load ends by copying the channel's state into the list.
 */
import type { MessageResponse } from 'stream-chat'
import { StreamChat, type Channel as StreamChannel } from 'stream-chat'
import { Channel, Chat, VirtualizedMessageList } from 'stream-chat-react'
import 'stream-chat-react/dist/css/index.css'
import { createRoot } from 'react-dom/client'
import type { Contender, Mounted } from '../contender'
import { OTHER, SELF, type BenchMessage } from '../messages'

const users = { [SELF]: { id: SELF, name: 'Me' }, [OTHER]: { id: OTHER, name: 'Ada' } }

const toResponse = (m: BenchMessage, cid: string): MessageResponse =>
  ({
    id: m.id,
    cid,
    text: m.body,
    type: 'regular',
    user: users[m.senderId as keyof typeof users],
    created_at: new Date(m.createdAt).toISOString(),
    updated_at: new Date(m.createdAt).toISOString(),
    attachments: [],
    mentioned_users: [],
    reaction_counts: {},
    latest_reactions: [],
    own_reactions: [],
  }) as unknown as MessageResponse

let clients = 0

/** A client signed in as SELF and a channel it watches, as after connectUser and query. */
function offlineChannel(): { client: StreamChat; channel: StreamChannel } {
  const client = new StreamChat(`bench-key-${++clients}`, { warmUp: false })
  const self = users[SELF]
  // What connectUser leaves behind once its socket is open (userMuteStatus checks wsPromise).
  Object.assign(client, { userID: self.id, user: self, _user: self, wsPromise: Promise.resolve() })
  const channel = client.channel('messaging', 'bench')
  channel.initialized = true
  // Nothing older to ask their servers for: the benchmark brings older pages itself.
  Object.assign(channel.state.messagePagination, { hasPrev: false })
  client.activeChannels[channel.cid] = channel
  return { client, channel }
}

const CID = 'messaging:bench'

export const stream: Contender<MessageResponse[], { client: StreamChat; channel: StreamChannel }> =
  {
    store: 'channel.state.addMessagesSorted',
    data: (messages) => messages.map((m) => toResponse(m, CID)),
    ingest(responses) {
      const ready = offlineChannel()
      ready.channel.state.addMessagesSorted(responses)
      return ready
    },
    ingestOne({ client }, message) {
      client.dispatchEvent({ type: 'message.new', cid: CID, message: toResponse(message, CID) })
    },
    mount(box, { client, channel }): Mounted {
      createRoot(box).render(
        <div style={{ height: '100%', display: 'flex', flexDirection: 'column' }}>
          <Chat client={client}>
            <Channel channel={channel} initializeOnMount={false} markReadOnMount={false}>
              <VirtualizedMessageList />
            </Channel>
          </Chat>
        </div>,
      )
      return {
        append(message) {
          const event = { type: 'message.new', cid: CID, message: toResponse(message, CID) }
          client.dispatchEvent(event as Parameters<StreamChat['dispatchEvent']>[0])
        },
        prepend(older) {
          channel.state.addMessagesSorted(older.map((m) => toResponse(m, CID)))
          const event = { type: 'bench.history-page', cid: CID }
          client.dispatchEvent(event as unknown as Parameters<StreamChat['dispatchEvent']>[0])
        },
      }
    },
  }
