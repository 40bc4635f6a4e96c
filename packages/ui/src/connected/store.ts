import type { ChatState } from '@parley/core'
import { useChatState } from '@parley/react'

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
