/**
 * The connected components in Chromium against @parley/mock-backend, served by MSW's worker:
 * the kit as an app embeds it, from the conversation list to a message another user reads.
 */
import { ParleyError, type ChatClientOptions, type ProtocolAdapter } from '@parley/core'
import { createNativeProtocol } from '@parley/core/native'
import type { MockBackend } from '@parley/mock-backend'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { API_URL, MockChatProvider, pngFile, serveMockBackend } from '../src/backend'
import { ChatScreen, type ChatScreenProps } from '../src/connected'
import '../src/styles.css'

type HistoryRequest = Parameters<NonNullable<ProtocolAdapter['fetchHistory']>>[0]
type ListRequest = Parameters<NonNullable<ProtocolAdapter['fetchConversations']>>[0]

/** The native protocol, recording every history page and conversation list page it asks for. */
function recordingPages() {
  const native = createNativeProtocol({ apiUrl: API_URL })
  const history: HistoryRequest[] = []
  const cursors: (string | undefined)[] = []
  const protocol: ProtocolAdapter = {
    ...native,
    fetchHistory: (request: HistoryRequest, auth: { token: string | undefined }) => {
      history.push(request)
      return native.fetchHistory!(request, auth)
    },
    fetchConversations: (request: ListRequest, auth: { token: string | undefined }) => {
      cursors.push(request.cursor)
      return native.fetchConversations!(request, auth)
    },
  }
  return { protocol, history, cursors }
}

/** Maya's ChatScreen on `backend` through `protocol`, in a box of the given size. */
function renderMaya(
  backend: MockBackend,
  protocol: ProtocolAdapter,
  props: ChatScreenProps = {},
  { width = 900, height = 560 } = {},
) {
  render(
    <section aria-label="Maya" style={{ width, height }}>
      <MockChatProvider backend={backend} userId="trainer-maya" options={{ protocol }}>
        <ChatScreen {...props} />
      </MockChatProvider>
    </section>,
  )
}

afterEach(cleanup)

function Screen({
  backend,
  userId,
  label,
  options,
  ...props
}: ChatScreenProps & {
  backend: MockBackend
  userId: string
  label: string
  options?: Partial<ChatClientOptions>
}) {
  return (
    <section aria-label={label} style={{ width: 900, height: 560 }}>
      <MockChatProvider backend={backend} userId={userId} options={options}>
        <ChatScreen {...props} />
      </MockChatProvider>
    </section>
  )
}

type Person = ChatScreenProps & {
  userId: string
  label: string
  /** The open conversation's title as this person sees it. */
  title: string
  options?: Partial<ChatClientOptions>
}
const SAM: Person = { userId: 'client-sam', label: 'Sam', title: 'Maya Okafor' }
const MAYA: Person = { userId: 'trainer-maya', label: 'Maya', title: 'Sam Lee' }

/** A ChatScreen per person, each with dm-maya-sam open; resolves to each one's chat window. */
function openChats<P extends Person[]>(
  backend: MockBackend,
  ...people: P
): Promise<{ [K in keyof P]: HTMLElement }> {
  render(
    <>
      {people.map(({ title: _, ...person }) => (
        <Screen key={person.label} backend={backend} defaultSelectedId="dm-maya-sam" {...person} />
      ))}
    </>,
  )
  return Promise.all(
    people.map(({ label, title }) =>
      within(screen.getByRole('region', { name: label })).findByRole('region', { name: title }),
    ),
  ) as Promise<{ [K in keyof P]: HTMLElement }>
}

const shown = (region: HTMLElement) =>
  within(region).getByRole('log', { name: 'Messages' }).textContent

/** The message log of `region` once its first page is in (the loading skeleton is another element). */
const openedLog = (region: HTMLElement, text?: string) =>
  waitFor(
    () => {
      const log = within(region).getByRole('log', { name: 'Messages' })
      expect(log).not.toHaveAttribute('aria-busy')
      if (text) expect(log).toHaveTextContent(text)
      return log
    },
    { timeout: 5000 },
  )
