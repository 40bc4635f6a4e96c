/*
 * Theming/Token editor: every theme token of styles.css is a control (a colour picker for colours,
 * text for sizes and fonts), applied as inline custom properties on a wrapper around a real chat, so
 * a designer changes a control and sees the chat change. The token list is read from the stylesheet
 * when Storybook builds (tokens.ts), so a token added there appears here.
 */
import type { ConnectionState } from '@parley/core'
import type { ArgTypes, Meta, StoryObj } from '@storybook/react-vite'
import type { CSSProperties } from 'react'
import { useState } from 'react'
import { expect, waitFor, within } from 'storybook/test'
import { ConnectionBadge } from '../ConnectionBadge'
import { ConversationList } from '../ConversationList'
import { ChatDemo } from '../demo'
import {
  ada,
  directConversation,
  makeConversations,
  makeMessage,
  makeMessages,
  me,
} from '../fixtures'
import { tokenNotes } from './tokenNotes'
import { GROUP_NAMES, isColour, themeTokens } from './tokens'

type TokenValues = Record<string, string>

/** The colour pickers offer the palette's own colours (both themes) as presets. */
const palette = [
  ...new Set(themeTokens.flatMap((t) => [t.light, t.dark ?? '']).filter((v) => isColour(v))),
]

const argTypes: Partial<ArgTypes<TokenValues>> = Object.fromEntries(
  themeTokens.map((t) => [
    t.name,
    {
      control: isColour(t.light) ? { type: 'color', presetColors: palette } : { type: 'text' },
      description: tokenNotes[t.name] ?? '',
      table: {
        category: GROUP_NAMES[t.group],
        defaultValue: { summary: t.dark ? `${t.light} (dark: ${t.dark})` : t.light },
      },
    },
  ]),
)

const valuesFor = (theme: 'light' | 'dark'): TokenValues =>
  Object.fromEntries(themeTokens.map((t) => [t.name, (theme === 'dark' && t.dark) || t.light]))

const history = [
  ...makeMessages({ count: 24, senders: [me, ada], conversationId: directConversation.id }),
  makeMessage('t-read', { senderId: me.id, body: 'Read, with the accent pill', status: 'read' }),
  makeMessage('t-delivered', { senderId: me.id, body: 'Delivered', status: 'delivered' }),
  makeMessage('t-failed', { senderId: me.id, body: 'This one failed', status: 'failed' }),
].map((m) => ({ ...m, conversationId: directConversation.id }))

/** The open chat first in the list, then a few more (unread counts, groups, pictures). */
const conversations = [
  { ...directConversation, lastMessage: history[history.length - 1]! },
  ...makeConversations(9).slice(1),
]

const connectionStates: ConnectionState[] = [
  { status: 'open', since: 0 },
  {
    status: 'reconnecting',
    attempt: 3,
    retryAt: 0,
    reason: { kind: 'heartbeat-timeout', silentForMs: 45_000 },
  },
  { status: 'unauthorized', reason: { kind: 'auth', code: 4001, message: 'Token expired' } },
]

/** A conversation list, an open chat and the connection badges, under the edited tokens. */
function TokenEditorDemo(values: TokenValues) {
  const [selected, setSelected] = useState(directConversation.id)
  // Only the token arguments become custom properties (Storybook may add others).
  const style = Object.fromEntries(
    themeTokens.filter((t) => values[t.name]).map((t) => [t.name, values[t.name]]),
  ) as CSSProperties
  return (
    <div
      className="parley-token-editor"
      style={{
        ...style,
        display: 'grid',
        gap: 'var(--parley-space-3)',
        padding: 'var(--parley-space-3)',
        background: 'var(--parley-color-surface)',
      }}
    >
      <div style={{ display: 'flex', gap: 'var(--parley-space-2)', flexWrap: 'wrap' }}>
        {connectionStates.map((state) => (
          <ConnectionBadge key={state.status} state={state} onReconnect={() => {}} />
        ))}
      </div>
      <div
        style={{
          display: 'flex',
          height: 560,
          border: '1px solid var(--parley-color-border)',
          borderRadius: 'var(--parley-radius)',
          overflow: 'hidden',
        }}
      >
        <div style={{ width: 280, borderInlineEnd: '1px solid var(--parley-color-border)' }}>
          <ConversationList
            conversations={conversations}
            currentUserId={me.id}
            selectedId={selected}
            onSelect={setSelected}
            presence={{ ada: true, u2: true }}
          />
        </div>
        <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <ChatDemo
            conversation={directConversation}
            initial={history}
            presence={{ ada: true }}
            typing={['ada']}
            connection={{ status: 'open', since: 0 }}
          />
        </div>
      </div>
    </div>
  )
}

const meta = {
  title: 'Theming/Token editor',
  component: TokenEditorDemo,
  argTypes,
  parameters: { layout: 'fullscreen', controls: { expanded: true, sort: 'none' } },
} satisfies Meta<TokenValues>

export default meta
type Story = StoryObj<typeof meta>

/** Every token argument is on the wrapper, and the chat paints with it (own bubbles: the accent). */
const checkApplied: Story['play'] = async ({ canvasElement, args }) => {
  const wrapper = canvasElement.querySelector<HTMLElement>('.parley-token-editor')!
  for (const t of themeTokens)
    await expect(wrapper.style.getPropertyValue(t.name), t.name).toBe(args[t.name])
  const probe = document.createElement('span')
  probe.style.color = args['--parley-color-accent']!
  wrapper.append(probe)
  const accent = getComputedStyle(probe).color
  probe.remove()
  // Virtuoso renders the conversation rows after measuring; until then the listbox's active option
  // is not in the page, and axe (which runs after this play) would find a dangling reference.
  await within(canvasElement).findAllByRole('option')
  await waitFor(() => {
    const own = canvasElement.querySelector('.parley-message[data-own] .parley-message__bubble')
    expect(own && getComputedStyle(own).backgroundColor).toBe(accent)
  })
}

export const Light: Story = {
  args: valuesFor('light'),
  globals: { parleyTheme: 'light' },
  play: checkApplied,
}

export const Dark: Story = {
  args: valuesFor('dark'),
  globals: { parleyTheme: 'dark' },
  play: checkApplied,
}
