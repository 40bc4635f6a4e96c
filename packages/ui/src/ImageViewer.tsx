import type { Attachment } from '@parley/core'
import type { CSSProperties } from 'react'
import { useRef, useState } from 'react'
import { DownloadLink } from './FileCard'
import { useI18n } from './i18n'
import { safeImageSrc } from './safe'

export interface ImageAttachmentProps {
  attachment: Attachment
}

/**
 * An image in a message: a button of its final size (from `width`/`height`, or 4:3) before anything
 * loads, so the timeline never shifts under the reader; it opens the image in a viewer.
 */
export function ImageAttachment({ attachment: a }: ImageAttachmentProps) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const src = safeImageSrc(a.url)
  const name = a.name ?? t.image
  const [w, h] = a.width && a.height ? [a.width, a.height] : [320, 240]
  const box = {
    className: 'parley-media',
    style: { aspectRatio: `${w} / ${h}`, inlineSize: `${w}px` } as CSSProperties,
  }
  if (!src) {
    return (
      <span {...box}>
        <span className="parley-media__missing">{t.imageUnavailable}</span>
      </span>
    )
  }
  return (
    <>
      <button
        {...box}
        ref={button}
        type="button"
        aria-label={t.openImage(name)}
        onClick={() => setOpen(true)}
      >
        <img src={src} alt={name} width={w} height={h} loading="lazy" />
      </button>
      {open && (
        <ImageViewer
          src={src}
          name={name}
          onClose={() => {
            setOpen(false)
            button.current?.focus()
          }}
        />
      )}
    </>
  )
}

interface ImageViewerProps {
  src: string
  name: string
  onClose: () => void
}

/**
 * The full image in a modal `<dialog>`, in the top layer over everything: Esc, Close or a click
 * beside the image closes it. Mounted only while open: a timeline of images holds no dialogs.
 */
function ImageViewer({ src, name, onClose }: ImageViewerProps) {
  const { t } = useI18n()
  return (
    // A click on the dialog itself is a click beside the image; keyboards have Esc and Close.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions
    <dialog
      ref={(dialog) => {
        if (!dialog || dialog.open) return
        dialog.showModal()
        // Close, rather than the first control (Download): Enter then does nothing unasked for.
        dialog.querySelector('button')!.focus()
      }}
      className="parley-viewer"
      aria-label={name}
      onClose={onClose}
      onClick={(e) => e.target === e.currentTarget && e.currentTarget.close()}
      // React bubbles through the component tree, not the top layer: a finger resting on the image
      // would otherwise be a long press on the message beneath, opening its actions.
      onPointerDown={(e) => e.stopPropagation()}
    >
      <div className="parley-viewer__bar">
        <bdi className="parley-viewer__name">{name}</bdi>
        <DownloadLink href={src} name={name} />
        <button
          type="button"
          aria-label={t.close}
          onClick={(e) => e.currentTarget.closest('dialog')!.close()}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      <img src={src} alt={name} />
    </dialog>
  )
}