const bubble = (log: HTMLElement, text: string) =>
  within(log).getByText(text).closest<HTMLElement>('.parley-message')!
const expectSent = (el: HTMLElement) =>
  expect(['sent', 'delivered', 'read']).toContain(el.getAttribute('data-status'))
/** How often the server stored a message with this text. */
const stored = (backend: MockBackend, conversationId: string, body: string) =>
  backend.model
    .history('trainer-maya', conversationId, { limit: 200 })
    .messages.filter((m) => m.body === body).length
/** What a user's scroll looks like to the list: a wheel gesture, then the scroll it causes. */
const scrollToTop = (el: HTMLElement) => {
  el.dispatchEvent(new WheelEvent('wheel', { deltaY: -el.scrollTop, bubbles: true }))
  el.scrollTop = 0
}

describe('ChatScreen on the mock backend', () => {
  it('lists conversations, opens a deep link and sends a message the other user receives', async () => {
    const backend = await serveMockBackend()
    const [window, mayaWindow] = await openChats(backend, SAM, MAYA)
    const sam = screen.getByRole('region', { name: 'Sam' })
    const list = await within(sam).findByRole('listbox', { name: 'Conversations' })
    await waitFor(() => expect(within(list).getAllByRole('option').length).toBeGreaterThan(1))
    await waitFor(() => expect(shown(window)).toContain('How did the practice go?'))

    const user = userEvent.setup()
    await user.type(within(window).getByRole('textbox', { name: 'Message' }), 'Went well!{Enter}')
    await waitFor(() =>
      expect(window.querySelector('[data-status="sent"], [data-status="read"]')).toBeTruthy(),
    )
    await waitFor(() => expect(shown(mayaWindow)).toContain('Went well!'))
  })

  it('shows a send the server has not acknowledged as waiting (no Retry, no Discard); once the line heals it arrives once', async () => {
    const backend = await serveMockBackend()
    const [sam, maya] = await openChats(backend, { ...SAM, options: { ackTimeoutMs: 800 } }, MAYA)
    const samLog = await openedLog(sam, 'How did the practice go?')
    const mayaLog = await openedLog(maya, 'How did the practice go?')
    // Both have joined the conversation before the network starts losing every frame to the server.
    await waitFor(() => expect(backend.controls.sessions()).toHaveLength(2))
    await waitFor(() =>
      backend.controls.sessions().forEach((s) => expect(s.joined).toContain('dm-maya-sam')),
    )
    backend.controls.frames({ toServer: { drop: 1 } })

    const user = userEvent.setup()
    await user.type(within(sam).getByRole('textbox', { name: 'Message' }), 'Lost in transit{Enter}')
    await waitFor(
      () => expect(bubble(samLog, 'Lost in transit')).toHaveAttribute('data-status', 'unconfirmed'),
      { timeout: 4000 },
    )
    const waiting = bubble(samLog, 'Lost in transit')
    expect(within(waiting).getByText('Waiting for the server')).toBeInTheDocument()
    expect(within(waiting).queryByRole('button', { name: 'Retry' })).toBeNull()
    await user.click(within(waiting).getByRole('button', { name: 'Message actions' }))
    expect(within(waiting).queryByRole('button', { name: 'Delete' })).toBeNull()

    backend.controls.frames()
    await waitFor(() => expectSent(bubble(samLog, 'Lost in transit')), { timeout: 8000 })
    await waitFor(() => expect(within(mayaLog).getAllByText('Lost in transit')).toHaveLength(1))
    expect(within(samLog).getAllByText('Lost in transit')).toHaveLength(1)
    expect(stored(backend, 'dm-maya-sam', 'Lost in transit')).toBe(1)
  })

  it('deletes a send the server refused: after asking, it leaves the timeline and is never sent again', async () => {
    const backend = await serveMockBackend()
    // An adapter that declares no length limit, so that the server is the one to refuse.
    const protocol = createNativeProtocol({ apiUrl: API_URL })
    const [sam] = await openChats(backend, { ...SAM, options: { protocol } })
    const log = await openedLog(sam, 'How did the practice go?')
    const user = userEvent.setup()
    const long = `Never mind ${'z'.repeat(4000)}`
    await user.click(within(sam).getByRole('textbox', { name: 'Message' }))
    await user.paste(long)
    await user.keyboard('{Enter}')
    await within(log).findByText('Not sent: too long')
    // The row, looked up afresh each time: a 4,000-character row may be re-rendered as it is measured.
    const inFailed = (name: string) =>
      waitFor(() => within(bubble(log, long)).getByRole('button', { name }))
    await user.click(await inFailed('Message actions'))
    await user.click(await inFailed('Delete'))
    await user.click(await inFailed('Delete')) // "Delete this message?"
    await waitFor(() => expect(within(log).queryByText(long)).toBeNull())

    // Reconnected, the outbox has nothing to resend.
    backend.controls.disconnectAll()
    await waitFor(() => expect(within(sam).getByRole('status')).toHaveTextContent('Connected'))
    await user.type(within(sam).getByRole('textbox', { name: 'Message' }), 'After{Enter}')
    await waitFor(() => expectSent(bubble(log, 'After')))
    expect(within(log).queryByText(long)).toBeNull()
  })

  it('knows the length limit: counts down, refuses a longer text, and says why the server refused one', async () => {
    const backend = await serveMockBackend()
    // The adapter declares the limit (MockChatProvider's: 4,000, as the mock backend's).
    const [sam] = await openChats(backend, SAM)
    const log = await openedLog(sam, 'How did the practice go?')
    const box = within(sam).getByRole('textbox', { name: 'Message' })
    const send = within(sam).getByRole('button', { name: 'Send' })
    const user = userEvent.setup()
    await user.click(box)
    await user.paste('x'.repeat(4001))
    expect(within(sam).getByText('1 too many characters')).toBeTruthy()
    expect(send).toBeDisabled()
    await user.keyboard('{Enter}')
    await user.keyboard('{Backspace}')
    expect(within(sam).getByText('0 characters left')).toBeTruthy()
    await user.keyboard('{Enter}')
    await waitFor(() => expectSent(bubble(log, 'x'.repeat(4000))))
    expect(stored(backend, 'dm-maya-sam', 'x'.repeat(4001))).toBe(0)
    cleanup()

    // An adapter that declares no limit: the server refuses, and the message says so in words.
    const protocol = createNativeProtocol({ apiUrl: API_URL })
    const [again] = await openChats(backend, { ...SAM, options: { protocol } })
    const log2 = await openedLog(again, 'How did the practice go?')
    await user.click(within(again).getByRole('textbox', { name: 'Message' }))
    await user.paste('y'.repeat(4001))
    await user.keyboard('{Enter}')
    const failed = await within(log2).findByText('Not sent: too long')
    expect(failed.closest('.parley-message')).toHaveAttribute('data-status', 'failed')
    expect(within(log2).queryByRole('button', { name: 'Retry' })).toBeNull()
    expect(again.textContent).not.toMatch(/too-long|longer than/)
  })

  it('after the sign-in expires: no stale "Online" or typing, no server words, and Reconnect says it is still refused', async () => {
    const backend = await serveMockBackend()
    const [sam] = await openChats(backend, SAM, MAYA)
    await openedLog(sam, 'How did the practice go?')
    const subtitle = sam.querySelector('.parley-chat__subtitle')!
    await waitFor(() => expect(subtitle).toHaveTextContent('Online'))
    const badge = within(sam).getByRole('status')
    await waitFor(() => expect(badge).toHaveTextContent('Connected'))
    const maya = screen.getByRole('region', { name: 'Maya' })
    const user = userEvent.setup()
    await user.type(within(maya).getByRole('textbox', { name: 'Message' }), 'Typing a long')
    await waitFor(() => expect(sam).toHaveTextContent('Maya Okafor is typing…'))

    const token = backend.controls.sessions().find((s) => s.userId === 'client-sam')!.token!
    expect(backend.controls.expireToken(token)).toBe(true)
    await waitFor(() => expect(badge).toHaveTextContent('Sign-in expired'))
    expect(subtitle).not.toHaveTextContent('Online')
    expect(sam).not.toHaveTextContent('typing')

    await user.click(within(sam).getByRole('button', { name: 'Reconnect' }))
    await waitFor(() => expect(badge).toHaveTextContent('Still signed out: sign in again'))
    const screenText = screen.getByRole('region', { name: 'Sam' }).textContent
    expect(screenText).not.toMatch(/token|refused|4401|authentication/i)
  })

  it('is never blank between "Connected" and the messages: a skeleton until they are placed', async () => {
    const backend = await serveMockBackend({ scenario: 'slow-history:300' })
    renderMaya(backend, createNativeProtocol({ apiUrl: API_URL }), {
      defaultSelectedId: 'dm-maya-diego',
    })
    // What the conversation's pane shows, frame by frame, until its messages are on screen.
    const seen = new Set<string>()
    await new Promise<void>((resolve, reject) => {
      const started = performance.now()
      const frame = () => {
        const log = document.querySelector('.parley-chat [role="log"]')
        const placing = document.querySelector('.parley-list__placing')
        const rows = log?.querySelector<HTMLElement>('[data-testid="virtuoso-item-list"]')
        const state = !log
          ? 'no pane yet'
          : log.querySelector('.parley-skeleton')
            ? 'skeleton'
            : placing && getComputedStyle(placing).display !== 'none'
              ? 'skeleton'
              : rows && getComputedStyle(rows).visibility === 'visible' && rows.childElementCount
                ? 'messages'
                : `blank: ${log.textContent}`
        seen.add(state)
        if (state === 'messages') resolve()
        else if (performance.now() - started > 8000) reject(new Error([...seen].join(' / ')))
        else requestAnimationFrame(frame)
      }
      frame()
    })
    expect([...seen]).toEqual(['no pane yet', 'skeleton', 'messages'])
  })

  it('uploads an image with progress, then sends it as an image message', async () => {
    const backend = await serveMockBackend({ scenario: 'slow-uploads:600ms' })
    render(
      <Screen backend={backend} userId="client-sam" label="Sam" defaultSelectedId="dm-maya-sam" />,
    )
    const chat = await screen.findByRole('region', { name: 'Maya Okafor' })
    const log = await openedLog(chat, 'How did the practice go?')
    const user = userEvent.setup()
    const input = chat.querySelector<HTMLInputElement>('input[type="file"]')!
    await user.upload(input, await pngFile('squat.png', 90, 60))
    expect(
      await within(chat).findByRole('progressbar', { name: 'Uploading squat.png' }),
    ).toBeInTheDocument()
    const send = within(chat).getByRole('button', { name: 'Send' })
    expect(send).toBeDisabled()
    await waitFor(() => expect(send).toBeEnabled(), { timeout: 4000 })
    expect(within(chat).queryByRole('progressbar')).toBeNull()
    await user.click(send)
    const image = await within(log).findByRole('img', { name: 'squat.png' })
    expect(image).toHaveAttribute('src', expect.stringMatching(/^data:image\/png/))
    await waitFor(() => expectSent(image.closest<HTMLElement>('.parley-message')!))
    const [message] = backend.model.history('client-sam', 'dm-maya-sam', { limit: 1 }).messages
    expect(message).toMatchObject({ kind: 'image', attachments: [{ width: 90, height: 60 }] })
  })

  it('reports refused uploads as ParleyErrors, and the composer keeps working', async () => {
    const backend = await serveMockBackend()
    const onError = vi.fn()
    const uploads = { accept: ['image/*'], maxBytes: 100_000 }
    const [chat] = await openChats(backend, { ...SAM, uploads, onError })
    const log = await openedLog(chat, 'How did the practice go?')
    const user = userEvent.setup({ applyAccept: false })
    const input = chat.querySelector<HTMLInputElement>('input[type="file"]')!

    // Too big for the app's own rules: refused before anything is sent.
    await user.upload(input, new File([new Uint8Array(200_000)], 'huge.png', { type: 'image/png' }))
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(1))
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(ParleyError)
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'invalid-upload' })
    const said = (text: string) => {
      // In the chip, and read out by the composer's live region.
      expect(within(chat).getByText(text, { selector: '.parley-chip__error' })).toBeVisible()
      expect(chat.querySelector('.parley-composer [aria-live="polite"]')).toHaveTextContent(text)
    }
    said('Larger than the 100 kB limit')
    await user.click(within(chat).getByRole('button', { name: 'Remove huge.png' }))

    // Not a type the app takes: says which type, and the whole name stays readable.
    const zip = 'evidence-from-the-session-march-2026.zip'
    await user.upload(input, new File(['PK'], zip, { type: 'application/zip' }))
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(2))
    said('ZIP files cannot be sent')
    const name = within(chat).getByText(zip)
    expect(name.scrollWidth).toBeLessThanOrEqual(name.clientWidth)
    expect(name.getBoundingClientRect().width).toBeGreaterThan(0)
    expect(chat.querySelector('.parley-composer [aria-live="polite"]')).toHaveTextContent(zip)
    await user.click(within(chat).getByRole('button', { name: `Remove ${zip}` }))

    // Allowed by the app, refused by the server: an SVG (script-capable) is 415.
    backend.controls.reset()
    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'logo.svg', {
      type: 'image/svg+xml',
    })
    await user.upload(input, svg)
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(3))
    expect(onError.mock.calls[2]![0]).toMatchObject({
      code: 'invalid-upload',
      raw: { status: 415 },
    })
    said('SVG files cannot be sent')
    expect(chat.textContent).not.toContain(String(onError.mock.calls[2]![0].message))
    await user.click(within(chat).getByRole('button', { name: 'Remove logo.svg' }))

    await user.type(within(chat).getByRole('textbox', { name: 'Message' }), 'Text is fine{Enter}')
    await waitFor(() => expectSent(bubble(log, 'Text is fine')))
  })

  it('loads older pages of 12,000 messages without moving the first visible one or asking twice', async () => {
    const backend = await serveMockBackend({ scenario: 'slow-history:400ms' })
    const { protocol, history: requests } = recordingPages()
    renderMaya(backend, protocol, { defaultSelectedId: 'dm-maya-diego' })
    const chat = await screen.findByRole('region', { name: /Diego/ })
    const log = await openedLog(chat)
    // Placed at the latest message (react-virtuoso hides its rows until then).
    await waitFor(() => {
      const rows = log.querySelector('[data-testid="virtuoso-item-list"]')
      expect(rows && getComputedStyle(rows).visibility).toBe('visible')
      expect(log.scrollHeight - log.scrollTop - log.clientHeight).toBeLessThan(2)
    })
    expect(requests).toHaveLength(1)
    for (let page = 2; page <= 4; page++) {
      await waitFor(() => expect(log.scrollTop).toBeGreaterThan(0))
      const top = log.getBoundingClientRect().top
      scrollToTop(log)
      // While the page before is on its way (slowed down): the first message on screen, by its
      // row's index (which prepending keeps), and where it is.
      await waitFor(() => expect(log).toHaveTextContent('Loading earlier messages…'))
      const visible = () =>
        [...log.querySelectorAll<HTMLElement>('[data-index]')].find((r) => {
          const rect = r.getBoundingClientRect()
          return rect.bottom > top && rect.top < top + log.clientHeight
        })
      const row = await waitFor(() => visible() ?? Promise.reject(new Error('no row on screen')))
      const at = row.getBoundingClientRect().top
      const anchor = () => log.querySelector(`[data-index="${row.dataset['index']}"]`)
      await waitFor(() => expect(log).not.toHaveTextContent('Loading earlier messages…'), {
        timeout: 4000,
      })
      expect(requests).toHaveLength(page)
      await waitFor(() =>
        expect(Math.abs(anchor()!.getBoundingClientRect().top - at)).toBeLessThan(1),
      )
    }
    const cursors = requests.map((r) => r.before)
    expect(cursors[0]).toBeUndefined()
    expect(new Set(cursors).size).toBe(cursors.length)
    // Each page continues exactly where the one before ended (30 a page, newest first).
    expect(cursors.slice(1)).toEqual([
      'dm-maya-diego.11971',
      'dm-maya-diego.11941',
      'dm-maya-diego.11911',
    ])
  })

  /** Maya switches from Sam to Hannah (3 unread messages); resolves to Hannah's message log. */
  async function switchToHannah(person: Person) {
    const backend = await serveMockBackend()
    const [sam] = await openChats(backend, person)
    await openedLog(sam, 'How did')
    const region = screen.getByRole('region', { name: 'Maya' })
    const list = within(region).getByRole('listbox', { name: 'Conversations' })
    await userEvent.click(within(list).getByText(/Hannah/))
    const chat = await within(region).findByRole('region', { name: /Hannah/ })
    return openedLog(chat, 'Hey! Quick question about tomorrow')
  }

  it('puts the unread line above the first unread message, also when switching to it', async () => {
    const log = await switchToHannah(MAYA)
    const divider = await within(log).findByText('Unread messages')
    const first = within(log).getByText('Hey! Quick question about tomorrow')
    const before = within(log).getByText('Is it okay to train if I still have a bit of a cold?')
    expect(divider.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(divider.compareDocumentPosition(before) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
  })

  it('loads older pages to put the unread line above the first unread message', async () => {
    // Hannah's three unread messages span two pages of two.
    const log = await switchToHannah({ ...MAYA, pageSize: 2 })
    const divider = await within(log).findByText('Unread messages')
    const first = within(log).getByText('Hey! Quick question about tomorrow')
    expect(divider.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    // The only one: it was placed once, after the second page, not above the first page's oldest.
    expect(within(log).getAllByText('Unread messages')).toHaveLength(1)
    // react-virtuoso shows its rows once it has placed them at the latest message.
    await waitFor(() => expect(first).toBeVisible())
  })

  it('loads the conversation list a page at a time, as the reader reaches its end', async () => {
    // Maya has 8 conversations: 4 pages of 2. The list shows about 3 rows.
    const backend = await serveMockBackend({ conversationPageSize: 2 })
    const { protocol, cursors } = recordingPages()
    renderMaya(backend, protocol, {}, { width: 300, height: 260 })
    const list = await screen.findByRole('listbox', { name: 'Conversations' })
    await waitFor(() => expect(within(list).getAllByRole('option').length).toBeGreaterThan(2))
    await new Promise((resolve) => setTimeout(resolve, 300))
    // Enough to fill the list and a little more, not every page.
    expect(cursors.slice(0, 2)).toEqual([undefined, '2'])
    expect(cursors.length).toBeLessThan(4)

    // End goes to the last row loaded, which loads the next page; the reader presses it until
    // the oldest conversations, on the last page, are there. Nothing more is asked for.
    list.focus()
    await waitFor(async () => {
      await userEvent.keyboard('{End}')
      expect(list).toHaveTextContent('Yuki Tanaka')
    })
    expect(cursors).toEqual([undefined, '2', '4', '6'])
  })

  it('loads list pages until a deep-linked conversation is there, then opens it', async () => {
    const backend = await serveMockBackend({ conversationPageSize: 2 })
    const { protocol, cursors } = recordingPages()
    renderMaya(backend, protocol, { defaultSelectedId: 'dm-maya-yuki' })
    const chat = await screen.findByRole('region', { name: /Yuki/ })
    await openedLog(chat, 'ありがとう! Thank you!')
    expect(cursors.slice(0, 4)).toEqual([undefined, '2', '4', '6'])
  })

  it('delivers a message sent during an outage once, when the server is back', async () => {
    const backend = await serveMockBackend()
    const options = { backoff: { baseMs: 1000, factor: 1, capMs: 1000 }, random: () => 0.99 }
    const [sam, maya] = await openChats(backend, { ...SAM, options }, { ...MAYA, options })
    const samLog = await openedLog(sam, 'How did the practice go?')
    const mayaLog = await openedLog(maya, 'How did the practice go?')
    const badge = within(sam).getByRole('status')
    await waitFor(() => expect(badge).toHaveTextContent('Connected'))

    backend.controls.outage(1500)
    await waitFor(() => expect(badge).toHaveAttribute('data-status', 'reconnecting'))
    expect(badge).toHaveTextContent(/Reconnecting in 1s/)
    const user = userEvent.setup()
    await user.type(within(sam).getByRole('textbox', { name: 'Message' }), 'Back online?{Enter}')
    expect(bubble(samLog, 'Back online?')).toHaveAttribute('data-status', 'sending')
    await waitFor(() => expect(badge).toHaveTextContent('Connected'), { timeout: 6000 })
    await waitFor(() => expectSent(bubble(samLog, 'Back online?')))
    await waitFor(() => expect(within(mayaLog).getAllByText('Back online?')).toHaveLength(1), {
      timeout: 4000,
    })
    expect(stored(backend, 'dm-maya-sam', 'Back online?')).toBe(1)
  })

  it('keeps the text in the composer when the outbox is full, and sends it once the server is back', async () => {
    const backend = await serveMockBackend()
    const onError = vi.fn()
    const options = { maxQueued: 1, backoff: { baseMs: 1000, factor: 1, capMs: 1000 } }
    const [sam] = await openChats(backend, { ...SAM, options, onError })
    const log = await openedLog(sam, 'How did the practice go?')
    const badge = within(sam).getByRole('status')
    await waitFor(() => expect(badge).toHaveTextContent('Connected'))

    backend.controls.outage(1500)
    await waitFor(() => expect(badge).toHaveAttribute('data-status', 'reconnecting'))
    const box = within(sam).getByRole('textbox', { name: 'Message' })
    const user = userEvent.setup()
    await user.type(box, 'Queued one{Enter}')
    await user.type(box, 'One too many{Enter}')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'outbox-full' }))
    expect(box).toHaveValue('One too many')
    expect(within(log).queryByText('One too many')).toBeNull()

    await waitFor(() => expectSent(bubble(log, 'Queued one')), { timeout: 6000 })
    await user.type(box, '{Enter}')
    await waitFor(() => expectSent(bubble(log, 'One too many')))
    expect(box).toHaveValue('')
    expect(stored(backend, 'dm-maya-sam', 'Queued one')).toBe(1)
    expect(stored(backend, 'dm-maya-sam', 'One too many')).toBe(1)
  })

  it('renders markup and javascript: URLs from the server as text', async () => {
    const backend = await serveMockBackend()
    render(
      <Screen backend={backend} userId="client-sam" label="Sam" defaultSelectedId="dm-maya-sam" />,
    )
    const chat = await screen.findByRole('region', { name: 'Maya Okafor' })
    const log = await openedLog(chat, 'How did the practice go?')
    await waitFor(() => expect(backend.controls.sessions()[0]?.joined).toContain('dm-maya-sam'))
    const flag = window as { __parleyConnectedPwned?: unknown }
    const hostile =
      '<img src=x onerror="window.__parleyConnectedPwned=1"><script>window.__parleyConnectedPwned=2</script>' +
      ' <a href="javascript:window.__parleyConnectedPwned=3">tap</a> javascript:alert(1)'
    backend.model.send('trainer-maya', {
      conversationId: 'dm-maya-sam',
      clientId: 'hostile',
      body: hostile,
    })
    const text = await within(log).findByText(hostile)
    const bubbleEl = text.closest('.parley-message__bubble')!
    expect(bubbleEl.querySelector('img, script, a, iframe')).toBeNull()
    expect(log.querySelector('a[href^="javascript:" i]')).toBeNull()
    // Give an injected handler the chance to run.
    await new Promise((resolve) => requestAnimationFrame(resolve))
    expect(flag.__parleyConnectedPwned).toBeUndefined()
  })
})

