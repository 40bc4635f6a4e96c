import type { MessageStatus } from '@parley/core'
import type { ConnectionBadgeStrings } from './ConnectionBadge'
import type { NewConversationStrings } from './NewConversation'
import type { ReactNode } from 'react'
import { createContext, useContext, useMemo } from 'react'

/**
 * Every word the chat components show or announce. Replace any of them through `<StringsProvider>`
 * or a component's `strings` prop; dates, times and sizes come from `Intl` in the given `locale`.
 */
export interface ParleyStrings {
  messages: string
  noMessages: string
  loadingMessages: string
  loadingOlder: string
  historyFailed: string
  beginning: string
  /** Where the backend has no history to page through (Salon customers). */
  noHistory: string
  /** The conversation may be missing messages (a gap-fill after a reconnect failed). */
  syncFailed: string
  /** Fetching what was missed while disconnected. */
  syncing: string
  unreadDivider: string
  newMessages: (count: number) => string
  jumpToLatest: string
  /** What screen readers hear when a message arrives (`text` is already shortened). */
  announceMessage: (sender: string, text: string) => string
  announceMessages: (count: number) => string
  you: string
  unknownSender: string
  edited: string
  deleted: string
  status: Record<MessageStatus, string>
  retry: string
  actions: string
  back: string
  reply: string
  edit: string
  delete: string
  copy: string
  confirmDelete: string
  cancel: string
  /** A send the server refused as too long. */
  tooLong: string
  replyUnavailable: string
  image: string
  imageUnavailable: string
  voice: string
  file: string
  /** The voice player's button, by what it does next. */
  play: string
  pause: string
  /** The voice player's scrubber. */
  position: string
  /** The scrubber's value in words: "0:02 of 0:04". */
  timeOf: (elapsed: string, total: string) => string
  /** The speed button's name; it shows the rate itself ("1.5×"). */
  playbackSpeed: (rate: number) => string
  download: (name: string) => string
  openImage: (name: string) => string
  /** Closes the image viewer. */
  close: string
  /** A file or voice message whose address was refused or could not be played. */
  unavailable: string
  typing: (names: readonly string[]) => string
  message: string
  placeholder: string
  send: string
  /** Near the length limit; negative when over it. */
  charactersLeft: (count: number) => string
  save: string
  attach: string
  replyingTo: (name: string) => string
  editing: string
  /** `editing` and `confirmDelete` where edits and deletes do not reach the others live. */
  editingUnshared: string
  confirmDeleteUnshared: string
  cancelReply: string
  cancelEdit: string
  cancelUpload: (name: string) => string
  removeAttachment: (name: string) => string
  uploading: (name: string) => string
  uploadFailed: string
  /** A file over the app's size limit (e.g. "5 MB"), or, without one, over the server's. */
  fileTooLarge: (limit?: string) => string
  /** A file type (an extension such as "ZIP", or a MIME type) the app or the server refuses. */
  fileTypeRefused: (type: string) => string
  dropFiles: string
  conversations: string
  search: string
  loadingConversations: string
  conversationsFailed: string
  noConversations: string
  noMatches: (query: string) => string
  /** ChatScreen's right pane until a conversation is chosen. */
  chooseConversation: string
  unread: (count: number) => string
  online: string
  offline: string
  participants: (names: readonly string[]) => string
  /** The ConnectionBadge's own strings (its `strings` prop still wins). */
  connection: Partial<ConnectionBadgeStrings>
  /** "New conversation"'s own strings (its `strings` prop still wins). */
  newConversation: Partial<NewConversationStrings>
}

