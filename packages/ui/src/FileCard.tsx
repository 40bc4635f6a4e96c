import type { Attachment } from '@parley/core'
import { useI18n } from './i18n'

export interface FileCardProps {
  attachment: Attachment
  /** A URL already passed through `safeMediaSrc`; without one the card says the file is unavailable. */
  href: string | undefined
}

/** The icon's colour by kind of file, judged from the MIME type and the extension. */
const TYPES: [string, RegExp][] = [
  ['pdf', /pdf/],
  ['sheet', /sheet|excel|csv|\.(xlsx?|ods|numbers)$/],
  ['zip', /zip|rar|7z|tar|compress|\.(gz|tgz|bz2|xz)$/],
  ['audio', /audio|\.(mp3|wav|ogg|m4a|flac|aac|opus)$/],
  ['doc', /word|text|rtf|document|\.(docx?|odt|txt|md|pages)$/],
]

/**
 * A file as a card: an icon by type showing the extension, the whole name (it wraps, so the
 * extension is never cut off), the size, and a download link named after the file.
 */
export function FileCard({ attachment: a, href }: FileCardProps) {
  const i18n = useI18n()
  const { t } = i18n
  const name = a.name ?? t[a.kind]
  // Letters and digits only: the icon shows it.
  const ext = /\.([a-z\d]{1,4})$/i.exec(name)?.[1] ?? ''
  const probe = `${a.mimeType ?? ''} .${ext}`.toLowerCase()
  const type = a.kind === 'voice' ? 'audio' : TYPES.find(([, re]) => re.test(probe))?.[0]
  // "12.5 kB", "12.5 kB · Unavailable", "Unavailable", or nothing.
  const meta = [a.size !== undefined && i18n.size(a.size), !href && t.unavailable]
    .filter(Boolean)
    .join(' · ')
  return (
    <span className="parley-file" data-type={type} data-unavailable={href ? undefined : ''}>
      <span className="parley-file__icon" aria-hidden="true">
        {ext}
      </span>
      <bdi className="parley-file__name">{name}</bdi>
      {meta && <span className="parley-file__meta">{meta}</span>}
      {href && (
        // The whole card is its target (styles.css stretches it); its name says what it does.
        <DownloadLink className="parley-file__download" href={href} name={name} />
      )}
    </span>
  )
}

/** A "↓" link that downloads `href`, named for screen readers after the file ("Download plan.pdf"). */
export function DownloadLink(props: { href: string; name: string; className?: string }) {
  const { t } = useI18n()
  return (
    <a
      className={props.className}
      href={props.href}
      target="_blank"
      rel="noopener noreferrer"
      download
      aria-label={t.download(props.name)}
    >
      <span aria-hidden="true">↓</span>
    </a>
  )
}
