// `@parley/core/adapters/salon`: seed 004's Salon dialect, its own entry so an app ships only its dialect.
export { createSalonProtocol, salonCapabilities } from './adapters/salon-protocol'
export {
  decodeSalon,
  decodeSalonMessage,
  encodeSalon,
  matchSalonPending,
  salonIdentity,
} from './adapters/salon'
export type { SalonOptions, SalonRole } from './adapters/salon'
export { salonRest } from './adapters/salon-rest'
