export { ConnectionBadge, defaultConnectionBadgeStrings } from './ConnectionBadge'
export type { ConnectionBadgeProps, ConnectionBadgeStrings } from './ConnectionBadge'
