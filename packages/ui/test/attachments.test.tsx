import type { Attachment, Message } from '@parley/core'
import { voiceNote } from '@parley/mock-backend'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import axe from 'axe-core'
import { afterEach, describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import { MessageBubble } from '../src'
import { ada, makeMessage, picture } from '../src/fixtures'
import '../src/styles.css'

declare global {
  interface Window {
    __pwned?: unknown
  }
}

afterEach(cleanup)

const bubble = (attachments: Attachment[], over: Partial<Message> = {}) => (
  <div style={{ width: 480 }}>
    <MessageBubble
      message={makeMessage('m', { senderId: 'ada', body: '', attachments, ...over })}
      sender={ada}
    />
  </div>
)
const violations = async (root: Element) => (await axe.run(root)).violations.map((v) => v.id)
const audioOf = (player: HTMLElement) => player.querySelector('audio')!
const slider = () => screen.getByRole('slider', { name: 'Position' })

describe('image viewer', () => {
  const gym: Attachment = {
    kind: 'image',
    url: picture(640, 400),
    width: 640,
    height: 400,
    name: 'Gym floor',
  }

  it('opens on click, moves focus in, closes on Esc and gives focus back to the image', async () => {
    render(bubble([gym]))
    const image = screen.getByRole('button', { name: 'Open image Gym floor' })
    await userEvent.click(image)
    const viewer = await screen.findByRole('dialog', { name: 'Gym floor' })
    expect(viewer).toHaveProperty('open', true)
    expect(viewer.matches(':modal')).toBe(true)
    expect(document.activeElement).toBe(within(viewer).getByRole('button', { name: 'Close' }))
    // Visibility and contrast are judged once the fade-in is over.
    await Promise.all(viewer.getAnimations().map((a) => a.finished))
    expect(within(viewer).getByRole('img', { name: 'Gym floor' })).toBeVisible()
    const download = within(viewer).getByRole('link', { name: 'Download Gym floor' })
    expect(download).toHaveAttribute('href', gym.url)
    expect(await violations(viewer)).toEqual([])
    await userEvent.keyboard('{Escape}') // a real key: the browser's own dialog cancel
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(document.activeElement).toBe(image)
  })

  it('is reached and opened with the keyboard, and closes with Close or a click beside the image', async () => {
    render(bubble([gym]))
    const image = screen.getByRole('button', { name: 'Open image Gym floor' })
    image.focus()
    await userEvent.keyboard('{Enter}')
    const viewer = await screen.findByRole('dialog', { name: 'Gym floor' })
    await userEvent.click(within(viewer).getByRole('button', { name: 'Close' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(document.activeElement).toBe(image)

    await userEvent.click(image)
    const again = await screen.findByRole('dialog')
    // Beside the image: the viewer fills the viewport, the image sits in its middle.
    const box = again.getBoundingClientRect()
    await userEvent.click(again, { position: { x: 4, y: box.height - 4 } })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(document.activeElement).toBe(image)
  })

  it('is no long press on the message beneath: a finger resting on the viewer opens no actions', async () => {
    render(
      <MessageBubble
        message={makeMessage('m', { senderId: 'ada', body: '', attachments: [gym] })}
        sender={ada}
        onReply={() => {}}
      />,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Open image Gym floor' }))
    const viewer = await screen.findByRole('dialog')
    fireEvent.pointerDown(within(viewer).getByRole('img'), { pointerType: 'touch' })
    await new Promise((r) => setTimeout(r, 700)) // past the long press's 500 ms
    expect(screen.queryByRole('button', { name: 'Reply' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Message actions' })).toHaveAttribute(
      'aria-expanded',
      'false',
    )
  })

  it('keeps a click on the image itself inside the viewer', async () => {
    render(bubble([gym]))
    await userEvent.click(screen.getByRole('button', { name: 'Open image Gym floor' }))
    const viewer = await screen.findByRole('dialog')
    await userEvent.click(within(viewer).getByRole('img'))
    expect(screen.getByRole('dialog')).toHaveProperty('open', true)
  })
})

describe('voice player', () => {
  it('knows the length before playing: from durationMs without loading, else from the metadata', async () => {
    const { container } = render(
      <>
        {bubble([{ kind: 'voice', url: voiceNote(4200), durationMs: 4200 }])}
        {bubble([{ kind: 'voice', url: voiceNote(3000), name: 'From the bus' }])}
      </>,
    )
    const [given, read] = screen.getAllByRole('slider', { name: 'Position' })
    expect(given).toHaveAttribute('aria-valuetext', '0:00 of 0:04')
    expect(audioOf(screen.getByRole('group', { name: 'Voice message' }))).toHaveAttribute(
      'preload',
      'none',
    )
    await waitFor(() => expect(read).toHaveAttribute('aria-valuetext', '0:00 of 0:03'))
    expect(screen.getByRole('group', { name: 'From the bus' })).toHaveTextContent('0:00 / 0:03')
    expect(await violations(container)).toEqual([])
  })

  it('plays and pauses a real recording, its progress moving while it plays', async () => {
    render(bubble([{ kind: 'voice', url: voiceNote(3000), durationMs: 3000 }]))
    const audio = audioOf(screen.getByRole('group', { name: 'Voice message' }))
    await userEvent.click(screen.getByRole('button', { name: 'Play' }))
    const pause = await screen.findByRole('button', { name: 'Pause' })
    expect(audio.paused).toBe(false)
    await waitFor(() => expect(Number(slider().getAttribute('value'))).toBeGreaterThan(1))
    expect(slider()).toHaveAttribute('aria-valuetext', expect.stringMatching(/^0:0[1-3] of 0:03$/))
    await userEvent.click(pause)
    await screen.findByRole('button', { name: 'Play' })
    expect(audio.paused).toBe(true)
    const at = audio.currentTime
    await new Promise((r) => setTimeout(r, 300))
    expect(audio.currentTime).toBe(at)
  })

  it('starts over when it ends', async () => {
    render(bubble([{ kind: 'voice', url: voiceNote(600), durationMs: 600 }]))
    await userEvent.click(screen.getByRole('button', { name: 'Play' }))
    await screen.findByRole('button', { name: 'Pause' })
    await screen.findByRole('button', { name: 'Play' })
    expect(slider()).toHaveAttribute('aria-valuetext', '0:00 of 0:01')
  })

  it('scrubs with the keyboard by seconds, right-to-left too', async () => {
    render(
      <div dir="rtl">{bubble([{ kind: 'voice', url: voiceNote(5000), durationMs: 5000 }])}</div>,
    )
    const audio = audioOf(screen.getByRole('group', { name: 'Voice message' }))
    slider().focus()
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}') // forward, in a right-to-left layout
    expect(audio.currentTime).toBe(2)
    expect(slider()).toHaveAttribute('aria-valuetext', '0:02 of 0:05')
    await userEvent.keyboard('{ArrowDown}')
    expect(audio.currentTime).toBe(1)
    await userEvent.keyboard('{PageUp}')
    expect(audio.currentTime).toBe(5)
    await userEvent.keyboard('{Home}')
    expect(audio.currentTime).toBe(0)
    // Playing starts where it was scrubbed to.
    await userEvent.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}{ArrowRight}') // the last one back
    expect(audio.currentTime).toBe(2)
    await userEvent.click(screen.getByRole('button', { name: 'Play' }))
    await screen.findByRole('button', { name: 'Pause' })
    expect(audio.currentTime).toBeGreaterThanOrEqual(2)
  })

  it('cycles the playback speed 1× → 1.5× → 2× → 1×, saying it in the button’s name', async () => {
    render(bubble([{ kind: 'voice', url: voiceNote(1000), durationMs: 1000 }]))
    const audio = audioOf(screen.getByRole('group', { name: 'Voice message' }))
    for (const [from, to] of [
      [1, 1.5],
      [1.5, 2],
      [2, 1],
    ] as const) {
      const button = screen.getByRole('button', { name: `Playback speed ${from}×` })
      expect(button).toHaveTextContent(`${from}×`)
      await userEvent.click(button)
      expect(audio.playbackRate).toBe(to)
    }
    expect(screen.getByRole('button', { name: 'Playback speed 1×' })).toBeTruthy()
  })

  it('plays one voice message at a time', async () => {
    render(
      <>
        {bubble([{ kind: 'voice', url: voiceNote(3000), name: 'First' }])}
        {bubble([{ kind: 'voice', url: voiceNote(3000), name: 'Second' }])}
      </>,
    )
    const first = screen.getByRole('group', { name: 'First' })
    const second = screen.getByRole('group', { name: 'Second' })
    await userEvent.click(within(first).getByRole('button', { name: 'Play' }))
    await within(first).findByRole('button', { name: 'Pause' })
    await userEvent.click(within(second).getByRole('button', { name: 'Play' }))
    await within(second).findByRole('button', { name: 'Pause' })
    await within(first).findByRole('button', { name: 'Play' })
    expect(audioOf(first).paused).toBe(true)
    expect(audioOf(second).paused).toBe(false)
    await userEvent.click(within(second).getByRole('button', { name: 'Pause' }))
  })

  it('says a recording it cannot play is unavailable', async () => {
    render(
      bubble([
        { kind: 'voice', url: 'javascript:alert(1)', name: 'Evil note' },
        { kind: 'voice', url: 'data:audio/wav;base64,AAAA', name: 'Broken note' },
      ]),
    )
    expect(screen.getByText('Evil note')).toBeTruthy()
    expect(screen.getAllByRole('group')).toHaveLength(1)
    const broken = screen.getByRole('group', { name: 'Broken note' })
    await within(broken).findByText('Unavailable')
    expect(within(broken).getByRole('button', { name: 'Play' })).toBeDisabled()
  })
})

describe('file cards', () => {
  it('names the download after the file and shows its size and type', async () => {
    const { container } = render(
      bubble([
        {
          kind: 'file',
          url: 'https://cdn.example/report.pdf',
          name: 'report.pdf',
          size: 482_000,
        },
        {
          kind: 'file',
          url: 'https://cdn.example/q3',
          name: 'Quarterly numbers for the board meeting, final, really final.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
      ]),
    )
    const link = screen.getByRole('link', { name: 'Download report.pdf' })
    expect(link).toHaveAttribute('href', 'https://cdn.example/report.pdf')
    expect(link).toHaveAttribute('rel', 'noopener noreferrer')
    const card = link.closest('.parley-file')!
    expect(card).toHaveAttribute('data-type', 'pdf')
    expect(card).toHaveTextContent('482 kB')
    const sheet = screen.getByText(/^Quarterly numbers/).closest('.parley-file')!
    expect(sheet).toHaveAttribute('data-type', 'sheet')
    // The long name wraps inside its card: all of it shows, the extension too.
    const name = screen.getByText(/^Quarterly numbers/)
    expect(name.scrollWidth).toBeLessThanOrEqual(name.clientWidth)
    expect(sheet.getBoundingClientRect().width).toBeLessThanOrEqual(480)
    expect(await violations(container)).toEqual([])
  })

  it('shows a file from a refused URL as unavailable, with nothing to download', () => {
    render(bubble([{ kind: 'file', url: 'javascript:alert(1)', name: 'evil.pdf', size: 10 }]))
    expect(screen.queryByRole('link')).toBeNull()
    expect(screen.getByText('evil.pdf').closest('.parley-file')).toHaveAttribute('data-unavailable')
    expect(screen.getByText('10 byte · Unavailable')).toBeTruthy()
  })

  it('renders hostile names as text, in every part that shows or names them', async () => {
    window.__pwned = undefined
    const hostile = '<img src=x onerror="window.__pwned=1">.pdf'
    const { container } = render(
      bubble([
        { kind: 'file', url: 'https://cdn.example/x', name: hostile },
        { kind: 'image', url: picture(20, 20), name: hostile, width: 20, height: 20 },
        { kind: 'voice', url: voiceNote(500), name: hostile },
      ]),
    )
    expect(screen.getByText(hostile)).toBeTruthy()
    expect(screen.getByRole('link', { name: `Download ${hostile}` })).toBeTruthy()
    expect(screen.getByRole('group', { name: hostile })).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: `Open image ${hostile}` }))
    expect(await screen.findByRole('dialog', { name: hostile })).toHaveTextContent(hostile)
    // The thumbnail and the viewer's, beside the avatar.
    expect(container.querySelectorAll('img:not(.parley-avatar img)')).toHaveLength(2)
    expect(container.querySelector('img[src=x]')).toBeNull()
    expect(window.__pwned).toBeUndefined()
  })
})
