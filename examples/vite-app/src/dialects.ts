import type { ChatClientOptions } from '@parley/core'
import { createSalonProtocol } from '@parley/core/adapters/salon'
import { createNativeProtocol } from '@parley/core/native'

const apiUrl = 'https://chat.example.com/api'

/*
 * The quick start's `protocol` option, for each backend dialect Parley speaks: the README shows
 * these lines, and the example's build type-checks them against the published entry points.
 */
export const protocolFor: Record<string, Pick<ChatClientOptions, 'protocol'>> = {
  native: {
    protocol: createNativeProtocol({ apiUrl }), // Parley's own protocol (PROTOCOL.md)
  },
  salon: {
    protocol: createSalonProtocol({ apiUrl, role: 'user' }), // Salon (seed 004): 'customer' for customers
  },
}
