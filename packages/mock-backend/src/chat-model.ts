import type { Attachment, Message, MessageKind } from '@parley/core'
import { createSessionModel, type MockUser, type SessionModel } from './session-model'

/**
 * A message as the server stores it: the core's wire shape without the client-side status and
 * error, and with `seq` always set (per conversation, 1-based, gap-free).
 */
export type StoredMessage = Omit<Message, 'status' | 'error' | 'seq'> & { seq: number }

/** A message as one viewer receives it: its own messages carry their client id and a status. */
export type WireMessage = StoredMessage & { status?: 'sent' | 'read' }

/** What a seed (or a test) writes: the server fills in id, seq and conversation. */
export type MessageSeed = Omit<StoredMessage, 'id' | 'seq' | 'conversationId'>

export interface ConversationSeed {
  id: string
  kind: 'direct' | 'group'
  title?: string
  /** `role` overrides the user's own role here (a group admin); `unread` leaves that many unread. */
  participants: { userId: string; role?: string; unread?: number }[]
  createdAt: number
  messages?: MessageSeed[]
  /**
   * Messages 1…count made on demand from their number and never stored until edited: how a
   * conversation of 10,000+ messages costs nothing until someone scrolls through it.
   */
  generated?: { count: number; message(seq: number): MessageSeed }
}

export interface ParticipantView {
  id: string
  name: string
  avatarUrl?: string
  role?: string
}

/** A conversation as `GET /conversations` lists it for one viewer. */
export interface ConversationSummary {
  id: string
  kind: 'direct' | 'group'
  title?: string
  participants: ParticipantView[]
  lastMessage?: WireMessage
  unreadCount: number
  updatedAt: number
}

export type ChatErrorCode =
  | 'unknown-conversation'
  | 'not-participant'
  | 'unknown-message'
  | 'unknown-user'
  | 'not-allowed'
  | 'empty-message'
  | 'too-long'
  | 'invalid-message'
  | 'invalid-request'

const STATUS: Record<ChatErrorCode, number> = {
  'unknown-conversation': 404,
  'unknown-message': 404,
  'not-participant': 403,
  'not-allowed': 403,
  'unknown-user': 422,
  'empty-message': 422,
  'too-long': 422,
  'invalid-message': 422,
  'invalid-request': 400,
}

/** What a real server refuses, with the code of its error frame and the status of its HTTP answer. */
export class ChatError extends Error {
  override readonly name = 'ChatError'
  readonly status: number
  constructor(
    readonly code: ChatErrorCode,
    message: string,
  ) {
    super(message)
    this.status = STATUS[code]
  }
}

export interface SendRequest {
  conversationId: string
  clientId: string
  kind?: MessageKind
  body: string
  attachments?: Attachment[]
  replyTo?: string
  /** Store a blank body without attachments: Salon's socket does, having dropped the media URL. */
  allowBlank?: boolean
}

/** Everything that changed, for the socket layer to fan out. `origin` is the session that asked. */
export type ChatEvent =
  | { type: 'message'; message: StoredMessage; change: 'new' | 'edit' | 'delete'; origin?: string }
  | { type: 'typing'; conversationId: string; userId: string; isTyping: boolean }
  | { type: 'receipt'; conversationId: string; userId: string; messageId: string }
  | { type: 'presence'; userId: string; online: boolean }
  | { type: 'conversation'; conversationId: string }

/** One conversation's state in a {@link ChatSnapshot}. */
export interface ConversationState {
  id: string
  /** For a conversation created after the seed: how to create it again. */
  seed?: ConversationSeed
  length: number
  /** Each participant's read position: `[userId, seq]`. */
  lastRead: [string, number][]
  /** The messages sent, edited or deleted since the seed (or since `since`). */
  messages: StoredMessage[]
}

/**
 * What changed since the seed, as plain data (structured-cloneable: it can cross a
 * `BroadcastChannel`): the conversations touched, with their new and changed messages only.
 */
