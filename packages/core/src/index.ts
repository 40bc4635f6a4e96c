export { createConnection } from './connection'
export type { Connection, ConnectionOptions, SocketConstructor, SocketLike } from './connection'
export type { ConnectionState, ConnectionStatus, DisconnectReason } from './connection-state'
export type { ConnectionEnvironment } from './environment'
export { backoffDelay, defaultBackoff } from './backoff'
export type { BackoffOptions } from './backoff'
export { ParleyError } from './errors'
export type { ParleyErrorCode } from './errors'
export type { Logger } from './logger'
export type {
  Capabilities,
  CloseVerdict,
  ConnectContext,
  ProtocolAdapter,
  ProtocolEvent,
} from './protocol'
export { capabilitiesOf } from './capabilities'
export { createStore } from './subscribable'
export type { StoreApi, StoreMiddleware } from './subscribable'
export type { ChatPersistence } from './persist-host'
export type { Store, WritableStore } from './subscribable'
export { createChatClient } from './client'
export type { ChatClient, ChatClientOptions, ChatState, SendInput } from './client'
export type { SyncState } from './sync'
export type {
  Attachment,
  Conversation,
  Message,
  MessageKind,
  MessageStatus,
  Participant,
  UploadedFile,
} from './model'
export { mergeMessages } from './timeline'
export type { HistoryPage, ProtocolCommand } from './protocol'
