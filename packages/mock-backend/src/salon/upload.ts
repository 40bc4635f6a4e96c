import { HttpResponse } from 'msw'
import { ChatError } from '../chat-model'
import { toBase64 } from '../media'
import { sniffImage } from '../uploads'

export interface UploadLimits {
  maxUploadBytes: number
  uploadTypes: readonly string[]
}

/**
 * `POST /upload` (multipart field `file`) → `{file_url, file_name, file_type, file_size,
 * thumbnail_url}`. Files come back as `data:` URLs so any tab can show them; an image's
 * thumbnail is the picture itself, anything else has none.
 */
export async function salonUpload(request: Request, limits: UploadLimits) {
  const form = await request.formData().catch(() => undefined)
  const file = form?.get('file')
  if (!file || typeof file === 'string')
    throw new ChatError('invalid-request', 'Send the file as the multipart field "file"')
  if (file.size > limits.maxUploadBytes)
    return HttpResponse.json(
      { detail: `Files are limited to ${limits.maxUploadBytes} bytes` },
      { status: 413 },
    )
  const bytes = new Uint8Array(await file.arrayBuffer())
  const fileType = file.type.split(';')[0]!.trim().toLowerCase()
  // What the bytes say wins over what the client claims, as on a real upload server.
  const image = sniffImage(bytes)
  if (
    !limits.uploadTypes.includes(fileType) ||
    (fileType.startsWith('image/') && image?.mimeType !== fileType)
  )
    return HttpResponse.json(
      { detail: `Files of type "${fileType}" are not accepted` },
      { status: 400 },
    )
  const fileUrl = `data:${fileType};base64,${toBase64(bytes)}`
  return {
    file_url: fileUrl,
    file_name: (file as Partial<File>).name || 'upload',
    file_type: fileType,
    file_size: file.size,
    thumbnail_url: image ? fileUrl : null,
  }
}
