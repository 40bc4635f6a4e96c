import { ParleyError, type Attachment, type UploadedFile } from '@parley/core'
import type { UploadRules } from '@parley/react'
import { useUpload } from '@parley/react'
import { useEffect, useRef, useState } from 'react'
import type { ComposerAttachment } from '../Composer'
import type { I18n } from '../i18n'

interface Item extends ComposerAttachment {
  uploaded?: UploadedFile
}

let nextId = 0

/** The message attachment an uploaded file becomes, its kind taken from its type. */
export const toAttachment = (file: UploadedFile): Attachment => ({
  ...file,
  kind: file.mimeType.startsWith('image/')
    ? 'image'
    : file.mimeType.startsWith('audio/')
      ? 'voice'
      : 'file',
})

/**
 * What the composer says about a file that was not uploaded: which limit it passed or which type
 * was refused, by the app's rules or by the server (413, 415). Never the server's own words.
 */
export function uploadProblem(
  error: unknown,
  file: File,
  { maxBytes = Infinity }: UploadRules,
  { t, size }: I18n,
): string {
  if (!(error instanceof ParleyError) || error.code !== 'invalid-upload') return t.uploadFailed
  if (file.size > maxBytes) return t.fileTooLarge(size(maxBytes))
  if ((error.raw as { status?: number } | undefined)?.status === 413) return t.fileTooLarge()
  return t.fileTypeRefused(/\.([^.]+)$/.exec(file.name)?.[1]?.toUpperCase() ?? file.type)
}

/**
 * The composer's attachments: files upload one after another (useUpload runs one at a time), each
 * shown with progress; a removed file is cancelled or skipped; `uploaded()` hands over the
 * finished ones for a message.
 */
export function useAttachments(
  rules: UploadRules,
  onError: (error: unknown) => void,
  /** What the composer says about a failed file; "Upload failed" when undefined. */
  describe: (error: unknown, file: File) => string | undefined,
) {
  const { upload, cancel, progress } = useUpload(rules)
  const [items, setItems] = useState<readonly Item[]>([])
  const queue = useRef(Promise.resolve())
  const removed = useRef(new Set<string>())
  /** The file uploading now (useUpload's progress is its progress). */
  const [uploading, setUploading] = useState<string>()
  const previews = useRef(new Map<string, string>())

  const patch = (id: string, change: Partial<Item>) =>
    setItems((list) => list.map((item) => (item.id === id ? { ...item, ...change } : item)))
  const forget = (ids: readonly string[]) => {
    for (const id of ids) {
      const url = previews.current.get(id)
      if (url) URL.revokeObjectURL(url)
      previews.current.delete(id)
    }
    setItems((list) => list.filter((item) => !ids.includes(item.id)))
  }
  // Unmounted (the conversation closed): files still queued are not uploaded, and the upload that
  // useUpload aborts is nobody's error.
  const alive = useRef(true)
  useEffect(() => {
    alive.current = true
    const urls = previews.current
    return () => {
      alive.current = false
      urls.forEach((url) => URL.revokeObjectURL(url))
    }
  }, [])

  const attach = (files: readonly File[]) => {
    for (const file of files) {
      const id = `attachment-${++nextId}`
      const previewUrl = file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined
      if (previewUrl) previews.current.set(id, previewUrl)
      setItems((list) => [...list, { id, name: file.name, status: 'uploading', previewUrl }])
      queue.current = queue.current.then(async () => {
        if (removed.current.has(id) || !alive.current) return
        setUploading(id)
        try {
          patch(id, { status: 'done', uploaded: await upload(file) })
        } catch (error) {
          if (!removed.current.has(id) && alive.current) {
            patch(id, { status: 'failed', error: describe(error, file) })
            onError(error)
          }
        } finally {
          setUploading(undefined)
        }
      })
    }
  }

  return {
    attachments: items.map((item) =>
      item.id === uploading && item.status === 'uploading' ? { ...item, progress } : item,
    ),
    attach,
    remove(id: string) {
      removed.current.add(id)
      if (uploading === id) cancel()
      forget([id])
    },
    /** The uploaded files as message attachments, and a function that clears them once sent. */
    uploaded() {
      const done = items.filter((item) => item.uploaded)
      return {
        attachments: done.map((item) => toAttachment(item.uploaded!)),
        sent: () => forget(done.map((item) => item.id)),
      }
    },
  }
}
