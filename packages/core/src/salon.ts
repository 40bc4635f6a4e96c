// `@parley/core/adapters/salon`: seed 004's Salon dialect, its own entry so an app ships only its dialect.
export { createSalonProtocol } from './adapters/salon-protocol'
export { decodeSalonMessage, salonIdentity } from './adapters/salon'
export type { SalonOptions, SalonRole } from './adapters/salon'
