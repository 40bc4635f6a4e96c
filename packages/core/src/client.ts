import { capabilitiesOf } from './capabilities'
import { createConnection, type Connection, type ConnectionOptions } from './connection'
import type { ConnectionState } from './connection-state'
import { ParleyError } from './errors'
import { createJoinBarrier } from './join-barrier'
import { isPending, type Attachment, type Message, type MessageKind } from './model'
import { createMutations, type Change } from './mutations'
import { createOutbox } from './outbox'
import { createPositions } from './positions'
import type { Capabilities, ProtocolEvent } from './protocol'
import type { ChatPersistence } from './persist-host'
import { createStore, type Store, type StoreApi, type StoreMiddleware } from './subscribable'
import { createSync, newestConfirmed, ownPending, type SyncState } from './sync'
import { findMessage, markReadUpTo, mergeMessages } from './timeline'
import { createTyping } from './typing'
import { createTrimmer, latestPage } from './trim'

export interface ChatState {
  connection: ConnectionState
  /** The signed-in user: the `userId` option, or as the server named it in its greeting. */
  userId: string | undefined
  /** One ordered, deduplicated timeline per conversation: history, live frames and pending sends. */
  timelines: Readonly<Record<string, readonly Message[]>>
  /** Per conversation, who is typing now (expired entries are dropped). */
  typing: Readonly<Record<string, readonly string[]>>
  presence: Readonly<Record<string, boolean>>
  /** Messages from others that arrived live since this client last marked the conversation read. */
  unread: Readonly<Record<string, number>>
  /** Per joined conversation: whether its timeline holds what the server has (`resync` retries an error). */
  sync: Readonly<Record<string, SyncState>>
}

export type SendInput =
  string | { text: string; kind?: MessageKind; attachments?: Attachment[]; replyTo?: string }

export interface ChatClientOptions extends ConnectionOptions {
  /** The signed-in user's id, known before the socket's greeting (which may never come). */
  userId?: string
  /** A sent message with no ack after this long becomes `unconfirmed` and is reconciled. */
  ackTimeoutMs?: number
  /** Sends waiting for a connection, at most; more is an `outbox-full` error, never a silent drop. */
  maxQueued?: number
  /** Incoming events are applied to the store at most once per this many ms. */
  batchMs?: number
  /** How long a typing signal lasts without a refresh. */
  typingTtlMs?: number
  /**
   * A conversation no longer watched keeps only its newest page after this long (default 10 min,
   * past TanStack Query's 5 min cache of its history cursor; `Infinity` never trims).
   */
  trimUnwatchedAfterMs?: number
  /** Wraps the zustand store, e.g. `(init) => devtools(init)`: each change is named by its event. */
  storeMiddleware?: StoreMiddleware<ChatState>
  /** Opt-in: `createPersistence()` from `@parley/core/persist` keeps the outbox and recent timelines. */
  persist?: ChatPersistence
}

export interface ChatClient extends Store<ChatState> {
  /** The zustand store itself, to subscribe to slices (`useStore(client.store, selector)`); read-only. */
  readonly store: StoreApi<ChatState>
  /** The `persist` option, for the layers that cache more (the React conversation list). */
  readonly persistence: ChatPersistence | undefined
  readonly connection: Connection
  /** What the backend can do (from the adapter): the UI hides what it cannot. */
  readonly capabilities: Capabilities
  connect(): void
  reconnect(): void
  close(): void
  /** Receive a conversation's live messages; joins now and again after every reconnect. */
  watch(conversationId: string): () => void
  /** Show the message at once as `sending`; it becomes `sent` on the server's ack. */
  send(conversationId: string, input: SendInput): Message
  retry(clientId: string): void
  /** Drop a send that never left or that the server refused (one whose fate is unknown stays). */
  discard(clientId: string): void
  setTyping(conversationId: string, isTyping: boolean): void
  /** Tell the server (and the unread count) that everything up to `messageId` has been read. */
  markRead(conversationId: string, messageId: string): void
  /** Edit or delete; resolves when the server has the change, rejects with a `mutation-failed`. */
  edit(conversationId: string, messageId: string, body: string): Promise<void>
  remove(conversationId: string, messageId: string): Promise<void>
  /** Fetch what a conversation missed again (after its sync state shows an error). */
  resync(conversationId: string): Promise<void>
  /** Merge messages fetched elsewhere (a history page) into the timeline. */
  merge(messages: readonly Message[]): void
  /** Every event decoded from the socket, as it arrives, including `protocol-error`s. */
  onEvent(listener: (event: ProtocolEvent) => void): () => void
  /** Delete what `persist` stored (outbox, cached timelines) and store nothing more. */
  clearPersisted(): Promise<void>
  /** Close, then delete everything persisted: for signing out on a shared computer. */
  signOut(): Promise<void>
}