export interface ChatSnapshot {
  /** Pass it to `snapshot(since)` to get only what changed after this one. */
  version: number
  /** How many conversations were created (numbers the next one's id). */
  created: number
  conversations: ConversationState[]
}

export interface ChatModelOptions {
  users: readonly MockUser[]
  conversations: readonly ConversationSeed[]
  /** Longest body accepted, in characters. */
  maxMessageLength?: number
  now?: () => number
}

export interface ChatModel extends SessionModel {
  user(id: string): MockUser | undefined
  /** Every conversation id, in seed and creation order. */
  conversationIds(): string[]
  participantIds(conversationId: string): string[]
  /** The conversation's latest sequence number (0 when empty). */
  latestSeq(conversationId: string): number
  /** The stored message with that number, or undefined. */
  message(conversationId: string, seq: number): StoredMessage | undefined
  summary(conversationId: string, viewerId: string): ConversationSummary
  /** Most recent activity first; `search` matches the title, other participants' names and the last message. */
  listConversations(
    viewerId: string,
    request?: { search?: string | undefined; cursor?: string | undefined; limit?: number },
  ): { conversations: ConversationSummary[]; nextCursor?: string }
  /** The newest `limit` messages older than `before` (a message id), or the latest. Oldest first. */
  history(
    viewerId: string,
    conversationId: string,
    request?: { before?: string | undefined; limit?: number },
  ): { messages: WireMessage[]; hasMore: boolean }
  /** Checks membership; returns the messages after `afterSeq` (none when undefined) and the latest seq. */
  join(
    viewerId: string,
    conversationId: string,
    afterSeq?: number,
  ): { replay: WireMessage[]; seq: number }
  /** Store a message, or find the one this sender already stored under that client id. */
  send(
    senderId: string,
    request: SendRequest,
    origin?: string,
  ): { message: WireMessage; duplicate: boolean }
  edit(
    userId: string,
    conversationId: string,
    messageId: string,
    body: string,
    origin?: string,
  ): StoredMessage
  remove(userId: string, conversationId: string, messageId: string, origin?: string): StoredMessage
  /** `userId` has read `messageId` and everything before it. */
  markRead(userId: string, conversationId: string, messageId: string): void
  typing(userId: string, conversationId: string, isTyping: boolean): void
  createConversation(
    creatorId: string,
    request: { kind: 'direct' | 'group'; participantIds: string[]; title?: string },
  ): { conversation: ConversationSummary; created: boolean }
  /** The clients on a trainer's list (seed 001), each with their direct conversation if any. */
  clientsOf(trainerId: string): (MockUser & { conversationId?: string })[]
  /** Count a session (or a simulated person) in or out; presence changes on the first and last. */
  setOnline(userId: string, online: boolean): void
  isOnline(userId: string): boolean
  /** Everyone who shares a conversation with `userId`. */
  contactsOf(userId: string): Set<string>
  onEvent(listener: (event: ChatEvent) => void): () => void
  /**
   * Messages, edits, deletes, read positions and conversations changed since the seed, or only
   * those changed after the snapshot whose `version` is `since`. Generated messages that nobody
   * edited stay out of it.
   */
  snapshot(since?: number): ChatSnapshot
  /**
   * Apply a snapshot taken from a model with the same seed (whole, or the changes since an earlier
   * one already applied): this model then continues where that one was, ids and seqs included.
   * Emits no events; sessions see the changes when they join or page history.
   */
  restore(snapshot: ChatSnapshot): void
}

interface Conversation {
  id: string
  kind: 'direct' | 'group'
  title?: string
  roles: Map<string, string | undefined>
  lastRead: Map<string, number>
  createdAt: number
  length: number
  generated: number
  generate?: (seq: number) => MessageSeed
  stored: Map<number, StoredMessage>
  byClientId: Map<string, number>
  /** The model's version when this conversation last changed (0: as seeded). */
  touched: number
  /** Messages changed since the seed: seq → version of the change. */
  changed: Map<number, number>
  /** Set when created after the seed. */
  made?: ConversationSeed
}

