import { ParleyError } from '../errors'
import type { UploadedFile } from '../model'
import type { ProtocolAdapter } from '../protocol'
import type { Frame } from './decode'

type Upload = Parameters<NonNullable<ProtocolAdapter['upload']>>[0]

/**
 * POST a file as the multipart field `file`, with progress: XMLHttpRequest, not fetch, since only it
 * reports upload progress. `settle` reads the dialect's answer (its JSON body, undefined when it had
 * none) into the stored file, or the error to reject with.
 */
export const uploadXhr = (
  url: string,
  { file, name, onProgress, signal }: Upload,
  token: string | undefined,
  settle: (status: number, body: Frame | undefined) => UploadedFile | ParleyError,
) =>
  new Promise<UploadedFile>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total)
    xhr.onload = () => {
      let body: Frame | undefined
      try {
        body = JSON.parse(xhr.responseText) as Frame
      } catch {
        // settled as an answer without a body
      }
      const result = settle(xhr.status, body)
      if (result instanceof ParleyError) reject(result)
      else resolve(result)
    }
    xhr.onerror = () => reject(new ParleyError('http-error', 'The server could not be reached'))
    signal?.addEventListener('abort', () => {
      xhr.abort()
      reject(new ParleyError('aborted', 'Upload cancelled'))
    })
    const form = new FormData()
    form.append('file', file, name)
    xhr.send(form)
  })
