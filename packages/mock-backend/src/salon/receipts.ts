import type { StoredMessage } from '../chat-model'
import type { SalonIdentity } from './ids'

export interface SalonReceipt {
  identity: SalonIdentity
  at: number
}

/**
 * Salon keeps a receipt per message read (`read_message` names one message), where the model
 * keeps a read position per person. History rows list these, and one of the server's quirks
 * (history answering 500) depends on whether a page holds any.
 */
export interface SalonReceipts {
  record(modelMessageId: string, identity: SalonIdentity, at: number): void
  of(message: Pick<StoredMessage, 'id'>): SalonReceipt[]
}

export function createSalonReceipts(): SalonReceipts {
  const byMessage = new Map<string, Map<string, SalonReceipt>>()
  return {
    record(modelMessageId, identity, at) {
      const readers = byMessage.get(modelMessageId) ?? new Map<string, SalonReceipt>()
      byMessage.set(modelMessageId, readers)
      // The first read counts: reading a message twice does not move when it was read.
      const key = `${identity.type} ${identity.id}`
      if (!readers.has(key)) readers.set(key, { identity, at })
    },
    of: (message) => [...(byMessage.get(message.id)?.values() ?? [])],
  }
}
