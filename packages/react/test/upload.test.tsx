import { createChatClient, ParleyError } from '@parley/core'
import { act, renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ChatProvider, checkUpload, useUpload, type UploadRules } from '../src'
import { chatOptions, setupBackend, until, type Backend } from './backend'

const backend = setupBackend()

function renderUpload(b: Backend, rules?: UploadRules) {
  return renderHook(() => useUpload(rules), {
    wrapper: ({ children }) => (
      <ChatProvider options={chatOptions(b, 'alice', { environment: null })}>
        {children}
      </ChatProvider>
    ),
  })
}
const photo = () => new File(['x'.repeat(2_000)], 'cat.png', { type: 'image/png' })
const uploads = (b: Backend) => b.requests.filter((r) => r === 'upload').length

describe('useUpload', () => {
  it('uploads with progress and returns the stored file', async () => {
    const b = await backend.start()
    const { result } = renderUpload(b, { accept: ['image/*'], maxBytes: 10_000 })
    let stored: unknown
    await act(async () => {
      stored = await result.current.upload(photo())
    })
    expect(stored).toMatchObject({ url: 'https://cdn.parley.test/upload-1', name: 'cat.png' })
    expect(result.current.progress).toBe(1)
    expect(result.current.status).toBe('success')
    expect(result.current.uploaded).toEqual(stored)
  })

  it('refuses a file of the wrong type or size before anything is sent: ParleyError invalid-upload', async () => {
    const b = await backend.start()
    const { result } = renderUpload(b, { accept: ['image/*', '.pdf'], maxBytes: 1_000 })
    const text = new File(['hello'], 'notes.txt', { type: 'text/plain' })
    await act(() =>
      expect(result.current.upload(text)).rejects.toMatchObject({ code: 'invalid-upload' }),
    )
    await until(() => result.current.status === 'error')
    expect(result.current.error).toBeInstanceOf(ParleyError)
    await act(() =>
      expect(result.current.upload(photo())).rejects.toMatchObject({ code: 'invalid-upload' }),
    )
    expect(uploads(b)).toBe(0)
    const pdf = new File(['%PDF'], 'Report.PDF', { type: '' })
    expect(checkUpload(pdf, pdf.name, { accept: ['.pdf'] })).toBeUndefined()
    expect(
      checkUpload(photo(), 'cat.png', { accept: ['image/png'], maxBytes: 2_000 }),
    ).toBeUndefined()
  })

  it('cancel aborts an upload in flight: ParleyError aborted', async () => {
    const b = await backend.start()
    b.setUploadDelay(2_000)
    const { result } = renderUpload(b)
    let outcome: Promise<unknown> = Promise.resolve()
    act(() => {
      outcome = result.current.upload(photo())
    })
    await until(() => uploads(b) === 1, 3_000, 'request sent')
    act(() => result.current.cancel())
    await act(() => expect(outcome).rejects.toMatchObject({ code: 'aborted' }))
    await until(() => result.current.status === 'error')
    expect(result.current.error).toMatchObject({ code: 'aborted' })
  })

  it('a backend without uploads refuses with invalid-upload', async () => {
    const b = await backend.start()
    const client = createChatClient(chatOptions(b, 'alice', { environment: null }))
    const { result } = renderHook(() => useUpload(), {
      wrapper: ({ children }) => <ChatProvider client={client}>{children}</ChatProvider>,
    })
    await act(() =>
      expect(result.current.upload(photo())).rejects.toMatchObject({ code: 'invalid-upload' }),
    )
  })
})