/**
 * A record with no prototype: ids come from the server, and an id like `__proto__` or
 * `constructor` must be just another key, never an inherited property.
 */
const dict = <T>(...sources: object[]): Record<string, T> =>
  Object.assign(Object.create(null), ...sources)

/** Joins written per task after a reconnect, so 1,000 watched conversations do not stall a page. */
const JOINS_PER_TICK = 50

export function createChatClient(options: ChatClientOptions): ChatClient {
  const adapter = options.protocol
  if (!adapter) {
    // JavaScript callers get no type error: name the fix instead of failing deep inside.
    throw new ParleyError('invalid-options', 'createChatClient needs a `protocol` (an adapter)')
  }
  const now = options.now ?? (() => Date.now()) // late-bound, so fake clocks installed later count
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000
  const maxQueued = options.maxQueued ?? 500
  const connection = createConnection(options)
  const store = createStore<ChatState>(
    {
      connection: connection.getSnapshot(),
      userId: options.userId,
      timelines: dict(),
      typing: dict(),
      presence: dict(),
      unread: dict(),
      sync: dict(),
    },
    options.storeMiddleware,
  )
  const watched = new Map<string, number>()
  const joinedOnce = new Set<string>()
  const positions = createPositions(now)
  /** Call a REST method of the adapter with a fresh token. */
  const authed = <T>(call: (ctx: { token: string | undefined }) => Promise<T>) =>
    Promise.resolve(options.getToken?.()).then((token) => call({ token }))
  let pending: ProtocolEvent[] = []
  let history: Message[] = []
  let batchTimer: ReturnType<typeof setTimeout> | undefined

  const state = () => store.getSnapshot()
  /** `action` names the change in devtools: the event or the call that caused it. */
  const patch = (next: Partial<ChatState>, action: string) =>
    store.setState({ ...state(), ...next }, action)
  const timeline = (conversationId: string) => state().timelines[conversationId] ?? []
  const setTimeline = (conversationId: string, list: readonly Message[], action = 'update') =>
    patch({ timelines: dict(state().timelines, { [conversationId]: list }) }, action)
  /** This client's message with that client id, wherever it is. */
  const find = (clientId: string): Message | undefined => {
    const known = outbox.conversationOf(clientId)
    if (known !== undefined) return findMessage(timeline(known), `c:${clientId}`)
    for (const list of Object.values(state().timelines)) {
      const found = findMessage(list, `c:${clientId}`)
      if (found) return found
    }
    return undefined
  }
  const update = (message: Message) =>
    setTimeline(message.conversationId, mergeMessages(timeline(message.conversationId), [message]))
  const sendCommand = (frame: string | undefined) => frame !== undefined && connection.send(frame)
  const schedule = () => (batchTimer ??= setTimeout(applyBatch, options.batchMs ?? 16))
  const queueEvent = (event: ProtocolEvent) => {
    pending.push(event)
    schedule()
  }
  const setSync = (conversationId: string, sync: SyncState) =>
    patch({ sync: dict(state().sync, { [conversationId]: sync }) }, `sync/${sync.status}`)

  const outbox = createOutbox({
    adapter,
    connection,
    ackTimeoutMs,
    authed,
    find,
    update,
    queueEvent,
    reconcile: (conversationId) => void sync.fill(conversationId),
  })
  const sync = createSync({
    adapter,
    authed,
    outbox,
    timeline,
    has: (conversationId, id) => !!findMessage(timeline(conversationId), id),
    selfId: () => state().userId,
    merge: (messages) => client.merge(messages),
    setSync,
    timeoutMs: Math.max(ackTimeoutMs, 10_000),
    warn: (message, error) => options.logger?.debug(`sync: ${message}: ${String(error)}`),
  })
  const typing = createTyping({
    ttlMs: options.typingTtlMs ?? 6_000,
    now,
    onExpire: (next) => patch({ typing: next }, 'typing/expired'),
  })
  const joinsHandled = createJoinBarrier(
    adapter.ping && (() => adapter.ping!(now())),
    connection.send,
  )
  const mutations = createMutations({
    adapter,
    connection,
    authed,
    timeoutMs: ackTimeoutMs,
    merge: (messages) => client.merge(messages),
    markDeleted(conversationId, messageId) {
      const message = findMessage(timeline(conversationId), messageId)
      if (message) client.merge([{ ...message, body: '', attachments: [], deletedAt: now() }])
    },
  })

  function join(conversationId: string) {
    const afterSeq = adapter.resumes ? positions.resumeFrom(conversationId) : undefined
    const first = !joinedOnce.has(conversationId)
    joinedOnce.add(conversationId)
    sendCommand(
      adapter.encode({ type: 'join', conversationId, ...(afterSeq !== undefined && { afterSeq }) }),
    )
    setSync(conversationId, { status: 'syncing' })
    // History read before the server has the join could miss what is stored meanwhile.
    if (!adapter.resumes) joinsHandled.afterJoins(() => void sync.fill(conversationId, first))
    // The replay closes the gap; `joined` says it is over. Sends of unknown fate still need history.
    else if (outbox.unconfirmed(conversationId).length) void sync.fill(conversationId)
  }

  /**
   * Resuming dialects: history the app read before a fresh join was handled may end below the
   * join's seq, the baseline for what comes live. Ask the server to replay from where it ends.
   */
  function replayBelowBaselines(
    ids: Iterable<string>,
    timelines: Record<string, readonly Message[]>,
    syncs: Record<string, SyncState>,
  ) {
    for (const conversationId of ids) {
      // Most batches have nothing to compare: the timeline is read only when a baseline waits.
      if (!positions.awaitsBaseline(conversationId)) continue
      // Only what the server stored has a seq (a pending send has none).
      const held = (timelines[conversationId] ?? []).map((m) => m.seq)
      const afterSeq = positions.missingBelowBaseline(conversationId, held)
      if (afterSeq === undefined) continue
      sendCommand(adapter.encode({ type: 'join', conversationId, afterSeq }))
      syncs[conversationId] = { status: 'syncing' }
    }
  }

  /** After (re)connecting: join every watched conversation, a batch per task, then send what waits. */
  function rejoin() {
    const ids = [...watched.keys()]
    for (const conversationId of outbox.conversationsWithUnconfirmed())
      if (!watched.has(conversationId)) void sync.fill(conversationId)
    const step = (from: number) => {
      if (connection.getSnapshot().status !== 'open') return
      ids.slice(from, from + JOINS_PER_TICK).forEach(join)
      if (from + JOINS_PER_TICK < ids.length) setTimeout(() => step(from + JOINS_PER_TICK), 0)
    }
    step(0)
    outbox.flush()
  }

  connection.subscribe(() => {
    const next = connection.getSnapshot()
    const wasOpen = state().connection.status === 'open'
    patch(
      {
        connection: next,
        ...(next.status === 'open' && next.userId !== undefined && { userId: next.userId }),
      },
      `connection/${next.status}`,
    )
    if (next.status === 'open' && !wasOpen) {
      claimAnonymousSends()
      rejoin()
    }
    if (next.status !== 'open' && wasOpen) {
      joinsHandled.dropped()
      outbox.dropped()
      sync.dropped(watched.keys())
      positions.dropped()
    }
  })
  connection.onEvents((events) =>
    events.forEach((event) => {
      if (event.type === 'pong') joinsHandled.pong()
      queueEvent(event)
    }),
  )

  /**
   * Sends written before anyone was signed in (no `userId` option, no greeting yet) carry no
   * sender: once the greeting names the user they become theirs, so an echo can be matched to them.
   */
  function claimAnonymousSends() {
    const self = state().userId
    if (self === undefined) return
    for (const [conversationId, list] of Object.entries(state().timelines)) {
      const anonymous = list.filter((m) => m.senderId === '' && m.clientId && isPending(m))
      if (anonymous.length)
        setTimeline(
          conversationId,
          mergeMessages(
            list,
            anonymous.map((m) => ({ ...m, senderId: self })),
          ),
        )
    }
  }

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
    const syncs = dict<SyncState>(state().sync)
    const staged = new Map<string, Message[]>()
    const stagedIds = new Set<string>()
    const stage = (message: Message) => {
      positions.saw(message.conversationId, message.seq)
      const list = staged.get(message.conversationId)
      if (list) list.push(message)
      else staged.set(message.conversationId, [message])
      stagedIds.add(`${message.conversationId}\n${message.id}`)
    }
    const self = state().userId
    const acked = new Map<string, string>()
    /** Echoes matched in this batch: two identical texts sent quickly each match once. */
    const matched = new Set<string>()
    const receipts = new Map<string, string>()
    /** Outbox changes that patch the store themselves wait until this batch's update is in. */
    const after: (() => void)[] = []
    /** Conversations whose fresh join's baseline may now be compared with the history held. */
    const baselinesToCheck = new Set<string>()
    for (const message of historyPage) {
      stage(message)
      baselinesToCheck.add(message.conversationId)
    }
    let typingChanged = false
    for (const event of events) {
      mutations.observe(event)
      switch (event.type) {
        case 'ack': {
          // One send is one message: an ack naming another conversation, or another message than
          // an earlier ack did, is a server bug and is ignored.
          const { clientId, message } = event
          const known = find(clientId)
          if (!known && !outbox.has(clientId)) {
            // Another tab's send over a shared socket (@parley/core/cross-tab): ours all the same.
            if (message.senderId === self) stage(message)
            break
          }
          const ackedAs = acked.get(clientId) ?? (known && !isPending(known) ? known.id : undefined)
          if (
            (known?.conversationId ?? outbox.conversationOf(clientId)) === message.conversationId &&
            (ackedAs ?? message.id) === message.id
          ) {
            acked.set(clientId, message.id)
            outbox.settle(clientId)
            stage({ ...message, clientId })
          }
          break
        }
        case 'message': {
          let message = event.message
          const { conversationId } = message
          if (message.senderId === self && !message.clientId && adapter.matchPending) {
            // The outbox knows this conversation's pending sends: look them up, not scan the timeline.
            const list = timelines[conversationId] ?? []
            const candidates = ownPending(
              outbox
                .pendingIn(conversationId)
                .flatMap((id) => (matched.has(id) ? [] : (findMessage(list, `c:${id}`) ?? []))),
            )
            const clientId = adapter.matchPending(message, candidates)
            if (clientId) {
              matched.add(clientId)
              outbox.settle(clientId)
              message = { ...message, clientId }
            }
          }
          const known =
            findMessage(timelines[conversationId] ?? [], message.id) ||
            stagedIds.has(`${conversationId}\n${message.id}`)
          if (!known && message.senderId !== self)
            unread[conversationId] = (unread[conversationId] ?? 0) + 1
          if (typing.stop(conversationId, message.senderId)) typingChanged = true
          stage(message)
          break
        }
        case 'send-failed': {
          // A send the server already acked cannot fail afterwards.
          const message = find(event.clientId)
          if (message && isPending(message) && !acked.has(event.clientId))
            after.push(() => outbox.fail(event.clientId, event.error))
          break
        }
        case 'receipt':
          if (event.userId !== self) receipts.set(event.conversationId, event.messageId)
          break
        case 'typing':
          typing.set(event.conversationId, event.userId, event.isTyping)
          typingChanged = true
          break
        case 'presence':
          presence[event.userId] = event.online
          break
        case 'joined':
          positions.joined(event.conversationId, event.seq)
          baselinesToCheck.add(event.conversationId)
          if (adapter.resumes) syncs[event.conversationId] = { status: 'synced' }
          break
      }
    }
    staged.forEach(
      (messages, conversationId) =>
        (timelines[conversationId] = mergeMessages(timelines[conversationId] ?? [], messages)),
    )
    if (adapter.resumes) replayBelowBaselines(baselinesToCheck, timelines, syncs)
    // After the merge, so a receipt covers the messages of its own batch.
    receipts.forEach((messageId, conversationId) => {
      const list = timelines[conversationId]
      if (list && self !== undefined)
        timelines[conversationId] = markReadUpTo(list, messageId, self)
    })
    store.setState(
      {
        ...state(),
        timelines,
        presence,
        unread,
        sync: syncs,
        ...(typingChanged && { typing: typing.snapshot() }),
      },
      `events: ${[...new Set(events.map((e) => e.type)), ...(historyPage.length ? ['history'] : [])].join(', ')}`,
    )
    after.forEach((run) => run())
    // A settled send may have been holding back the next one of its conversation.
    if (acked.size || matched.size || after.length) outbox.flush()
  }

  /** The server id of a pending send once acked; rejects if it fails or is dropped. */
  const confirmed = (clientId: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const message = find(clientId)
        if (message && !isPending(message)) return (stop(), resolve(message.id))
        if (!message || message.status === 'failed') {
          stop()
          reject(new ParleyError('mutation-failed', 'The message was never sent'))
        }
      }
      const stop = store.subscribe(check)
      check()
    })

  async function change(conversationId: string, messageId: string, what: Change) {
    const current = findMessage(timeline(conversationId), messageId)
    let id = messageId
    if (current?.clientId && isPending(current)) {
      if (outbox.discardable(current.clientId)) {
        // It never left (or was refused): change it here, nothing to ask the server.
        if (what.kind === 'delete') return client.discard(current.clientId)
        return update({ ...current, body: what.body })
      }
      id = await confirmed(current.clientId)
    }
    await mutations.run(conversationId, id, what)
  }

  const trimmer = createTrimmer(options.trimUnwatchedAfterMs ?? 600_000, (conversationId) => {
    const list = timeline(conversationId)
    const trimmed = latestPage(list, 50)
    if (trimmed !== list) setTimeline(conversationId, trimmed, 'trim')
  })
  let detach: (() => void) | undefined

  const client: ChatClient = {
    store: store.api,
    persistence: options.persist,
    connection,
    capabilities: capabilitiesOf(adapter),
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    connect: connection.connect,
    reconnect: connection.reconnect,
    close() {
      connection.close()
      clearTimeout(batchTimer)
      batchTimer = undefined
      pending = []
      outbox.close()
      sync.close()
      typing.close()
      mutations.close()
      trimmer.close()
      detach?.()
      detach = undefined
    },
    watch(conversationId) {
      watched.set(conversationId, (watched.get(conversationId) ?? 0) + 1)
      trimmer.watched(conversationId)
      if (watched.get(conversationId) === 1 && connection.getSnapshot().status === 'open')
        join(conversationId)
      let watching = true
      return () => {
        // Idempotent: a second call must not drop another watcher's subscription.
        if (!watching) return
        watching = false
        const count = (watched.get(conversationId) ?? 1) - 1
        if (count > 0) watched.set(conversationId, count)
        else {
          watched.delete(conversationId)
          trimmer.unwatched(conversationId)
        }
      }
    },
    send(conversationId, input) {
      if (outbox.queuedCount() >= maxQueued) {
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
      outbox.add(message, newestConfirmed(timeline(conversationId)))
      update(message)
      outbox.flush()
      return message
    },
    retry: (clientId) => outbox.retry(clientId),
    discard(clientId) {
      const message = find(clientId)
      if (!message || !isPending(message) || !outbox.discardable(clientId)) return
      outbox.settle(clientId)
      const list = timeline(message.conversationId).filter((m) => m.clientId !== clientId)
      setTimeline(message.conversationId, list, 'discard')
    },
    setTyping: (conversationId, isTyping) =>
      void sendCommand(adapter.encode({ type: 'typing', conversationId, isTyping })),
    markRead(conversationId, messageId) {
      sendCommand(adapter.encode({ type: 'read', conversationId, messageId }))
      const list = timeline(conversationId)
      const at = list.findIndex((m) => m.id === messageId)
      // A message not held here says nothing about what is unread.
      if (at < 0) return
      const unread = list.slice(at + 1).filter((m) => m.senderId !== state().userId).length
      patch({ unread: dict(state().unread, { [conversationId]: unread }) }, 'markRead')
    },
    merge(messages) {
      for (const message of messages) history.push(message) // no spread: 100k arguments overflow the stack
      schedule()
    },
    edit: (conversationId, messageId, body) =>
      change(conversationId, messageId, { kind: 'edit', body }),
    remove: (conversationId, messageId) => change(conversationId, messageId, { kind: 'delete' }),
    resync: (conversationId) => sync.fill(conversationId),
    onEvent: (listener) => connection.onEvents((events) => events.forEach(listener)),
    clearPersisted: () => options.persist?.clear() ?? Promise.resolve(),
    signOut() {
      client.close()
      return client.clearPersisted()
    },
  }

  detach = options.persist?.attach({
    store,
    outbox,
    insert: update,
    merge: client.merge,
    resumeAfter(conversationId, seq) {
      // Cached up to `seq`: the first join resumes after it, as a rejoin would (native dialects).
      if (joinedOnce.has(conversationId)) return
      positions.resumeFrom(conversationId)
      positions.joined(conversationId, seq, true)
    },
    resume() {
      if (connection.getSnapshot().status !== 'open') return
      for (const conversationId of outbox.conversationsWithUnconfirmed())
        void sync.fill(conversationId)
      outbox.flush()
    },
  })
  return client
}
