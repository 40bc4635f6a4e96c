import type { ChatEvent } from '../chat-model'
import type { SalonContext } from './context'
import { naiveUtc } from './ids'
import { announce } from './server'

/** Send what changed in the model to the Salon sockets in that chat's room, as its hub does. */
export function salonFanOut(event: ChatEvent, ctx: SalonContext): void {
  const { ids, sessions } = ctx
  const inRoom = (conversationId: string) =>
    [...sessions].filter((session) => session.joined.has(conversationId))
  switch (event.type) {
    case 'message': {
      if (ctx.hush.message) return
      if (event.change !== 'new' && !ctx.quirks.pushEdits) return
      const { message } = event
      const frame = {
        type: 'message',
        chat_id: ids.chatIdOf(message.conversationId),
        message: {
          ...ctx.wire.socketMessage(message),
          // Only with `pushEdits` on: a server that does push them says what changed.
          ...(event.change === 'edit' && { is_edited: true }),
          ...(event.change === 'delete' && { is_deleted: true }),
        },
        timestamp: naiveUtc(Date.now()),
      }
      // Every member in the room, the sender too: that echo is the sender's only acknowledgement.
      for (const session of inRoom(message.conversationId)) session.deliver(frame)
      return
    }
    case 'typing': {
      const typist = ids.identityOf(event.userId)
      if (!typist) return
      const frame = {
        type: 'typing',
        chat_id: ids.chatIdOf(event.conversationId),
        participant_type: typist.type,
        participant_id: typist.id,
        is_typing: event.isTyping,
      }
      for (const session of inRoom(event.conversationId))
        if (session.userId !== event.userId) session.deliver(frame)
      return
    }
    case 'receipt': {
      // Receipts from a socket's `read_message` were announced by its handler.
      const reader = ids.identityOf(event.userId)
      if (ctx.hush.receipt || !reader) return
      ctx.receipts.record(event.messageId, reader, Date.now())
      const frame = {
        type: 'read_receipt',
        chat_id: ids.chatIdOf(event.conversationId),
        message_id: ids.messageIdOf(event.messageId),
        reader_type: reader.type,
        reader_id: reader.id,
      }
      for (const session of inRoom(event.conversationId)) session.deliver(frame)
      return
    }
    case 'presence': {
      // Someone the server plays (no socket of theirs) coming or going: as if they joined the
      // rooms of their chats. Real sockets announce themselves when they join and leave rooms.
      const identity = ids.identityOf(event.userId)
      if (ctx.hush.presence || !identity) return
      const type = event.online ? 'user_joined' : 'user_left'
      for (const conversationId of ctx.model.conversationIds())
        if (ctx.model.participantIds(conversationId).includes(event.userId))
          announce(ctx, undefined, conversationId, type, identity)
    }
  }
}
