// `@parley/core/persist`: opt-in persistence, its own entry so an app that does not persist pays nothing.
export { createPersistence } from './persist/persistence'
export type { Persistence, PersistOptions } from './persist/persistence'
export { indexedDbStorage, memoryStorage } from './persist/storage'
export type { PersistStorage } from './persist/storage'
export type { LockManagerLike } from './persist/context'
export { SCHEMA_VERSION } from './persist/records'
export type { Meta, Migration, PersistWarning } from './persist/records'
export type { ChatPersistence } from './persist-host'
