export { createMockBackend } from './mock-backend'
export type { MockBackend, MockBackendOptions, MockControls } from './mock-backend'
export { ChatError, createChatModel } from './chat-model'
export type {
  ChatErrorCode,
  ChatEvent,
  ChatModel,
  ChatModelOptions,
  ChatSnapshot,
  ConversationSeed,
  ConversationState,
  ConversationSummary,
  MessageSeed,
  ParticipantView,
  SendRequest,
  StoredMessage,
  WireMessage,
} from './chat-model'
export type { FaultState, LiveSession, MockSocketClient, ServerErrorCode } from './native-server'
export { parseScenario, serializeScenario, ScenarioError } from './scenario'
export type {
  FrameFaultRates,
  FrameFaults,
  LatencySettings,
  RestFault,
  Scenario,
  ScenarioErrorCode,
  ScenarioEvent,
} from './scenario'
export { seedConversations, seededImages, seededUsers } from './seed'
export type { SeedOptions } from './seed'
export { createSessionModel } from './session-model'
export type {
  AuthResult,
  IssueTokenOptions,
  MockUser,
  SessionModel,
  TokenRejection,
  UserRole,
} from './session-model'
export type { SimulationOptions } from './simulation'
export { defaultUploadTypes, sniffImage } from './uploads'
export type { SniffedImage } from './uploads'
export { avatar, svgImage, voiceNote } from './media'
