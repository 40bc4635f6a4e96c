import type { ChatModel } from '../chat-model'
import type { FaultState, LiveSession } from '../native-server'
import type { SalonIds } from './ids'
import type { SalonReceipts } from './receipts'
import type { SalonWire } from './wire'

/**
 * The real server's misbehaviours that a switch can turn off or on. The defaults are how the real
 * server behaves where that harms no one; the harmful ones start off so tests opt into them.
 */
export interface SalonQuirks {
  /** Edits and deletes reach the other members' sockets (the real server never pushes them). */
  pushEdits: boolean
  /** `send_message` drops `media_url` (the message is stored without its file); off, the file is
   * kept and socket frames carry `media_url`. */
  socketDropsMedia: boolean
  /** A second live socket of one identity closes both (two tabs of one user, forever). */
  duplicateIdentityDrops: boolean
  /** Invalid JSON closes the socket with 1000 and no error frame (else an `error` frame). */
  invalidJsonCloses: boolean
  /** A REST send while the sender is online stores the message, pushes it to nobody, closes one
   * participant's socket and answers 500. */
  restSendFails: boolean
  /** History answers 500 for a page holding a message that has a read receipt. */
  historyFailsOnReceipts: boolean
}

export const defaultSalonQuirks = (): SalonQuirks => ({
  pushEdits: false,
  socketDropsMedia: true,
  duplicateIdentityDrops: false,
  invalidJsonCloses: true,
  restSendFails: false,
  historyFailsOnReceipts: false,
})

/** What the Salon socket, fan-out and REST handlers share within one backend. */
export interface SalonContext {
  model: ChatModel
  ids: SalonIds
  wire: SalonWire
  receipts: SalonReceipts
  faults: FaultState
  quirks: SalonQuirks
  sessions: Set<LiveSession>
  random: () => number
  /** Set while a change is made whose model event must not be fanned out as usual. */
  hush: { receipt: boolean; presence: boolean; message: boolean }
}
