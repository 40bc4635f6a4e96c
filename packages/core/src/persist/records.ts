import { ParleyError, type ParleyErrorCode } from '../errors'
import type { Conversation, Message, MessageStatus } from '../model'
import type { PersistStorage } from './storage'

/**
 * The records, one key each:
 *  - `meta`: `{ version, userId, conversations: { [id]: { usedAt, count } } }`, the LRU index;
 *  - `t:<conversationId>`: `{ messages }`, a conversation's newest confirmed messages;
 *  - `o:<tabId>`: `{ sends }`, one tab's outbox, in send order;
 *  - `list`: `{ conversations }`, the conversation list as last fetched.
 */
export const SCHEMA_VERSION = 1
export const META = 'meta'
export const LIST = 'list'
export const timelineKey = (conversationId: string) => `t:${conversationId}`
export const outboxKey = (tabId: string) => `o:${tabId}`

export interface Meta {
  version: number
  userId: string | undefined
  conversations: Record<string, { usedAt: number; count: number }>
}

/** A message as stored: its error (a class instance) as plain code and text. */
export type StoredMessage = Omit<Message, 'error'> & {
  errorCode?: ParleyErrorCode
  errorText?: string
}

export interface StoredSend {
  message: StoredMessage
  stage: 'queued' | 'wire' | 'unconfirmed' | 'failed'
  anchor: StoredMessage | undefined
}

/** Something persistence had to say: it never throws, it degrades and tells. */
export interface PersistWarning {
  /**
   * `storage-unavailable`: the store cannot be opened or written (private mode, blocked): memory only.
   * `quota-exceeded`: the browser refused to store more: memory only.
   * `corrupt-record`: a record was unreadable and was deleted.
   * `schema-reset`: the stored data had a version this code cannot migrate and was wiped.
   */
  code: 'storage-unavailable' | 'quota-exceeded' | 'corrupt-record' | 'schema-reset'
  message: string
  key?: string
  cause?: unknown
}

const STATUSES = new Set<MessageStatus>([
  'sending',
  'unconfirmed',
  'sent',
  'delivered',
  'read',
  'failed',
])
const STAGES = new Set(['queued', 'wire', 'unconfirmed', 'failed'])
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function isStoredMessage(value: unknown): value is StoredMessage {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.conversationId === 'string' &&
    typeof value.senderId === 'string' &&
    typeof value.body === 'string' &&
    typeof value.createdAt === 'number' &&
    Array.isArray(value.attachments) &&
    STATUSES.has(value.status as MessageStatus)
  )
}

export const toStored = ({ error, ...message }: Message): StoredMessage =>
  error ? { ...message, errorCode: error.code, errorText: error.message } : message

export function fromStored({ errorCode, errorText, ...message }: StoredMessage): Message {
  return errorCode ? { ...message, error: new ParleyError(errorCode, errorText ?? '') } : message
}

/** The messages of a `t:` record, or undefined when it is not one. */
export function readTimeline(value: unknown, conversationId: string): Message[] | undefined {
  if (!isObject(value) || !Array.isArray(value.messages)) return undefined
  const { messages } = value
  const valid = messages.every((m) => isStoredMessage(m) && m.conversationId === conversationId)
  return valid ? (messages as StoredMessage[]).map(fromStored) : undefined
}

/** The sends of an `o:` record, or undefined when it is not one. */
export function readSends(value: unknown): StoredSend[] | undefined {
  if (!isObject(value) || !Array.isArray(value.sends)) return undefined
  const valid = value.sends.every(
    (s: unknown) =>
      isObject(s) &&
      isStoredMessage(s.message) &&
      typeof s.message.clientId === 'string' &&
      STAGES.has(s.stage as string) &&
      (s.anchor === undefined || isStoredMessage(s.anchor)),
  )
  return valid ? (value.sends as StoredSend[]) : undefined
}

export function readList(value: unknown): Conversation[] | undefined {
  if (!isObject(value) || !Array.isArray(value.conversations)) return undefined
  const valid = value.conversations.every(
    (c: unknown) => isObject(c) && typeof c.id === 'string' && Array.isArray(c.participants),
  )
  return valid ? (value.conversations as Conversation[]) : undefined
}

/** One step from `version` to `version + 1`, rewriting whatever records changed shape. */
export type Migration = (storage: PersistStorage, meta: Meta) => Promise<Meta>

/**
 * The stored meta brought to `SCHEMA_VERSION` through `migrations` (keyed by the version they
 * start from). Undefined when it cannot be: unreadable, newer than this code, or a step missing;
 * the caller then wipes the store and starts again.
 */
export async function migrate(
  storage: PersistStorage,
  value: unknown,
  migrations: Readonly<Record<number, Migration>>,
): Promise<Meta | undefined> {
  if (!isObject(value) || typeof value.version !== 'number' || !isObject(value.conversations))
    return undefined
  let meta = value as unknown as Meta
  while (meta.version < SCHEMA_VERSION) {
    const step = migrations[meta.version]
    if (!step) return undefined
    meta = { ...(await step(storage, meta)), version: meta.version + 1 }
  }
  return meta.version === SCHEMA_VERSION ? meta : undefined
}