export const defaultStrings: ParleyStrings = {
  messages: 'Messages',
  noMessages: 'No messages yet. Say hello!',
  loadingMessages: 'Loading messages…',
  loadingOlder: 'Loading earlier messages…',
  historyFailed: 'Earlier messages could not be loaded',
  beginning: 'This is the beginning of the conversation.',
  noHistory: 'Earlier messages are not available here',
  syncFailed: 'Some messages could not be loaded',
  syncing: 'Catching up…',
  unreadDivider: 'Unread messages',
  newMessages: (n) => (n === 1 ? '1 new message' : `${n} new messages`),
  jumpToLatest: 'Jump to latest',
  announceMessage: (sender, text) => `${sender}: ${text}`,
  announceMessages: (n) => `${n} new messages`,
  you: 'You',
  unknownSender: 'Unknown',
  edited: 'edited',
  deleted: 'This message was deleted.',
  status: {
    sending: 'Sending',
    unconfirmed: 'Waiting for the server',
    sent: 'Sent',
    delivered: 'Delivered',
    read: 'Read',
    failed: 'Not sent',
  },
  retry: 'Retry',
  actions: 'Message actions',
  back: 'Back to conversations',
  reply: 'Reply',
  edit: 'Edit',
  delete: 'Delete',
  copy: 'Copy',
  confirmDelete: 'Delete this message?',
  cancel: 'Cancel',
  tooLong: 'Not sent: too long',
  replyUnavailable: 'Original message not loaded',
  image: 'Image',
  imageUnavailable: 'Image unavailable',
  voice: 'Voice message',
  file: 'File',
  play: 'Play',
  pause: 'Pause',
  position: 'Position',
  timeOf: (elapsed, total) => `${elapsed} of ${total}`,
  playbackSpeed: (rate) => `Playback speed ${rate}×`,
  download: (name) => `Download ${name}`,
  openImage: (name) => `Open image ${name}`,
  close: 'Close',
  unavailable: 'Unavailable',
  typing: (names) =>
    names.length === 1
      ? `${names[0]} is typing…`
      : names.length === 2
        ? `${names[0]} and ${names[1]} are typing…`
        : `${names.length} people are typing…`,
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  charactersLeft: (n) => (n < 0 ? `${-n} too many characters` : `${n} characters left`),
  save: 'Save',
  attach: 'Attach files',
  replyingTo: (name) => `Replying to ${name}`,
  editing: 'Editing message',
  editingUnshared: 'Editing message: others see the change only when they reload',
  confirmDeleteUnshared: 'Delete this message? Others see it gone only when they reload.',
  cancelReply: 'Cancel reply',
  cancelEdit: 'Cancel editing',
  cancelUpload: (name) => `Cancel upload of ${name}`,
  removeAttachment: (name) => `Remove ${name}`,
  uploading: (name) => `Uploading ${name}`,
  uploadFailed: 'Upload failed',
  fileTooLarge: (limit) => (limit ? `Larger than the ${limit} limit` : 'Too large for the server'),
  fileTypeRefused: (type) => `${type} files cannot be sent`,
  dropFiles: 'Drop files to attach',
  conversations: 'Conversations',
  search: 'Search conversations',
  loadingConversations: 'Loading conversations…',
  conversationsFailed: 'Conversations could not be loaded',
  noConversations: 'No conversations yet.',
  noMatches: (q) => `No conversations match “${q}”.`,
  chooseConversation: 'Choose a conversation',
  unread: (n) => (n === 1 ? '1 unread message' : `${n} unread messages`),
  online: 'Online',
  offline: 'Offline',
  participants: (names) =>
    names.length <= 3
      ? names.join(', ')
      : `${names.slice(0, 2).join(', ')} and ${names.length - 2} others`,
  connection: {},
  newConversation: {},
}

export interface I18n {
  t: ParleyStrings
  locale: string | undefined
  /** "14:05" / "2:05 PM". */
  time: (epochMs: number) => string
  /** "Today", "Yesterday", "Monday, March 3, 2025". */
  day: (epochMs: number) => string
  /** For lists: the time today, the weekday this week, the date before. */
  short: (epochMs: number) => string
  size: (bytes: number) => string
}

const DAY = 86_400_000
/** Internal: the start of the local day of `ms`, to compare calendar days. */
export const midnight = (ms: number) => new Date(ms).setHours(0, 0, 0, 0)
const daysAgo = (ms: number) => Math.round((midnight(Date.now()) - midnight(ms)) / DAY)

function createI18n(t: ParleyStrings, locale: string | undefined): I18n {
  // An Intl formatter's `format` is bound to it.
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, options).format
  const time = format({ timeStyle: 'short' })
  const weekday = format({ weekday: 'short' })
  const date = format({ dateStyle: 'medium' })
  const full = format({ dateStyle: 'full' })
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  return {
    t,
    locale,
    time,
    day: (ms) => {
      const ago = daysAgo(ms)
      const text = ago >= 0 && ago < 2 ? relative.format(-ago, 'day') : full(ms)
      return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1)
    },
    short: (ms) => {
      const ago = daysAgo(ms)
      return (ago < 1 ? time : ago < 7 ? weekday : date)(ms)
    },
    size: (bytes) => {
      const power = Math.min(3, Math.floor(Math.log10(Math.max(bytes, 1)) / 3))
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: ['byte', 'kilobyte', 'megabyte', 'gigabyte'][power]!,
        maximumFractionDigits: 1,
      }).format(bytes / 1000 ** power)
    },
  }
}

/** Internal: composite components hand their merged strings to the parts they render. */
export const I18nContext = createContext<I18n>(
  /* @__PURE__ */ createI18n(defaultStrings, undefined),
)

export interface StringsProviderProps {
  strings?: Partial<ParleyStrings> | undefined
  /** A BCP 47 tag for dates and times; the browser's language when absent. */
  locale?: string | undefined
  children?: ReactNode
}

/** Replaces strings and the locale for every component inside; nested providers merge. */
export function StringsProvider({ strings, locale, children }: StringsProviderProps) {
  const value = useI18n(strings, locale)
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

/**
 * The strings and formatters in effect: the context's, overridden by a component's own props.
 * Pass a stable `strings` object (a constant or `useMemo`): a new one each render re-renders rows.
 */
export function useI18n(strings?: Partial<ParleyStrings>, locale?: string): I18n {
  const parent = useContext(I18nContext)
  return useMemo(
    () =>
      strings || (locale && locale !== parent.locale)
        ? createI18n({ ...parent.t, ...strings }, locale ?? parent.locale)
        : parent,
    [parent, strings, locale],
  )
}