describe('ChatScreen in a narrow container', () => {
  it('shows one pane at a time: a conversation opens over the list, Back returns to it', async () => {
    const backend = await serveMockBackend()
    render(
      <section aria-label="Phone" style={{ width: 360, height: 600 }}>
        <MockChatProvider backend={backend} userId="trainer-maya">
          <ChatScreen />
        </MockChatProvider>
      </section>,
    )
    const phone = screen.getByRole('region', { name: 'Phone' })
    const list = await within(phone).findByRole('listbox', { name: 'Conversations' })
    const priya = await within(list).findByRole('option', { name: /Priya Raman/ })
    const user = userEvent.setup()
    await user.click(priya)

    const chat = await within(phone).findByRole('region', { name: 'Priya Raman' })
    await waitFor(() => expect(list).not.toBeVisible())
    expect(within(chat).getByRole('textbox', { name: 'Message' })).toHaveFocus()
    await user.click(within(chat).getByRole('button', { name: 'Back to conversations' }))
    await waitFor(() => expect(list).toBeVisible())
    await waitFor(() => expect(list).toHaveFocus())
    expect(within(phone).queryByRole('region', { name: 'Priya Raman' })).toBeNull()
  })

  it('has no Back button where both panes fit', async () => {
    const backend = await serveMockBackend()
    render(
      <section aria-label="Desktop" style={{ width: 900, height: 600 }}>
        <MockChatProvider backend={backend} userId="trainer-maya">
          <ChatScreen defaultSelectedId="dm-maya-priya" />
        </MockChatProvider>
      </section>,
    )
    const desktop = screen.getByRole('region', { name: 'Desktop' })
    const chat = await within(desktop).findByRole('region', { name: 'Priya Raman' })
    expect(within(desktop).getByRole('listbox', { name: 'Conversations' })).toBeVisible()
    expect(within(chat).queryByRole('button', { name: 'Back to conversations' })).toBeNull()
  })
})

