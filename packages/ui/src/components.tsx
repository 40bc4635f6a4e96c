import type { ComponentType, ReactNode } from 'react'
import { createContext, useContext, useMemo } from 'react'
import type { AvatarProps } from './Avatar'
import type { ComposerProps } from './Composer'
import type { ConversationItemProps } from './ConversationList'
import type { DateSeparatorProps } from './DateSeparator'
import type { MessageAttachmentProps, MessageBubbleProps } from './MessageBubble'
import type { MessageTextProps } from './MessageText'
import type { PresenceDotProps } from './PresenceDot'
import type { TypingIndicatorProps } from './TypingIndicator'
import type { UnreadBadgeProps } from './UnreadBadge'

/**
 * The sub-components the composite components render. Replace any of them, for every component
 * inside, with `<ComponentsProvider components={{ Avatar: MyAvatar }}>`: the replacement receives the
 * same props as the default (which stays importable, to wrap rather than rewrite).
 */
export interface ParleyComponents {
  Avatar: ComponentType<AvatarProps>
  PresenceDot: ComponentType<PresenceDotProps>
  UnreadBadge: ComponentType<UnreadBadgeProps>
  DateSeparator: ComponentType<DateSeparatorProps>
  UnreadDivider: ComponentType<object>
  TypingIndicator: ComponentType<TypingIndicatorProps>
  MessageBubble: ComponentType<MessageBubbleProps>
  MessageText: ComponentType<MessageTextProps>
  MessageAttachment: ComponentType<MessageAttachmentProps>
  ConversationItem: ComponentType<ConversationItemProps>
  Composer: ComponentType<ComposerProps>
}

const ComponentsContext = createContext<Partial<ParleyComponents>>({})

export interface ComponentsProviderProps {
  /** Keep this object stable (a constant or `useMemo`): a new one re-renders every message. */
  components: Partial<ParleyComponents>
  children?: ReactNode
}

/** Replaces sub-components for everything inside; nested providers merge with outer ones. */
export function ComponentsProvider({ components, children }: ComponentsProviderProps) {
  const parent = useContext(ComponentsContext)
  const value = useMemo(() => ({ ...parent, ...components }), [parent, components])
  return <ComponentsContext.Provider value={value}>{children}</ComponentsContext.Provider>
}

/** The replacements in effect: `const { Avatar = DefaultAvatar } = useComponents()`. */
export const useComponents = (): Partial<ParleyComponents> => useContext(ComponentsContext)
