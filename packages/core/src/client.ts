import { createConnection, type Connection, type ConnectionOptions } from './connection'
import type { ConnectionState } from './connection-state'
import { ParleyError } from './errors'
import { isPending, type Attachment, type Message, type MessageKind } from './model'
import type { ProtocolCommand, ProtocolEvent } from './protocol'
import { createStore, type Store } from './subscribable'
import { findMessage, mergeMessages } from './timeline'

export interface ChatState {
  connection: ConnectionState
  /** The signed-in user, as the server named it in its greeting. */
  userId: string | undefined
  /** One ordered, deduplicated timeline per conversation: history, live frames and pending sends. */
  timelines: Readonly<Record<string, readonly Message[]>>
  /** Per conversation, who is typing now (expired entries are dropped). */
  typing: Readonly<Record<string, readonly string[]>>
  presence: Readonly<Record<string, boolean>>
  /** Messages from others that arrived live since this client last marked the conversation read. */
  unread: Readonly<Record<string, number>>
}

export type SendInput =
  string | { text: string; kind?: MessageKind; attachments?: Attachment[]; replyTo?: string }

export interface ChatClientOptions extends ConnectionOptions {
  /** A sent message with no ack after this long becomes `failed`. */
  ackTimeoutMs?: number
  /** Sends waiting for a connection, at most; more is an `outbox-full` error, never a silent drop. */
  maxQueued?: number
  /** Incoming events are applied to the store at most once per this many ms. */
  batchMs?: number
  /** How long a typing signal lasts without a refresh. */
  typingTtlMs?: number
}

export interface ChatClient extends Store<ChatState> {
  readonly connection: Connection
  connect(): void
  reconnect(): void
  close(): void
  /** Receive a conversation's live messages; joins now and again after every reconnect. */
  watch(conversationId: string): () => void
  /** Show the message at once as `sending`; it becomes `sent` on the server's ack. */
  send(conversationId: string, input: SendInput): Message
  retry(clientId: string): void
  discard(clientId: string): void
  setTyping(conversationId: string, isTyping: boolean): void
  /** Tell the server (and the unread count) that everything up to `messageId` has been read. */
  markRead(conversationId: string, messageId: string): void
  /** Ask the server to edit or delete a message; the timeline changes when the server confirms. */
  edit(conversationId: string, messageId: string, body: string): Promise<void>
  remove(conversationId: string, messageId: string): Promise<void>
  /** Merge messages fetched elsewhere (a history page) into the timeline. */
  merge(messages: readonly Message[]): void
  /** Every event decoded from the socket, as it arrives, including `protocol-error`s. */
  onEvent(listener: (event: ProtocolEvent) => void): () => void
}

/**
 * A record with no prototype: ids come from the server, and an id like `__proto__` or
 * `constructor` must be just another key, never an inherited property.
 */
const dict = <T>(...sources: object[]): Record<string, T> =>
  Object.assign(Object.create(null), ...sources)

