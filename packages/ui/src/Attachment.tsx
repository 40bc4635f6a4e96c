import type { Attachment } from '@parley/core'
import { FileCard } from './FileCard'
import { useI18n } from './i18n'
import { ImageAttachment } from './ImageViewer'
import { safeAudioSrc, safeMediaSrc } from './safe'
import { VoicePlayer } from './VoicePlayer'

export interface MessageAttachmentProps {
  attachment: Attachment
}

/**
 * An image (opens a viewer), a voice message (a player) or a file (a card with a download link).
 * A URL reaches the page only through its kind's guard; a refused one shows as unavailable.
 */
export function MessageAttachment({ attachment: a }: MessageAttachmentProps) {
  const { t } = useI18n()
  if (a.kind === 'image') return <ImageAttachment attachment={a} />
  const voice = a.kind === 'voice'
  const src = (voice ? safeAudioSrc : safeMediaSrc)(a.url)
  return voice && src ? (
    <VoicePlayer src={src} label={a.name ?? t.voice} durationMs={a.durationMs} />
  ) : (
    <FileCard attachment={a} href={src} />
  )
}
