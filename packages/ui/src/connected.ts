/*
 * `@parley/ui/connected`: the components wired to `@parley/react`. A separate entry so that apps
 * wiring the presentational components themselves never load @parley/react or TanStack Query.
 */
export { ChatScreen } from './connected/ChatScreen'
export type { ChatScreenProps } from './connected/ChatScreen'
export { ConnectedChatWindow } from './connected/ConnectedChatWindow'
export type { ConnectedChatWindowProps } from './connected/ConnectedChatWindow'
export { ConnectedConversationList } from './connected/ConnectedConversationList'
export type { ConnectedConversationListProps } from './connected/ConnectedConversationList'
export { toAttachment } from './connected/attachments'
