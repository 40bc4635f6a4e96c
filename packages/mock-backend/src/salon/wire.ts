import type { ChatModel, StoredMessage } from '../chat-model'
import { naiveUtc, type SalonIds } from './ids'
import type { SalonReceipts } from './receipts'

/** Salon has no `file` kind: a stored file shows as text naming it, as a plain server would. */
const MESSAGE_TYPES: Record<StoredMessage['kind'], string> = {
  text: 'text',
  image: 'image',
  voice: 'voice',
  system: 'system',
  file: 'text',
}
/** Where Salon's rows say the salon is; the seed has one. */
export const SALON_ID = 10

const mediaOf = (message: StoredMessage) =>
  message.attachments.find((attachment) => attachment.kind !== 'file')

/** The model's views of one message, in the shapes Salon's socket and REST rows use. */
export function createSalonWire(model: ChatModel, ids: SalonIds, receipts: SalonReceipts) {
  const sender = (message: StoredMessage) => {
    const identity = ids.identityOf(message.senderId)
    return {
      sender_type: identity?.type ?? 'user',
      sender_id: identity?.id ?? 0,
      sender_name: model.user(message.senderId)?.name ?? message.senderId,
    }
  }
  const common = (message: StoredMessage) => ({
    id: ids.messageIdOf(message.id),
    chat_id: ids.chatIdOf(message.conversationId),
    ...sender(message),
    message_type: MESSAGE_TYPES[message.kind],
    content:
      message.kind === 'file' ? (message.attachments[0]?.name ?? message.body) : message.body,
    reply_to_message_id: message.replyTo === undefined ? null : ids.messageIdOf(message.replyTo),
    created_at: naiveUtc(message.createdAt),
    // "Stored", not "delivered": the real server sets it before anyone received the message.
    is_delivered: true,
  })

  return {
    /** The `message` object of a socket frame: a media URL only where one was kept. */
    socketMessage(message: StoredMessage) {
      const media = mediaOf(message)
      return { ...common(message), ...(media && { media_url: media.url }) }
    },
    /** A history row: the seed's shape, with the sender split by type and its receipts. */
    restRow(message: StoredMessage) {
      const { sender_id, ...row } = common(message)
      const customer = row.sender_type === 'customer'
      return {
        ...row,
        sender_user_id: customer ? null : sender_id,
        sender_customer_id: customer ? sender_id : null,
        media_url: mediaOf(message)?.url ?? null,
        is_edited: message.editedAt !== undefined,
        is_deleted: message.deletedAt !== undefined,
        updated_at: naiveUtc(message.deletedAt ?? message.editedAt ?? message.createdAt),
        read_receipts: receipts.of(message).map(({ identity, at }) => ({
          reader_type: identity.type,
          reader_id: identity.id,
          read_at: naiveUtc(at),
        })),
      }
    },
    /** A chat as `GET /chats` lists it for one viewer. */
    chat(conversationId: string, viewerId: string) {
      const summary = model.summary(conversationId, viewerId)
      const last = summary.lastMessage
      const createdAt = model.message(conversationId, 1)?.createdAt ?? summary.updatedAt
      const participants = summary.participants.flatMap(({ id, name }) => {
        const identity = ids.identityOf(id)
        if (!identity) return []
        const unread = model.summary(conversationId, id).unreadCount
        const contact =
          identity.type === 'customer'
            ? { phone: identity.phone ?? null }
            : { email: model.user(id)?.email ?? null }
        return [
          {
            participant_type: identity.type,
            participant_id: identity.id,
            joined_at: naiveUtc(createdAt),
            is_active: true,
            unread_count: unread,
            name,
            ...contact,
          },
        ]
      })
      const types = new Set(participants.map((p) => p.participant_type))
      return {
        id: ids.chatIdOf(conversationId),
        chat_type: types.has('customer') ? 'user_customer' : 'user_user',
        salon_id: SALON_ID,
        title: summary.title ?? null,
        is_active: true,
        is_archived: false,
        last_message_at: naiveUtc(summary.updatedAt),
        last_message_preview: last ? last.body.slice(0, 100) : null,
        created_at: naiveUtc(createdAt),
        updated_at: naiveUtc(summary.updatedAt),
        participants,
        total_messages: model.latestSeq(conversationId),
        unread_count: summary.unreadCount,
        // Numbers without their type, as the real server lists them.
        online_participants: summary.participants
          .filter(({ id }) => model.isOnline(id) && ids.identityOf(id))
          .map(({ id }) => ids.identityOf(id)!.id),
      }
    },
  }
}

export type SalonWire = ReturnType<typeof createSalonWire>
