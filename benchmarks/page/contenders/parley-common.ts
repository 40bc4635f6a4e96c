import type { Message, Participant } from '@parley/core'
import { CONVERSATION, OTHER, SELF, type BenchMessage } from '../messages'

export const participants: Participant[] = [
  { id: SELF, name: 'Me' },
  { id: OTHER, name: 'Ada' },
]

export const toMessage = (m: BenchMessage): Message => ({
  id: m.id,
  conversationId: CONVERSATION,
  senderId: m.senderId,
  kind: 'text',
  body: m.body,
  attachments: [],
  createdAt: m.createdAt,
  seq: m.i + 1,
  status: 'sent',
})
