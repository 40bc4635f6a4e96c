import { ParleyError, type UploadedFile } from '@parley/core'
import { useMutation } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { useChatContext } from './context'

export interface UploadRules {
  /** Lower-case MIME types (`image/png`), families (`image/*`) or extensions (`.pdf`); any if absent. */
  accept?: readonly string[]
  maxBytes?: number
}

/** Why a file may not be uploaded, as a ParleyError `invalid-upload`; undefined when it may. */
export function checkUpload(
  file: Blob,
  name: string,
  { accept, maxBytes = Infinity }: UploadRules,
) {
  const { type, size } = file
  const fits = (rule: string) =>
    rule[0] === '.'
      ? name.toLowerCase().endsWith(rule)
      : rule.endsWith('/*')
        ? type.startsWith(rule.slice(0, -1))
        : type === rule
  return accept?.some(fits) === false || size > maxBytes
    ? new ParleyError(
        'invalid-upload',
        `Not accepted: ${name} (${type || 'no type'}, ${size} bytes)`,
      )
    : undefined
}

/**
 * Upload one file at a time with progress (0..1) and cancel. The file is checked against `rules`
 * before anything is sent; a refused file or a cancel rejects with a ParleyError
 * (`invalid-upload`, `aborted`), also kept in `error`.
 */
export function useUpload(rules: UploadRules = {}) {
  const { queryClient, protocol, token } = useChatContext()
  const [progress, setProgress] = useState(0)
  const controller = useRef<AbortController | undefined>(undefined)
  const mutation = useMutation(
    {
      gcTime: 0,
      mutationFn: async ({ file, name }: { file: Blob; name: string }): Promise<UploadedFile> => {
        const refused = protocol?.upload
          ? checkUpload(file, name, rules)
          : new ParleyError('invalid-upload', 'This backend takes no uploads')
        if (refused) throw refused
        const abort = (controller.current = new AbortController())
        setProgress(0)
        const auth = { token: await token() }
        if (abort.signal.aborted) throw new ParleyError('aborted', 'Upload cancelled')
        return protocol!.upload!(
          { file, name, signal: abort.signal, onProgress: setProgress },
          auth,
        )
      },
    },
    queryClient,
  )
  useEffect(() => () => controller.current?.abort(), [])
  return {
    /** Rejects with the error too; `name` defaults to the File's own. */
    upload: (file: Blob, name = (file as File).name ?? 'file') =>
      mutation.mutateAsync({ file, name }),
    cancel: () => controller.current?.abort(),
    progress,
    status: mutation.status,
    error: mutation.error,
    uploaded: mutation.data,
    reset: mutation.reset,
  }
}
