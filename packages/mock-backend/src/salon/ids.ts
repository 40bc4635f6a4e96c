import type { ChatModel } from '../chat-model'
import type { MockUser } from '../session-model'

/** Salon's two kinds of people: staff sign in as `user`, clients of the salon as `customer`. */
export type ParticipantType = 'user' | 'customer'

/** Who someone is on Salon's wire: the pair, never the number alone (user 7 ≠ customer 7). */
export interface SalonIdentity {
  type: ParticipantType
  id: number
  /** Customers are known by phone on the real server (its tokens carry it in `sub`). */
  phone?: string
}

/**
 * The seed's Salon cast. Rosa and Noor share the number 7 on purpose: a client that keys people
 * by number alone shows Noor's messages as Rosa's.
 */
export const salonCast: Readonly<Record<string, SalonIdentity>> = {
  'staff-rosa': { type: 'user', id: 7 },
  'staff-li': { type: 'user', id: 8 },
  'customer-noor': { type: 'customer', id: 7, phone: '+971501234567' },
  'customer-ethan': { type: 'customer', id: 12, phone: '+447700900123' },
}

/** Messages per chat the id scheme leaves room for (the longest seeded chat has 12,000). */
const MESSAGE_ID_SPAN = 1_000_000
/** People outside the cast (a test's own `users`) are numbered from here, per type, in order. */
const FIRST_EXTRA_ID = 100

export interface SalonIds {
  /** The Salon identity of a model user; undefined for people Salon does not know (trainers…). */
  identityOf(userId: string): SalonIdentity | undefined
  /** The model user behind a Salon identity. */
  userOf(type: unknown, id: unknown): MockUser | undefined
  /** Chats are numbered 1, 2, … in the model's order: seed order, then creation order. */
  chatIdOf(conversationId: string): number
  conversationOf(chatId: unknown): string | undefined
  /** `chat_id × 1,000,000 + seq`: global, stable, and increasing within a chat as Salon's are. */
  messageIdOf(modelMessageId: string): number
  /** The model's `<conversation>.<seq>` for a Salon message id, if it names one that exists. */
  modelMessageOf(messageId: unknown): { conversationId: string; seq: number } | undefined
}

const SALON_ROLES: Partial<Record<MockUser['role'], ParticipantType>> = {
  staff: 'user',
  customer: 'customer',
}

/** Stable, two-way mappings between the model's string ids and Salon's integers. */
export function createSalonIds(model: ChatModel): SalonIds {
  const identities = new Map<string, SalonIdentity>()
  const next: Record<ParticipantType, number> = { user: FIRST_EXTRA_ID, customer: FIRST_EXTRA_ID }
  for (const user of model.users) {
    const type = SALON_ROLES[user.role]
    if (type === undefined) continue
    identities.set(user.id, salonCast[user.id] ?? { type, id: next[type]++ })
  }
  const byIdentity = new Map(
    [...identities].map(([userId, { type, id }]) => [`${type} ${id}`, userId]),
  )
  const conversationOf = (chatId: unknown) =>
    typeof chatId === 'number' && Number.isInteger(chatId) && chatId > 0
      ? model.conversationIds()[chatId - 1]
      : undefined

  return {
    identityOf: (userId) => identities.get(userId),
    userOf(type, id) {
      const userId = byIdentity.get(`${String(type)} ${String(id)}`)
      return userId === undefined ? undefined : model.user(userId)
    },
    chatIdOf: (conversationId) => model.conversationIds().indexOf(conversationId) + 1,
    conversationOf,
    messageIdOf(modelMessageId) {
      const dot = modelMessageId.lastIndexOf('.')
      const chatId = model.conversationIds().indexOf(modelMessageId.slice(0, dot)) + 1
      return chatId * MESSAGE_ID_SPAN + Number(modelMessageId.slice(dot + 1))
    },
    modelMessageOf(messageId) {
      if (typeof messageId !== 'number' || !Number.isSafeInteger(messageId)) return undefined
      const conversationId = conversationOf(Math.floor(messageId / MESSAGE_ID_SPAN))
      const seq = messageId % MESSAGE_ID_SPAN
      if (conversationId === undefined || seq < 1 || seq > model.latestSeq(conversationId))
        return undefined
      return { conversationId, seq }
    },
  }
}

/**
 * A naive UTC timestamp as Python's `datetime.isoformat()` writes one: no zone, microseconds
 * when there are any (`2026-01-09T10:30:00.123000`), none when they are zero.
 */
export function naiveUtc(ms: number): string {
  const iso = new Date(ms).toISOString()
  const millis = iso.slice(20, 23)
  return millis === '000' ? iso.slice(0, 19) : `${iso.slice(0, 19)}.${millis}000`
}

/**
 * Salon has no client ids, but the model dedupes by one: every send gets a fresh one. Random,
 * not counted, so a tab that takes over a shared server never reuses one already stored.
 */
export const newClientId = () => `salon-${crypto.randomUUID()}`