export function createChatClient(options: ChatClientOptions): ChatClient {
  const adapter = options.protocol
  const now = options.now ?? (() => Date.now()) // late-bound, so fake clocks installed later count
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000
  const maxQueued = options.maxQueued ?? 500
  const typingTtlMs = options.typingTtlMs ?? 6_000
  const connection = createConnection(options)
  const store = createStore<ChatState>({
    connection: connection.getSnapshot(),
    userId: undefined,
    timelines: dict(),
    typing: dict(),
    presence: dict(),
    unread: dict(),
  })
  const watched = new Map<string, number>()
  /** Client ids waiting to go out or for their ack, in send order, with their conversation. */
  const outbox = new Map<string, string>()
  const inFlight = new Map<string, ReturnType<typeof setTimeout>>()
  const typingUntil = new Map<string, Map<string, number>>()
  /**
   * Per conversation, the highest sequence number up to which nothing is missing (`upTo`), and the
   * numbers seen beyond a gap. Frames can overtake each other, so resuming from the highest number
   * seen could skip one still in flight when the line drops. `floor` sets `upTo` if still unknown.
   */
  const positions = new Map<string, { upTo?: number | undefined; above: Set<number> }>()
  const advance = (conversationId: string, seq?: number, floor?: number) => {
    const p = positions.get(conversationId) ?? { above: new Set<number>() }
    positions.set(conversationId, p)
    if (seq !== undefined) p.above.add(seq)
    p.upTo ??= floor
    if (p.upTo === undefined) return p
    for (const n of p.above) if (n <= p.upTo) p.above.delete(n)
    while (p.above.delete(p.upTo + 1)) p.upTo += 1
    return p
  }
  /**
   * Where a rejoin resumes: undefined for a first join. A conversation joined before whose
   * `joined` never arrived (the line dropped first) and that saw nothing resumes from 0: its
   * baseline is unknown, and joining fresh would skip whatever was sent meanwhile.
   */
  const resumeFrom = (conversationId: string) => {
    const p = positions.get(conversationId)
    return p && (p.upTo ?? (p.above.size ? Math.min(...p.above) - 1 : 0))
  }
  /** Call a REST method of the adapter with a fresh token. */
  const authed = <T>(call: (ctx: { token: string | undefined }) => Promise<T>) =>
    Promise.resolve(options.getToken?.()).then((token) => call({ token }))
  let pending: ProtocolEvent[] = []
  let history: Message[] = []
  let batchTimer: ReturnType<typeof setTimeout> | undefined
  let typingTimer: ReturnType<typeof setTimeout> | undefined

  const state = () => store.getSnapshot()
  const patch = (next: Partial<ChatState>) => store.setState({ ...state(), ...next })
  const timeline = (conversationId: string) => state().timelines[conversationId] ?? []
  /** This client's message with that client id, wherever it is. */
  const find = (clientId: string): Message | undefined => {
    for (const list of Object.values(state().timelines)) {
      const found = findMessage(list, `c:${clientId}`)
      if (found) return found
    }
    return undefined
  }
  const update = (message: Message) =>
    patch({
      timelines: dict(state().timelines, {
        [message.conversationId]: mergeMessages(timeline(message.conversationId), [message]),
      }),
    })
  const settle = (clientId: string) => {
    clearTimeout(inFlight.get(clientId))
    inFlight.delete(clientId)
    outbox.delete(clientId)
  }
  const fail = (message: Message, error: ParleyError) => {
    settle(message.clientId ?? message.id)
    update({ ...message, status: 'failed', error })
  }
  const sendCommand = (frame: string | undefined) => frame !== undefined && connection.send(frame)

  /** Put every queued send on the wire, in order, once per connection. */
  function flushOutbox() {
    if (connection.getSnapshot().status !== 'open') return
    for (const clientId of outbox.keys()) {
      if (inFlight.has(clientId)) continue
      const message = find(clientId)
      if (!message || message.status !== 'sending') continue
      inFlight.set(
        clientId,
        setTimeout(
          () => fail(message, new ParleyError('ack-timeout', 'No ack in time')),
          ackTimeoutMs,
        ),
      )
      if (adapter.sendMessage) {
        authed((ctx) => adapter.sendMessage!(message, ctx)).then(
          (stored) => queueEvent({ type: 'ack', clientId, message: stored }),
          (cause) =>
            queueEvent({
              type: 'send-failed',
              clientId,
              error: new ParleyError('send-failed', 'Refused by the server', { cause }),
            }),
        )
      } else {
        const frame = adapter.encode({ type: 'send', message })
        if (!frame || !connection.send(frame)) {
          clearTimeout(inFlight.get(clientId))
          inFlight.delete(clientId)
        }
      }
    }
  }

  function join(conversationId: string) {
    const afterSeq = adapter.resumes ? resumeFrom(conversationId) : undefined
    // Hold the position at what we asked for, so the server's `joined` cannot jump past a replay in
    // flight; a first join records that the conversation was joined.
    advance(conversationId, undefined, afterSeq)
    sendCommand(
      adapter.encode({ type: 'join', conversationId, ...(afterSeq !== undefined && { afterSeq }) }),
    )
    if (!adapter.resumes && adapter.fetchHistory) {
      authed((ctx) => adapter.fetchHistory!({ conversationId, limit: 50 }, ctx)).then(
        (page) => client.merge(page.messages),
        () => {},
      ) // a failed refetch is retried on the next reconnect
    }
  }

  /** After (re)connecting: join every watched conversation, resuming or refetching what was missed. */
  function rejoin() {
    watched.forEach((_, conversationId) => join(conversationId))
    flushOutbox()
  }

  connection.subscribe(() => {
    const next = connection.getSnapshot()
    const wasOpen = state().connection.status === 'open'
    patch({
      connection: next,
      ...(next.status === 'open' && next.userId !== undefined && { userId: next.userId }),
    })
    if (next.status === 'open' && !wasOpen) rejoin()
    if (next.status !== 'open' && wasOpen) {
      // What was on the wire may be lost: resend on the next connection (servers dedupe by client id).
      inFlight.forEach((timer) => clearTimeout(timer))
      inFlight.clear()
    }
  })

  function queueEvent(event: ProtocolEvent) {
    pending.push(event)
    batchTimer ??= setTimeout(applyBatch, options.batchMs ?? 16)
  }
  connection.onEvents((events) => events.forEach(queueEvent))

  /** Apply every event that arrived since the last batch in one store update, one merge per conversation. */
  function applyBatch() {
    batchTimer = undefined
    const events = pending
    const historyPage = history
    pending = []
    history = []
    const timelines = dict<readonly Message[]>(state().timelines)
    const presence = dict<boolean>(state().presence)
    const unread = dict<number>(state().unread)
    const staged = new Map<string, Message[]>()
    const stage = (message: Message) => {
      advance(message.conversationId, message.seq)
      staged.set(message.conversationId, [...(staged.get(message.conversationId) ?? []), message])
    }
    const mergeStaged = () => {
      staged.forEach(
        (messages, conversationId) =>
          (timelines[conversationId] = mergeMessages(timelines[conversationId] ?? [], messages)),
      )
      staged.clear()
    }
    const self = state().userId
    const acked = new Map<string, string>()
    historyPage.forEach(stage)
    let typingChanged = false
    const t = now()
    for (const event of events) {
      switch (event.type) {
        case 'ack': {
          // One send is one message: an ack naming another conversation, or another message than
          // an earlier ack did, is a server bug and is ignored.
          const { clientId, message } = event
          const known = find(clientId)
          const ackedAs = acked.get(clientId) ?? (known && !isPending(known) ? known.id : undefined)
          if (
            (known?.conversationId ?? outbox.get(clientId)) === message.conversationId &&
            (ackedAs ?? message.id) === message.id
          ) {
            acked.set(clientId, message.id)
            settle(clientId)
            stage({ ...message, clientId })
          }
          break
        }
        case 'message': {
          let message = event.message
          if (message.senderId === self && !message.clientId && adapter.matchPending) {
            const ownPending = (timelines[message.conversationId] ?? []).filter(
              (m) => m.status === 'sending' && m.clientId,
            )
            const clientId = adapter.matchPending(message, ownPending)
            if (clientId) {
              settle(clientId)
              message = { ...message, clientId }
            }
          }
          const known =
            findMessage(timelines[message.conversationId] ?? [], message.id) ||
            staged.get(message.conversationId)?.some((m) => m.id === message.id)
          if (!known && message.senderId !== self)
            unread[message.conversationId] = (unread[message.conversationId] ?? 0) + 1
          stage(message)
          break
        }
        case 'send-failed': {
          // A send the server already acked cannot fail afterwards.
          const message = find(event.clientId)
          if (message && isPending(message) && !acked.has(event.clientId)) {
            settle(event.clientId)
            stage({ ...message, status: 'failed', error: event.error })
          }
          break
        }
        case 'receipt': {
          mergeStaged()
          const list = timelines[event.conversationId] ?? []
          const upTo = list.findIndex((m) => m.id === event.messageId)
          if (event.userId === self || upTo < 0) break
          for (const m of list.slice(0, upTo + 1)) {
            if (m.senderId === self && !isPending(m) && m.status !== 'read')
              stage({ ...m, status: 'read' })
          }
          break
        }
        case 'typing': {
          const users = typingUntil.get(event.conversationId) ?? new Map<string, number>()
          typingUntil.set(event.conversationId, users)
          if (event.isTyping) users.set(event.userId, t + typingTtlMs)
          else users.delete(event.userId)
          typingChanged = true
          break
        }
        case 'presence':
          presence[event.userId] = event.online
          break
        case 'joined': {
          // A fresh join's position is the baseline; a resumed one keeps its own until the replay fills in.
          advance(event.conversationId, undefined, event.seq)
          break
        }
      }
    }
    mergeStaged()
    store.setState({
      ...state(),
      timelines,
      presence,
      unread,
      ...(typingChanged && { typing: typingSnapshot() }),
    })
  }

  /** Who is typing now; schedules the next expiry. */
  function typingSnapshot(): Record<string, readonly string[]> {
    clearTimeout(typingTimer)
    const t = now()
    let next = Infinity
    const typing = dict<string[]>()
    for (const [conversationId, users] of typingUntil) {
      for (const [userId, until] of users) {
        if (until <= t) users.delete(userId)
        else {
          ;(typing[conversationId] ??= []).push(userId)
          next = Math.min(next, until)
        }
      }
    }
    if (next < Infinity)
      typingTimer = setTimeout(() => patch({ typing: typingSnapshot() }), next - t)
    return typing
  }

  /** Edit or delete over REST where the dialect does, else over the socket; errors reach the caller typed. */
  async function mutate(
    command: ProtocolCommand,
    rest?: (ctx: { token: string | undefined }) => Promise<Message | void>,
  ) {
    if (rest) {
      const updated = await authed(rest).catch((cause: unknown) => {
        throw new ParleyError('send-failed', `The server refused the ${command.type}`, { cause })
      })
      if (updated) client.merge([updated])
    } else if (!sendCommand(adapter.encode(command))) {
      throw new ParleyError('send-failed', `Cannot ${command.type} while disconnected`)
    }
  }

  const client: ChatClient = {
    connection,
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    connect: connection.connect,
    reconnect: connection.reconnect,
    close() {
      connection.close()
      clearTimeout(batchTimer)
      clearTimeout(typingTimer)
      batchTimer = typingTimer = undefined
      pending = []
      inFlight.forEach((timer) => clearTimeout(timer))
      inFlight.clear()
    },
    watch(conversationId) {
      watched.set(conversationId, (watched.get(conversationId) ?? 0) + 1)
      if (watched.get(conversationId) === 1 && connection.getSnapshot().status === 'open')
        join(conversationId)
      return () => {
        const count = (watched.get(conversationId) ?? 1) - 1
        if (count > 0) watched.set(conversationId, count)
        else watched.delete(conversationId)
      }
    },
    send(conversationId, input) {
      if (outbox.size - inFlight.size >= maxQueued) {
        throw new ParleyError('outbox-full', `${maxQueued} messages already queued`)
      }
      const {
        text,
        kind = 'text',
        attachments = [],
        replyTo,
      } = typeof input === 'string' ? { text: input } : input
      const clientId = crypto.randomUUID()
      const message: Message = {
        id: clientId,
        clientId,
        conversationId,
        senderId: state().userId ?? '',
        kind,
        body: text,
        attachments,
        createdAt: now(),
        status: 'sending',
        ...(replyTo !== undefined && { replyTo }),
      }
      outbox.set(clientId, conversationId)
      update(message)
      flushOutbox()
      return message
    },
    retry(clientId) {
      const message = find(clientId)
      if (!message || message.status !== 'failed') return
      const { error: _error, ...rest } = message
      outbox.set(clientId, message.conversationId)
      update({ ...rest, status: 'sending' })
      flushOutbox()
    },
    discard(clientId) {
      const message = find(clientId)
      settle(clientId)
      if (message && isPending(message)) {
        patch({
          timelines: dict(state().timelines, {
            [message.conversationId]: timeline(message.conversationId).filter((m) => m !== message),
          }),
        })
      }
    },
    setTyping: (conversationId, isTyping) =>
      void sendCommand(adapter.encode({ type: 'typing', conversationId, isTyping })),
    markRead(conversationId, messageId) {
      sendCommand(adapter.encode({ type: 'read', conversationId, messageId }))
      const list = timeline(conversationId)
      const after = list.slice(list.findIndex((m) => m.id === messageId) + 1)
      const unread = after.filter((m) => m.senderId !== state().userId).length
      patch({ unread: dict(state().unread, { [conversationId]: unread }) })
    },
    merge(messages) {
      history.push(...messages)
      batchTimer ??= setTimeout(applyBatch, options.batchMs ?? 16)
    },
    async edit(conversationId, messageId, body) {
      await mutate(
        { type: 'edit', conversationId, messageId, body, requestId: crypto.randomUUID() },
        adapter.editMessage &&
          ((ctx) => adapter.editMessage!({ conversationId, messageId, body }, ctx)),
      )
    },
    async remove(conversationId, messageId) {
      await mutate(
        { type: 'delete', conversationId, messageId, requestId: crypto.randomUUID() },
        adapter.deleteMessage &&
          ((ctx) => adapter.deleteMessage!({ conversationId, messageId }, ctx)),
      )
    },
    onEvent: (listener) => connection.onEvents((events) => events.forEach(listener)),
  }

  return client
}
