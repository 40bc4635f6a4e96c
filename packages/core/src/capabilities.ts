import type { Capabilities, ProtocolAdapter } from './protocol'

/**
 * Everything the backend behind `adapter` can do: what the adapter declares, and for the rest what
 * its methods imply (history needs `fetchHistory`, upload needs `upload`…).
 */
export function capabilitiesOf(adapter: ProtocolAdapter): Capabilities {
  const has = (method: keyof ProtocolAdapter) => typeof adapter[method] === 'function'
  return {
    edit: true,
    delete: true,
    mutationsReachOthers: true,
    typing: true,
    receipts: true,
    presence: true,
    history: has('fetchHistory'),
    upload: has('upload'),
    search: has('fetchConversations'),
    reactions: false,
    replies: true,
    createConversation: has('createConversation'),
    createGroups: has('createConversation'),
    directory: has('searchPeople'),
    kinds: ['text', 'image', 'voice', 'file'],
    ...adapter.capabilities,
  }
}
