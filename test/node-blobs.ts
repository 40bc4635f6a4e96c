import { Blob as NodeBlob, File as NodeFile } from 'node:buffer'
import { vi } from 'vitest'

/**
 * For uploads through MSW under jsdom: MSW turns the intercepted XHR body into a Node fetch
 * Request, and Node's fetch cannot read jsdom's Blob (the file arrives as the text "undefined").
 * Browsers have one Blob; give the test Node's FormData, Blob and File, which both sides read.
 * `vi.unstubAllGlobals()` undoes it.
 */
export async function stubNodeBlobs() {
  const nodeForm = await new Response('a=1', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }).formData()
  vi.stubGlobal('FormData', nodeForm.constructor)
  vi.stubGlobal('Blob', NodeBlob)
  vi.stubGlobal('File', NodeFile)
}
