import type { CSSProperties } from 'react'
import { useState } from 'react'
import { safeImageSrc } from './safe'

export interface AvatarProps {
  name: string
  /** Shown when it is an http(s), blob: or data:image URL that loads; initials otherwise. */
  src?: string | undefined
  size?: 'sm' | 'md' | 'lg' | undefined
}

/** A stable hue per name, so the same person keeps the same colour everywhere. */
const hue = (name: string) => {
  let h = 0
  for (const char of name) h = (h * 31 + char.codePointAt(0)!) % 360
  return h
}

const initials = (name: string) =>
  name
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => Array.from(word)[0] ?? '')
    .join('')
    .toLocaleUpperCase()

/**
 * A picture or initials. Decorative: it always sits next to the name, so screen readers skip it.
 */
export function Avatar({ name, src, size = 'md' }: AvatarProps) {
  const safe = safeImageSrc(src)
  const [broken, setBroken] = useState<string>()
  return (
    <span
      className="parley-avatar"
      data-size={size}
      aria-hidden="true"
      style={{ '--parley-avatar-hue': hue(name) } as CSSProperties}
    >
      {safe && broken !== safe ? (
        <img src={safe} alt="" onError={() => setBroken(safe)} />
      ) : (
        initials(name)
      )}
    </span>
  )
}
