import type { ChatClient, ChatState } from '@parley/core'
import { useChatClient, useChatState } from '@parley/react'

const selectUserId = (s: ChatState) => s.userId
const selectPresence = (s: ChatState) => s.presence
// The record is rebuilt on every batch of events; only a change of someone's presence counts.
const samePresence = (a: ChatState['presence'], b: ChatState['presence']) =>
  JSON.stringify(a) === JSON.stringify(b)

/** Who this client is (once the server said) and who is online. */
export const useSelfAndPresence = () => ({
  userId: useChatState(selectUserId),
  presence: useChatState(selectPresence, samePresence),
})

/** Unsent text per conversation, for as long as the client lives (one map per client). */
const drafts = new WeakMap<ChatClient, Map<string, string>>()
export function useDrafts() {
  const client = useChatClient()
  if (!drafts.has(client)) drafts.set(client, new Map())
  return drafts.get(client)!
}
