import type { ChatState } from './client'
import type { Conversation, Message } from './model'
import type { WritableStore } from './subscribable'

/**
 * Where a send of this client is, as persistence sees it: `queued` never left; `wire` left, its ack
 * awaited; `unconfirmed` left, its fate unknown; `failed` refused or given up (the user decides).
 */
export type OutboxStage = 'queued' | 'wire' | 'unconfirmed' | 'failed'

export interface OutboxRecord {
  clientId: string
  conversationId: string
  stage: OutboxStage
  /** The newest confirmed message held when it was sent: reconciling pages back to here. */
  anchor: Message | undefined
}

/** A persisted send going back into the outbox; `wire` is restored as `unconfirmed`. */
export interface RestoredSend {
  message: Message
  stage: 'queued' | 'unconfirmed' | 'failed'
  anchor: Message | undefined
}

/** What a client hands to its persistence (`@parley/core/persist`) when it is created. */
export interface PersistHost {
  store: WritableStore<ChatState>
  /** The outbox's sends in send order, and a way to put persisted ones back before newer ones. */
  outbox: {
    records(): OutboxRecord[]
    restore(sends: readonly RestoredSend[]): void
  }
  /** Put a pending message into its timeline now (the outbox finds it there). */
  insert(message: Message): void
  /** Merge confirmed messages (a cached timeline) like a history page: deduplicated, in order. */
  merge(messages: readonly Message[]): void
  /** A cached timeline holds everything up to `seq`: a resuming dialect's first join starts after it. */
  resumeAfter(conversationId: string, seq: number): void
  /** Restored sends are in: if the line is open, reconcile the unconfirmed ones and send the rest. */
  resume(): void
}

/** The client's side of persistence: created by `createPersistence()` in `@parley/core/persist`. */
export interface ChatPersistence {
  /** Called once by `createChatClient`; returns what stops it (on `close`). */
  attach(host: PersistHost): () => void
  /** Delete everything persisted (signing out on a shared computer) and write nothing more. */
  clear(): Promise<void>
  /** The conversation list as last saved (read at start), to show before it is fetched. */
  conversations?(): readonly Conversation[] | undefined
  saveConversations?(conversations: readonly Conversation[]): Promise<void>
}
