import type { SocketConstructor } from './connection'
import type { ParleyError } from './errors'
import type { Conversation, Message, MessageKind, Participant, UploadedFile } from './model'

/** What a decoded frame means, in the normalized model. Adapters emit these; the core never sees a dialect. */
export type ProtocolEvent =
  /** The server accepted the session (native `welcome`, Salon `connected`). */
  | { type: 'ready'; userId?: string; heartbeatMs?: number }
  /** Answer to a heartbeat ping. */
  | { type: 'pong' }
  /** The server reported an error in-band that is not about one send. */
  | { type: 'server-error'; code: string; message: string }
  /** A frame we could not understand. Never thrown: reported, with the raw frame. */
  | { type: 'protocol-error'; error: ParleyError; raw: unknown }
  /** A new message, or a new version of one (edited, deleted, status changed). */
  | { type: 'message'; message: Message }
  /** The server stored a message this client sent. */
  | { type: 'ack'; clientId: string; message: Message }
  /** The server refused a message this client sent. */
  | { type: 'send-failed'; clientId: string; error: ParleyError }
  | { type: 'typing'; conversationId: string; userId: string; isTyping: boolean }
  /** `userId` has read `messageId` and everything before it. */
  | { type: 'receipt'; conversationId: string; userId: string; messageId: string }
  | { type: 'presence'; userId: string; online: boolean }
  /** The server subscribed us to a conversation whose latest sequence number is `seq`. */
  | { type: 'joined'; conversationId: string; seq?: number }
  /** The server refused an edit or delete this client asked for (`requestId` of the command). */
  | { type: 'mutation-failed'; requestId: string; error: ParleyError }

/** What the client asks of the server; `encode` turns it into the dialect's frame. */
export type ProtocolCommand =
  | { type: 'send'; message: Message }
  /** Subscribe to a conversation; `afterSeq` asks a resuming server to replay what we missed. */
  | { type: 'join'; conversationId: string; afterSeq?: number }
  | { type: 'typing'; conversationId: string; isTyping: boolean }
  | { type: 'read'; conversationId: string; messageId: string }
  /** `requestId` lets a dialect that can echo it tie a refusal (`mutation-failed`) to this command. */
  | { type: 'edit'; conversationId: string; messageId: string; body: string; requestId: string }
  | { type: 'delete'; conversationId: string; messageId: string; requestId: string }

export interface HistoryPage {
  /** Oldest first. */
  messages: Message[]
  hasMore: boolean
}

/**
 * What the backend can do. The hooks expose it and the UI hides or explains what is missing, so an
 * action the backend cannot carry out is never offered and then failing. Adapters declare a partial
 * set; `capabilitiesOf` fills the rest from the adapter's methods and sensible defaults.
 */
export interface Capabilities {
  edit: boolean
  delete: boolean
  /** Edits and deletes reach the other participants live (false on Salon: they see them on reload only). */
  mutationsReachOthers: boolean
  typing: boolean
  receipts: boolean
  presence: boolean
  /** Older messages can be paged in (false for Salon customers: no history endpoint). */
  history: boolean
  upload: boolean
  search: boolean
  reactions: boolean
  replies: boolean
  /** A conversation can be started (`createConversation`): a direct one at least. */
  createConversation: boolean
  /** Groups (several people and a name) can be started too (false on Salon: direct chats only). */
  createGroups: boolean
  /** The backend has a directory of people to start a conversation with (`searchPeople`). */
  directory: boolean
  /** Message kinds this backend can store (Salon has no `file`). */
  kinds: readonly MessageKind[]
  /** Longest body the server accepts, in UTF-16 code units, where it has a limit. */
  maxMessageLength?: number
}

/** How the connection should react to a close or a refused handshake. */
export type CloseVerdict = 'retry' | 'auth'

export interface ConnectContext {
  /** The base URL from the client options, already resolved. */
  url: string
  /** The token `getToken` returned for this attempt (undefined when the app has none). */
  token: string | undefined
}

/**
 * A protocol adapter: everything that differs between backends lives here, so the core never
 * branches on a dialect. One object per backend; see `nativeProtocol` for a complete example.
 */
