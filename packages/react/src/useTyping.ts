import { useChatContext } from './context'
import { NONE, sameJson, useEntry } from './useChatState'

/** Who is typing in a conversation now (others only; entries expire by themselves). */
export const useTyping = (conversationId: string): readonly string[] =>
  useEntry<readonly string[]>(useChatContext().client, 'typing', conversationId, NONE, sameJson)
