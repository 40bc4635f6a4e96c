export { Avatar } from './Avatar'
export type { AvatarProps } from './Avatar'
export { ChatWindow } from './ChatWindow'
export type { ChatWindowProps } from './ChatWindow'
export { ComponentsProvider, useComponents } from './components'
export type { ComponentsProviderProps, ParleyComponents } from './components'
export { Composer } from './Composer'
export type { ComposerAttachment, ComposerProps } from './Composer'
export { ConnectionBadge, defaultConnectionBadgeStrings } from './ConnectionBadge'
export type { ConnectionBadgeProps, ConnectionBadgeStrings } from './ConnectionBadge'
export {
  ConversationItem,
  ConversationList,
  conversationTitle,
  otherParticipants,
} from './ConversationList'
export type { ConversationItemProps, ConversationListProps } from './ConversationList'
export { DateSeparator, UnreadDivider } from './DateSeparator'
export type { DateSeparatorProps } from './DateSeparator'
export { defaultStrings, StringsProvider, useI18n } from './i18n'
export type { I18n, ParleyStrings, StringsProviderProps } from './i18n'
export { MessageAttachment, MessageBubble, messageSnippet } from './MessageBubble'
export type { MessageAttachmentProps, MessageBubbleProps } from './MessageBubble'
export { MessageList, messageKey } from './MessageList'
export type { MessageListProps } from './MessageList'
export { MessageText } from './MessageText'
export type { MessageTextProps } from './MessageText'
export { PresenceDot } from './PresenceDot'
export type { PresenceDotProps } from './PresenceDot'
export { linkify, safeAudioSrc, safeImageSrc, safeLinkHref, safeMediaSrc } from './safe'
export type { LinkPart } from './safe'
export { TypingIndicator } from './TypingIndicator'
export type { TypingIndicatorProps } from './TypingIndicator'
export { UnreadBadge } from './UnreadBadge'
export type { UnreadBadgeProps } from './UnreadBadge'
export { defaultNewConversationStrings, NewConversation } from './NewConversation'
export type {
  NewConversationProps,
  NewConversationRequest,
  NewConversationStrings,
} from './NewConversation'
export { FileCard } from './FileCard'
export type { FileCardProps } from './FileCard'
export { ImageAttachment } from './ImageViewer'
export type { ImageAttachmentProps } from './ImageViewer'
export { VoicePlayer } from './VoicePlayer'
export type { VoicePlayerProps } from './VoicePlayer'
