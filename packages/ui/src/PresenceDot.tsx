import type { ParleyStrings } from './i18n'
import { useI18n } from './i18n'

export interface PresenceDotProps {
  online: boolean
  strings?: Partial<ParleyStrings> | undefined
}

/** A dot that says "Online" or "Offline" to screen readers. */
export function PresenceDot({ online, strings }: PresenceDotProps) {
  const { t } = useI18n(strings)
  return (
    <span
      className="parley-presence"
      role="img"
      aria-label={online ? t.online : t.offline}
      data-online={online || undefined}
    />
  )
}
