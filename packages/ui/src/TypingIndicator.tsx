import type { ParleyStrings } from './i18n'
import { useI18n } from './i18n'

export interface TypingIndicatorProps {
  /** Who is typing now; nobody shows (and announces) nothing. */
  names: readonly string[]
  strings?: Partial<ParleyStrings> | undefined
}

/**
 * "Ada is typing…". The element stays mounted while nobody types: a live region must exist before
 * its text changes for screen readers to announce the change.
 */
export function TypingIndicator({ names, strings }: TypingIndicatorProps) {
  const { t } = useI18n(strings)
  const active = names.length > 0
  return (
    <div className="parley-typing" aria-live="polite" data-active={active || undefined}>
      {active && (
        <>
          <span className="parley-typing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span>{t.typing(names)}</span>
        </>
      )}
    </div>
  )
}
