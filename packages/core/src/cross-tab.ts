// `@parley/core/cross-tab`: one socket per identity across the tabs of a browser, for any dialect.
export { createSharedSocket } from './cross-tab/shared-socket'
export type { ChannelLike, SharedSocketOptions } from './cross-tab/shared-socket'
export type { LockRequester } from './cross-tab/election'
