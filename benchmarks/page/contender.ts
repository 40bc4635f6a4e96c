import type { BenchMessage } from './messages'

/** Whether a store is filled to be measured alone or to be rendered. */
export type Purpose = 'store' | 'screen'

/** A list on screen, driven the way its own app would drive it. */
export interface Mounted {
  /** One live message arrives (through the contender's store when it has one). */
  append(message: BenchMessage): void
  /** A page of older messages arrives, oldest first. */
  prepend(messages: BenchMessage[]): void
}

/**
 * A chat list the benchmark measures. `Data` is the app's messages in the shape this contender takes
 * (made before any measurement); `Ready` is what it renders from, after its store took them in.
 */
export interface Contender<Data = unknown, Ready = unknown> {
  /** Whether the contender has a store of its own whose ingest is measured. */
  store: string | undefined
  data(messages: BenchMessage[]): Data
  /** History into the store (timed as ingest); identity for a contender without one. */
  ingest(data: Data, purpose: Purpose): Promise<Ready> | Ready
  /** One live message into an ingested store, resolved once applied (not rendered). */
  ingestOne?(ready: Ready, message: BenchMessage): Promise<void> | void
  /** `hasOlder`: the app holds older messages (a list may show where the conversation began). */
  mount(box: HTMLElement, ready: Ready, view?: { hasOlder: boolean }): Mounted
}
