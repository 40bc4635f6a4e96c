import type { ParleyStrings } from './i18n'
import { useI18n } from './i18n'

export interface UnreadBadgeProps {
  count: number
  /** Counts above it show as "99+". */
  max?: number
  strings?: Partial<ParleyStrings> | undefined
}

/** The unread count; nothing at zero. Screen readers hear "3 unread messages". */
export function UnreadBadge({ count, max = 99, strings }: UnreadBadgeProps) {
  const { t } = useI18n(strings)
  if (count <= 0) return null
  return (
    <span className="parley-unread-badge">
      <span aria-hidden="true">{count > max ? `${max}+` : count}</span>
      <span className="parley-visually-hidden">{t.unread(count)}</span>
    </span>
  )
}
