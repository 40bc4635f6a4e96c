import type { Attachment } from '@parley/core'
import { voiceNote } from '@parley/mock-backend'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { MessageAttachment } from './Attachment'
import { ada, makeMessage, picture } from './fixtures'
import { MessageBubble } from './MessageBubble'
import { staticTwin } from './storybook/staticTwin'

const at = Date.now() - 60_000
const report: Attachment = {
  kind: 'file',
  url: 'https://cdn.example/report.pdf',
  name: 'report.pdf',
  size: 482_000,
}
const gym: Attachment = {
  kind: 'image',
  url: picture(640, 400, 30),
  width: 640,
  height: 400,
  name: 'Gym floor',
}
const note: Attachment = { kind: 'voice', url: voiceNote(4200), durationMs: 4200 }
const files: Attachment[] = [
  report,
  { kind: 'file', url: 'https://cdn.example/minutes.docx', name: 'minutes.docx', size: 18_300 },
  {
    kind: 'file',
    url: 'https://cdn.example/q3',
    name: 'Quarterly numbers for the board meeting (final, really final).xlsx',
    size: 1_250_000,
  },
  { kind: 'file', url: 'https://cdn.example/photos.zip', name: 'photos.zip', size: 48_000_000 },
  { kind: 'file', url: 'https://cdn.example/song.mp3', name: 'song.mp3', size: 3_900_000 },
  { kind: 'file', url: 'https://cdn.example/README', name: 'README', size: 900 },
]

/** The viewer fades in (unless motion is reduced): visibility and contrast are judged after. */
const faded = (el: Element) => Promise.all(el.getAnimations().map((a) => a.finished))

interface InBubbleProps {
  attachments: Attachment[]
  /** In the signed-in user's own bubble (the accent colours) rather than another's. */
  own?: boolean
}

/** Attachments as a chat shows them: inside a message bubble, another's or one's own. */
function InBubble({ attachments, own }: InBubbleProps) {
  const message = makeMessage(own ? 'own' : 'theirs', {
    senderId: own ? 'me' : 'ada',
    body: '',
    attachments,
    createdAt: at,
    status: 'read',
  })
  return <MessageBubble message={message} sender={ada} own={own} />
}

/** Every kind, in another's bubble and in one's own: for the theme and direction stories. */
function Conversation() {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 8 }}>
      <InBubble attachments={[gym, note]} />
      <InBubble attachments={[{ ...note, url: voiceNote(2600), durationMs: 2600 }]} own />
      <InBubble attachments={files.slice(0, 3)} />
      <InBubble attachments={[files[3]!, { ...report, url: 'javascript:alert(1)' }]} own />
    </div>
  )
}

