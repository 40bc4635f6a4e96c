import { useChatContext } from './context'
import { useEntry } from './useChatState'

/** Whether a user is online: `undefined` until the server has said. */
export const usePresence = (userId: string): boolean | undefined =>
  useEntry<boolean | undefined>(useChatContext().client, 'presence', userId)
