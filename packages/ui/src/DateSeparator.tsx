import type { ParleyStrings } from './i18n'
import { useI18n } from './i18n'

export interface DateSeparatorProps {
  /** Epoch ms of any moment of the day. */
  date: number
  locale?: string | undefined
}

/** "Today", "Yesterday" or the full date, between the days of a conversation. */
export function DateSeparator({ date, locale }: DateSeparatorProps) {
  const i18n = useI18n(undefined, locale)
  return (
    <div className="parley-separator" data-kind="date">
      <time dateTime={new Date(date).toISOString()}>{i18n.day(date)}</time>
    </div>
  )
}

/** The line above the first unread message. */
export function UnreadDivider({ strings }: { strings?: Partial<ParleyStrings> | undefined }) {
  const { t } = useI18n(strings)
  return (
    <div className="parley-separator" data-kind="unread">
      <span>{t.unreadDivider}</span>
    </div>
  )
}
