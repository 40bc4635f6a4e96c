export { createMockBackend } from './mock-backend'
export type { MockBackend, MockBackendOptions, MockControls } from './mock-backend'
export type { FaultState, LiveSession, ServerErrorCode } from './native-server'
export { parseScenario, serializeScenario, ScenarioError } from './scenario'
export type { LatencySettings, Scenario, ScenarioErrorCode, ScenarioEvent } from './scenario'
export { createSessionModel, seededUsers } from './session-model'
export type {
  AuthResult,
  IssueTokenOptions,
  MockUser,
  SessionModel,
  TokenRejection,
} from './session-model'
