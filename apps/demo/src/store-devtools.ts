import type { ChatClientOptions } from '@parley/core'
import { devtools } from 'zustand/middleware'

/**
 * Client options that, in development, show each client's store in Redux DevTools, one instance
 * per signed-in user, every change named by its event (`connection/open`, `events: message, ack`,
 * `sync/synced`, `trim`…). Production builds get none.
 */
export const storeDevtools = (user: string): Pick<ChatClientOptions, 'storeMiddleware'> =>
  import.meta.env.DEV
    ? { storeMiddleware: (init) => devtools(init, { name: `Parley · ${user}` }) }
    : {}