const KINDS = new Set<string>(['text', 'image', 'voice', 'file', 'system'])
const ATTACHMENT_KINDS = new Set<string>(['image', 'voice', 'file'])
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Attachments a client sent, checked field by field as a server would before storing them. */
function checkAttachments(value: unknown): Attachment[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || value.length > 10)
    throw new ChatError('invalid-message', 'attachments must be an array of at most 10')
  return value.map((item) => {
    if (
      !isRecord(item) ||
      !ATTACHMENT_KINDS.has(item.kind as string) ||
      typeof item.url !== 'string'
    )
      throw new ChatError('invalid-message', 'each attachment needs a kind and a url')
    const out: Attachment = { kind: item.kind as Attachment['kind'], url: item.url }
    for (const key of ['name', 'mimeType'] as const)
      if (typeof item[key] === 'string') out[key] = item[key] as string
    for (const key of ['size', 'width', 'height', 'durationMs'] as const)
      if (typeof item[key] === 'number') out[key] = item[key] as number
    return out
  })
}

/** One instance per backend: conversations, messages, read state and presence, all in memory. */
export function createChatModel(options: ChatModelOptions): ChatModel {
  const session = createSessionModel(options.users)
  const now = options.now ?? Date.now
  const maxLength = options.maxMessageLength ?? 4000
  const users = new Map(options.users.map((user) => [user.id, user]))
  const conversations = new Map<string, Conversation>()
  const online = new Map<string, number>()
  const listeners = new Set<(event: ChatEvent) => void>()
  let created = 0
  let version = 0

  const touch = (c: Conversation, seq?: number) => {
    c.touched = ++version
    if (seq !== undefined) c.changed.set(seq, version)
  }
  const emit = (event: ChatEvent) => listeners.forEach((listener) => listener(event))

  const at = (c: Conversation, seq: number): StoredMessage | undefined => {
    const stored = c.stored.get(seq)
    if (stored || seq < 1 || seq > c.generated) return stored
    return { ...c.generate!(seq), id: `${c.id}.${seq}`, conversationId: c.id, seq }
  }
  const conversation = (id: string) => {
    const c = conversations.get(id)
    if (!c) throw new ChatError('unknown-conversation', `No conversation ${JSON.stringify(id)}`)
    return c
  }
  /** The conversation, if `userId` takes part in it. */
  const member = (userId: string, id: unknown) => {
    if (typeof id !== 'string')
      throw new ChatError('invalid-request', 'conversationId must be a string')
    const c = conversation(id)
    if (!c.roles.has(userId))
      throw new ChatError('not-participant', `${userId} is not in conversation ${id}`)
    return c
  }
  const seqOf = (c: Conversation, messageId: unknown): number => {
    const text = typeof messageId === 'string' ? messageId : ''
    const seq = text.startsWith(`${c.id}.`) ? Number(text.slice(c.id.length + 1)) : NaN
    if (!Number.isInteger(seq) || seq < 1 || seq > c.length)
      throw new ChatError('unknown-message', `No message ${JSON.stringify(messageId)} in ${c.id}`)
    return seq
  }
  /** Read by everyone else: the viewer's own messages up to here show as read. */
  const readByOthers = (c: Conversation, viewerId: string) =>
    Math.min(...[...c.lastRead].flatMap(([id, seq]) => (id === viewerId ? [] : [seq])))
  const view = (message: StoredMessage, viewerId: string, readUpTo: number): WireMessage => {
    const { clientId, ...rest } = message
    const out: WireMessage = { ...rest, attachments: message.attachments.map((a) => ({ ...a })) }
    if (message.senderId === viewerId) {
      if (clientId !== undefined) out.clientId = clientId
      out.status = message.seq <= readUpTo ? 'read' : 'sent'
    }
    return out
  }
  const range = (c: Conversation, viewerId: string, from: number, to: number) => {
    const readUpTo = readByOthers(c, viewerId)
    const out: WireMessage[] = []
    for (let seq = from; seq <= to; seq++) out.push(view(at(c, seq)!, viewerId, readUpTo))
    return out
  }
  const store = (c: Conversation, message: StoredMessage) => {
    c.stored.set(message.seq, message)
    if (message.clientId !== undefined)
      c.byClientId.set(`${message.senderId} ${message.clientId}`, message.seq)
    return message
  }
  const append = (c: Conversation, seed: MessageSeed): StoredMessage => {
    const seq = ++c.length
    return store(c, { ...seed, id: `${c.id}.${seq}`, conversationId: c.id, seq })
  }
  const checkBody = (body: unknown, allowEmpty: boolean): string => {
    if (typeof body !== 'string') throw new ChatError('invalid-message', 'body must be a string')
    if (!allowEmpty && body.trim() === '') throw new ChatError('empty-message', 'Message is empty')
    if (body.length > maxLength)
      throw new ChatError('too-long', `Message is longer than ${maxLength} characters`)
    return body
  }
  const add = (seed: ConversationSeed) => {
    const c: Conversation = {
      id: seed.id,
      kind: seed.kind,
      roles: new Map(seed.participants.map((p) => [p.userId, p.role])),
      lastRead: new Map(),
      createdAt: seed.createdAt,
      length: seed.generated?.count ?? 0,
      generated: seed.generated?.count ?? 0,
      stored: new Map(),
      byClientId: new Map(),
      touched: 0,
      changed: new Map(),
      ...(seed.title !== undefined && { title: seed.title }),
      ...(seed.generated && { generate: seed.generated.message }),
    }
    for (const message of seed.messages ?? []) append(c, message)
    for (const p of seed.participants)
      c.lastRead.set(p.userId, Math.max(0, c.length - (p.unread ?? 0)))
    conversations.set(c.id, c)
    return c
  }
  options.conversations.forEach(add)

  const summary = (c: Conversation, viewerId: string): ConversationSummary => {
    const last = at(c, c.length)
    let unreadCount = 0
    for (let seq = (c.lastRead.get(viewerId) ?? 0) + 1; seq <= c.length; seq++) {
      const m = at(c, seq)!
      if (m.senderId !== viewerId && m.deletedAt === undefined) unreadCount += 1
    }
    return {
      id: c.id,
      kind: c.kind,
      ...(c.title !== undefined && { title: c.title }),
      participants: [...c.roles].map(([id, role]) => {
        const user = users.get(id)!
        const p: ParticipantView = { id, name: user.name, role: role ?? user.role }
        if (user.avatarUrl) p.avatarUrl = user.avatarUrl
        return p
      }),
      ...(last && { lastMessage: view(last, viewerId, readByOthers(c, viewerId)) }),
      unreadCount,
      updatedAt: last?.createdAt ?? c.createdAt,
    }
  }

  const mutate = (
    userId: string,
    conversationId: string,
    messageId: string,
    change: 'edit' | 'delete',
    origin: string | undefined,
    apply: (message: StoredMessage) => StoredMessage,
  ) => {
    const c = member(userId, conversationId)
    const message = at(c, seqOf(c, messageId))!
    if (message.senderId !== userId)
      throw new ChatError('not-allowed', `Only the sender can ${change} a message`)
    if (message.deletedAt !== undefined)
      throw new ChatError('not-allowed', 'That message was deleted')
    const updated = apply(message)
    c.stored.set(updated.seq, updated)
    touch(c, updated.seq)
    emit({ type: 'message', message: updated, change, ...(origin !== undefined && { origin }) })
    return updated
  }

  return {
    ...session,
    user: (id) => users.get(id),
    conversationIds: () => [...conversations.keys()],
    participantIds: (id) => [...conversation(id).roles.keys()],
    latestSeq: (id) => conversation(id).length,
    message: (id, seq) => at(conversation(id), seq),
    summary: (id, viewerId) => summary(member(viewerId, id), viewerId),
    listConversations(viewerId, { search, cursor, limit = 20 } = {}) {
      const needle = search?.trim().toLowerCase() ?? ''
      const all = [...conversations.values()]
        .filter((c) => c.roles.has(viewerId))
        .map((c) => summary(c, viewerId))
        .filter(
          (s) =>
            needle === '' ||
            [
              s.title ?? '',
              s.lastMessage?.body ?? '',
              ...s.participants.filter((p) => p.id !== viewerId).map((p) => p.name),
            ].some((text) => text.toLowerCase().includes(needle)),
        )
        .sort((a, b) => b.updatedAt - a.updatedAt || +(a.id > b.id) - +(a.id < b.id))
      const offset = cursor === undefined ? 0 : Number(cursor)
      if (!Number.isInteger(offset) || offset < 0)
        throw new ChatError('invalid-request', `Bad cursor ${JSON.stringify(cursor)}`)
      const page = all.slice(offset, offset + limit)
      return {
        conversations: page,
        ...(offset + limit < all.length && { nextCursor: String(offset + limit) }),
      }
    },
    history(viewerId, conversationId, { before, limit = 50 } = {}) {
      const c = member(viewerId, conversationId)
      if (!Number.isInteger(limit) || limit < 1 || limit > 200)
        throw new ChatError('invalid-request', 'limit must be 1–200')
      const end = before === undefined ? c.length : seqOf(c, before) - 1
      const start = Math.max(1, end - limit + 1)
      return { messages: range(c, viewerId, start, end), hasMore: start > 1 }
    },
    join(viewerId, conversationId, afterSeq) {
      const c = member(viewerId, conversationId)
      const from = afterSeq === undefined ? c.length + 1 : Math.max(0, afterSeq) + 1
      return { replay: range(c, viewerId, from, c.length), seq: c.length }
    },
    send(senderId, request, origin) {
      const c = member(senderId, request.conversationId)
      if (typeof request.clientId !== 'string' || request.clientId === '')
        throw new ChatError('invalid-request', 'clientId must be a non-empty string')
      const known = c.byClientId.get(`${senderId} ${request.clientId}`)
      if (known !== undefined)
        return { message: { ...at(c, known)!, status: 'sent' }, duplicate: true }
      const kind = request.kind ?? 'text'
      if (!KINDS.has(kind))
        throw new ChatError('invalid-message', `Unknown kind ${JSON.stringify(kind)}`)
      const attachments = checkAttachments(request.attachments)
      checkBody(request.body, attachments.length > 0 || request.allowBlank === true)
      if (request.replyTo !== undefined) seqOf(c, request.replyTo)
      const message = append(c, {
        clientId: request.clientId,
        senderId,
        kind,
        body: request.body,
        attachments,
        createdAt: now(),
        ...(request.replyTo !== undefined && { replyTo: request.replyTo }),
      })
      // Sending is reading: everything up to one's own message counts as read.
      c.lastRead.set(senderId, message.seq)
      touch(c, message.seq)
      emit({ type: 'message', message, change: 'new', ...(origin !== undefined && { origin }) })
      return { message: { ...message, status: 'sent' }, duplicate: false }
    },
    edit: (userId, conversationId, messageId, body, origin) => {
      checkBody(body, false)
      return mutate(userId, conversationId, messageId, 'edit', origin, (m) => ({
        ...m,
        body,
        editedAt: now(),
      }))
    },
    remove: (userId, conversationId, messageId, origin) =>
      mutate(userId, conversationId, messageId, 'delete', origin, (m) => ({
        ...m,
        body: '',
        attachments: [],
        deletedAt: now(),
      })),
    markRead(userId, conversationId, messageId) {
      const c = member(userId, conversationId)
      const seq = seqOf(c, messageId)
      if (seq <= (c.lastRead.get(userId) ?? 0)) return
      c.lastRead.set(userId, seq)
      touch(c)
      emit({ type: 'receipt', conversationId, userId, messageId: `${c.id}.${seq}` })
    },
    typing(userId, conversationId, isTyping) {
      member(userId, conversationId)
      emit({ type: 'typing', conversationId, userId, isTyping })
    },
    createConversation(creatorId, { kind, participantIds, title }) {
      if ((kind !== 'direct' && kind !== 'group') || !Array.isArray(participantIds))
        throw new ChatError('invalid-request', 'Give a kind (direct or group) and participantIds')
      const ids = [...new Set([creatorId, ...participantIds])]
      const unknown = ids.find((id) => typeof id !== 'string' || !users.has(id))
      if (unknown !== undefined)
        throw new ChatError('unknown-user', `No user ${JSON.stringify(unknown)}`)
      if (kind === 'direct' && ids.length !== 2)
        throw new ChatError('invalid-request', 'A direct conversation has exactly two participants')
      if (kind === 'group' && (ids.length < 2 || typeof title !== 'string' || title.trim() === ''))
        throw new ChatError(
          'invalid-request',
          'A group needs a title and at least two participants',
        )
      if (kind === 'direct') {
        const existing = [...conversations.values()].find(
          (c) => c.kind === 'direct' && ids.every((id) => c.roles.has(id)),
        )
        if (existing) return { conversation: summary(existing, creatorId), created: false }
      }
      const made: ConversationSeed = {
        id: `conversation-${++created}`,
        kind,
        ...(kind === 'group' && { title: title! }),
        participants: ids.map((userId) =>
          userId === creatorId && kind === 'group' ? { userId, role: 'admin' } : { userId },
        ),
        createdAt: now(),
      }
      const c = add(made)
      c.made = made
      touch(c)
      emit({ type: 'conversation', conversationId: c.id })
      return { conversation: summary(c, creatorId), created: true }
    },
    clientsOf(trainerId) {
      return [...users.values()]
        .filter((user) => user.trainerId === trainerId)
        .map((user) => {
          const direct = [...conversations.values()].find(
            (c) => c.kind === 'direct' && c.roles.has(trainerId) && c.roles.has(user.id),
          )
          return direct ? { ...user, conversationId: direct.id } : { ...user }
        })
    },
    setOnline(userId, isOnline) {
      const before = online.get(userId) ?? 0
      const after = Math.max(0, before + (isOnline ? 1 : -1))
      online.set(userId, after)
      if (before > 0 !== after > 0) emit({ type: 'presence', userId, online: after > 0 })
    },
    isOnline: (userId) => (online.get(userId) ?? 0) > 0,
    contactsOf(userId) {
      const contacts = new Set<string>()
      for (const c of conversations.values())
        if (c.roles.has(userId)) c.roles.forEach((_, id) => id !== userId && contacts.add(id))
      return contacts
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    snapshot(since = 0) {
      const changed: ConversationState[] = []
      for (const c of conversations.values())
        if (c.touched > since)
          changed.push({
            id: c.id,
            ...(c.made && { seed: c.made }),
            length: c.length,
            lastRead: [...c.lastRead],
            messages: [...c.changed].flatMap(([seq, v]) => (v > since ? [c.stored.get(seq)!] : [])),
          })
      // A copy: whoever holds it can neither change this model nor be changed by it.
      return structuredClone({ version, created, conversations: changed })
    },
    restore(snapshot) {
      for (const state of structuredClone(snapshot.conversations)) {
        const { id, seed } = state
        const c = conversations.get(id) ?? (seed ? add(seed) : conversation(id))
        if (seed) c.made = seed
        c.length = Math.max(c.length, state.length)
        // Read positions only move forward: a late update from the previous server cannot undo one.
        state.lastRead.forEach(([userId, seq]) =>
          c.lastRead.set(userId, Math.max(seq, c.lastRead.get(userId) ?? 0)),
        )
        touch(c)
        for (const message of state.messages) touch(c, store(c, message).seq)
      }
      created = Math.max(created, snapshot.created)
    },
  }
}