const meta = {
  title: 'Components/Attachments',
  component: InBubble,
  subcomponents: { MessageAttachment },
  args: { attachments: [report] },
  decorators: [
    (Story) => (
      <div style={{ width: 460 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof InBubble>

export default meta
type Story = StoryObj<typeof meta>

/** A file: its type's icon, its name, its size; the whole card downloads it. */
export const File: Story = {
  play: async ({ canvasElement }) => {
    const link = within(canvasElement).getByRole('link', { name: 'Download report.pdf' })
    await expect(link).toHaveAttribute('href', 'https://cdn.example/report.pdf')
    await expect(within(canvasElement).getByText('482 kB')).toBeVisible()
  },
}

/** Icons by type (PDF, document, sheet, archive, audio, anything else); a long name wraps whole. */
export const FileTypes: Story = {
  args: { attachments: files },
}

export const FileOwn: Story = {
  args: { attachments: files.slice(0, 2), own: true },
}

/** A file whose address was refused: said, with nothing to click. */
export const FileUnavailable: Story = {
  args: { attachments: [{ ...report, url: 'javascript:alert(1)' }] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByText('482 kB · Unavailable')).toBeVisible()
    await expect(canvas.queryByRole('link')).toBeNull()
  },
}

/**
 * The image keeps its size before it loads, and opens in a viewer with the focus on Close, which
 * gives it back to the image; here it is left open. (Esc and a click beside the image close it too:
 * real key presses, in test/attachments.test.tsx.)
 */
export const ImageViewer: Story = {
  args: { attachments: [gym] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const image = canvas.getByRole('button', { name: 'Open image Gym floor' })
    const box = image.getBoundingClientRect()
    await expect(box.width / box.height).toBeCloseTo(640 / 400, 1)
    await userEvent.click(image)
    // The dialog is in the top layer, still inside the story's DOM.
    const viewer = await canvas.findByRole('dialog', { name: 'Gym floor' })
    const close = within(viewer).getByRole('button', { name: 'Close' })
    await expect(close).toHaveFocus()
    await faded(viewer)
    await expect(within(viewer).getByRole('link', { name: 'Download Gym floor' })).toBeVisible()
    await userEvent.click(close)
    // Gone from the page, not only hidden: the viewer unmounts on the dialog's `close` event, a
    // task after the click, and a click on the image before that finds it still open.
    await waitFor(() => expect(canvasElement.querySelector('dialog')).toBeNull())
    await expect(image).toHaveFocus()
    await userEvent.click(image)
    // Left open for the accessibility check, which judges it once faded in.
    await faded(await canvas.findByRole('dialog', { name: 'Gym floor' }))
  },
}

export const ImageViewerStart = staticTwin(ImageViewer)

export const ImageUnavailable: Story = {
  args: { attachments: [{ ...gym, url: 'javascript:alert(1)' }] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Image unavailable')).toBeVisible()
    await expect(within(canvasElement).queryByRole('button')).toBeNull()
  },
}

/**
 * A voice message: its length before it plays, a speed, scrubbing by seconds with the arrow keys.
 * (Playing needs a real click, which a story's play cannot give: test/attachments.test.tsx plays.)
 */
export const Voice: Story = {
  args: { attachments: [note] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const position = canvas.getByRole('slider', { name: 'Position' })
    await expect(position).toHaveAttribute('aria-valuetext', '0:00 of 0:04')
    await expect(canvas.getByRole('button', { name: 'Play' })).toBeEnabled()
    await userEvent.click(canvas.getByRole('button', { name: 'Playback speed 1×' }))
    await expect(canvas.getByRole('button', { name: 'Playback speed 1.5×' })).toBeVisible()
    position.focus()
    await userEvent.keyboard('{ArrowRight}{ArrowUp}')
    await expect(position).toHaveAttribute('aria-valuetext', '0:02 of 0:04')
  },
}

export const VoiceStart = staticTwin(Voice)

/** Without a length in the message: read from the file's metadata before playing. */
export const VoiceLengthFromFile: Story = {
  args: { attachments: [{ kind: 'voice', url: voiceNote(3000), name: 'From the bus' }] },
  play: async ({ canvasElement }) => {
    const position = within(canvasElement).getByRole('slider', { name: 'Position' })
    await waitFor(() => expect(position).toHaveAttribute('aria-valuetext', '0:00 of 0:03'))
  },
}

export const VoiceOwn: Story = {
  args: { attachments: [note], own: true },
}

/** A recording the browser cannot play: said, and its controls off. */
export const VoiceUnavailable: Story = {
  args: { attachments: [{ kind: 'voice', url: 'data:audio/wav;base64,AAAA' }] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByText('Unavailable')).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Play' })).toBeDisabled()
  },
}

export const AllKinds: Story = {
  render: () => <Conversation />,
}

export const Dark: Story = {
  render: () => <Conversation />,
  globals: { parleyTheme: 'dark' },
}

/** Right to left: the icon's folded corner, the scrubber and the layout mirror; the clock does not. */
export const RightToLeft: Story = {
  render: () => <Conversation />,
  globals: { parleyDirection: 'rtl', parleyLocale: 'ar-EG' },
}