export interface ProtocolAdapter {
  readonly name: string
  /** The URL to open. Dialects that carry the token in the query string put it here. */
  socketUrl(ctx: ConnectContext): string
  /**
   * The socket this dialect opens when the app names none: e.g. one shared by the tabs of a browser
   * (`@parley/core/cross-tab`) for servers that drop a second connection of one identity.
   */
  readonly WebSocket?: SocketConstructor
  /** Frames sent as soon as the socket opens: an auth frame, joins… */
  openingFrames?(ctx: ConnectContext): string[]
  /**
   * When true the connection stays `connecting` after the socket opens until `decode` yields a
   * `ready` event, so a server that authenticates in-band can still refuse us before we say "open".
   */
  readonly awaitsReady?: boolean
  /** Turn one inbound frame into zero or more events. Must not throw; bad input → `protocol-error`. */
  decode(data: unknown): ProtocolEvent[]
  /** A heartbeat frame. Dialects without ping/pong leave this out and get no heartbeat. */
  ping?(now: number): string
  /** Encode a command; `undefined` when the dialect has no such frame (the command is skipped). */
  encode(command: ProtocolCommand): string | undefined
  /**
   * True when `join` with `afterSeq` makes the server replay what was missed. Otherwise the client
   * refetches recent history with `fetchHistory` after every reconnect and merges it.
   */
  readonly resumes?: boolean
  /**
   * True when the server stores a client id from one sender once (Parley's native protocol), so a
   * send whose fate is unknown may be re-sent blindly. Otherwise (every seed backend) such a send is
   * `unconfirmed` and reconciled against the server's history before it is ever sent again.
   */
  readonly idempotentSends?: boolean
  /** What this backend supports; missing entries are derived (see `capabilitiesOf`). */
  readonly capabilities?: Partial<Capabilities>
  /**
   * For `refusesAuthBeforeOpen` dialects, whose refused handshake looks like an outage: ask the
   * server (a cheap authenticated REST call) whether this token is valid. Resolve `true` (valid),
   * `false` (refused: 401/403), reject when the server could not be asked (an outage).
   */
  checkAuth?(ctx: ConnectContext): Promise<boolean>
  /**
   * For dialects whose ack is an echo without a client id (Salon): pick which pending send
   * (oldest first) an incoming message of ours acknowledges. Also applied to refetched history, to
   * reconcile sends whose fate was unknown.
   */
  matchPending?(incoming: Message, pending: readonly Message[]): string | undefined
  /** Dialects that send over REST (Vibe): the resolved message is the ack. */
  sendMessage?(message: Message, ctx: { token: string | undefined }): Promise<Message>
  /** Dialects that edit and delete over REST (Vibe, Salon); the server's new version is merged. */
  editMessage?(
    request: { conversationId: string; messageId: string; body: string },
    ctx: { token: string | undefined },
  ): Promise<Message>
  deleteMessage?(
    request: { conversationId: string; messageId: string },
    ctx: { token: string | undefined },
  ): Promise<Message | void>
  /** A page of history, newest `limit` messages before `before` (a message id) or the latest. */
  fetchHistory?(
    request: { conversationId: string; before?: string; limit: number },
    ctx: { token: string | undefined },
  ): Promise<HistoryPage>
  /** The conversation list, optionally filtered by a search string; `cursor` pages through it. */
  fetchConversations?(
    request: { search?: string; cursor?: string },
    ctx: { token: string | undefined },
  ): Promise<{ conversations: Conversation[]; nextCursor?: string }>
  /**
   * Start a conversation with `participantIds` (the user is added by the server): `direct` with one
   * person, or a `group` with several and a `title`. Resolves with the conversation to open, which
   * for a direct one that already existed is that one. Rejects with a `ParleyError` (`http-error`
   * with `raw.status`) when the server refuses, e.g. an unknown person.
   */
  createConversation?(
    request: { kind: 'direct' | 'group'; participantIds: string[]; title?: string },
    ctx: { token: string | undefined },
  ): Promise<Conversation>
  /** The people the user can start a conversation with (never the user), filtered by `search`. */
  searchPeople?(
    request: { search?: string },
    ctx: { token: string | undefined },
  ): Promise<Participant[]>
  /** Upload a file; `onProgress` receives 0..1; `signal` cancels. */
  upload?(
    request: {
      file: Blob
      name: string
      onProgress?: (fraction: number) => void
      signal?: AbortSignal
    },
    ctx: { token: string | undefined },
  ): Promise<UploadedFile>
  /** Classify a close code. Codes meaning "your credentials are bad" must return 'auth'. */
  classifyClose(code: number, reason: string): CloseVerdict
  /**
   * True for servers that refuse a bad token before the handshake completes (HTTP 403). A browser
   * only sees that as error + close 1006, indistinguishable from an outage, so the connection
   * counts consecutive failures before the socket ever opened instead.
   */
  readonly refusesAuthBeforeOpen?: boolean
}