describe('drafts', () => {
  it('keeps unsent text per conversation, also across an edit', async () => {
    const backend = await serveMockBackend()
    let [chat] = await openChats(backend, MAYA)
    const maya = screen.getByRole('region', { name: 'Maya' })
    const user = userEvent.setup()
    await openedLog(chat, 'How did the practice go?')
    await user.type(within(chat).getByRole('textbox', { name: 'Message' }), 'Half a thought')

    // findBy: when the list's data changes (live previews, unread counts), react-virtuoso may draw
    // its rows a frame later.
    await user.click(await within(maya).findByRole('option', { name: /Priya Raman/ }))
    const priya = await within(maya).findByRole('region', { name: 'Priya Raman' })
    expect(within(priya).getByRole('textbox', { name: 'Message' })).toHaveValue('')
    await user.click(await within(maya).findByRole('option', { name: /Sam Lee/ }))
    chat = await within(maya).findByRole('region', { name: 'Sam Lee' })
    const box = within(chat).getByRole('textbox', { name: 'Message' })
    expect(box).toHaveValue('Half a thought')

    // Editing one's own message borrows the box; cancelling gives the draft back.
    const log = await openedLog(chat, 'How did the practice go?')
    const own = bubble(log, 'How did the practice go?')
    // findBy: react-virtuoso keeps the rows hidden until it has scrolled to the latest.
    await user.click(await within(own).findByRole('button', { name: 'Message actions' }))
    await user.click(within(own).getByRole('button', { name: 'Edit' }))
    expect(box).toHaveValue('How did the practice go?')
    await user.keyboard('{Escape}')
    expect(box).toHaveValue('Half a thought')
    await user.keyboard('{Enter}')
    await waitFor(() => expectSent(bubble(log, 'Half a thought')))
    expect(box).toHaveValue('')
  })
})
