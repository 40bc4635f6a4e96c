import type { HttpHandler } from 'msw'
import type { ChatEvent, ChatModel } from '../chat-model'
import type { FaultState, LiveSession } from '../native-server'
import { defaultSalonQuirks, type SalonContext, type SalonQuirks } from './context'
import { salonFanOut } from './fan-out'
import { createSalonIds } from './ids'
import { createSalonReceipts } from './receipts'
import { SALON_API_PREFIX, salonRestHandlers } from './rest'
import { acceptSalonConnection, SALON_SOCKET_PATHS, type SalonSocketClient } from './server'
import type { UploadLimits } from './upload'
import { createSalonWire } from './wire'

export interface SalonBackendOptions extends UploadLimits {
  model: ChatModel
  faults: FaultState
  sessions: Set<LiveSession>
  random: () => number
  /** The server's socket origin (`wss://salon.test`); a trailing `/api/v1[/chat]` is allowed. */
  url: string
  apiUrl: string | undefined
  quirks: Partial<SalonQuirks> | undefined
}

/**
 * Where the server lives, from a URL given with or without Salon's prefix: `https://salon.test`,
 * `https://salon.test/api/v1` and `https://salon.test/api/v1/chat` all name the same server.
 */
export const salonOrigin = (url: string) =>
  url.replace(/\/+$/, '').replace(/\/api\/v1(\/chat)?$/, '')

/** The Salon dialect of one backend: its socket URLs, REST handlers, fan-out and quirks. */
export function createSalonBackend(options: SalonBackendOptions) {
  const { model } = options
  const ids = createSalonIds(model)
  const receipts = createSalonReceipts()
  const ctx: SalonContext = {
    model,
    ids,
    receipts,
    wire: createSalonWire(model, ids, receipts),
    faults: options.faults,
    quirks: { ...defaultSalonQuirks(), ...options.quirks },
    sessions: options.sessions,
    random: options.random,
    hush: { receipt: false, presence: false, message: false },
  }
  const socketRoot = salonOrigin(options.url) + SALON_API_PREFIX
  const socketUrls = Object.values(SALON_SOCKET_PATHS).map((path) => socketRoot + path)
  const apiRoot = options.apiUrl === undefined ? undefined : salonOrigin(options.apiUrl)
  // A relative base only means something next to a page; in Node, match it on any origin.
  const restBase =
    apiRoot === undefined
      ? undefined
      : `${(apiRoot === '' || apiRoot.startsWith('/')) && typeof location === 'undefined' ? '*' : ''}${apiRoot}${SALON_API_PREFIX}`
  const handlers: HttpHandler[] =
    restBase === undefined ? [] : salonRestHandlers(ctx, restBase, options)

  return {
    context: ctx,
    socketUrls,
    handlers,
    accept: (client: SalonSocketClient) => acceptSalonConnection(client, ctx),
    fanOut: (event: ChatEvent) => salonFanOut(event, ctx),
    setQuirks: (change: Partial<SalonQuirks>) => void Object.assign(ctx.quirks, change),
  }
}
