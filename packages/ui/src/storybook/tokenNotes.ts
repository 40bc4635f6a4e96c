/*
 * What each token paints, in a designer's words, for the theming page and the token editor's
 * controls. The token list itself comes from styles.css (tokens.ts); a test fails when a theme
 * token there has no note here.
 */
export const tokenNotes: Readonly<Record<string, string>> = {
  '--parley-color-surface':
    'The background of the chat, the message list, menus, the composer’s field and badges.',
  '--parley-color-fg': 'Body text: messages from others, the composer’s text, menus.',
  '--parley-color-muted':
    'Secondary text: times, ticks, sender names, day separators, typing, placeholders. Keep 4.5:1 against surface, subtle and selected.',
  '--parley-color-border':
    'Hairlines: the header’s and composer’s edges, the field, menus, chips, image frames.',
  '--parley-color-accent':
    'Your own bubbles, buttons, the unread badge, the read tick’s pill, the reply bar in the composer.',
  '--parley-color-accent-fg': 'Text and icons on the accent: your own messages, buttons, badges.',
  '--parley-color-focus': 'The keyboard focus ring on every control and row.',
  '--parley-color-success': 'The online dot and the connected badge.',
  '--parley-color-warning':
    'The reconnecting badge and the “some messages could not be loaded” bar.',
  '--parley-color-danger':
    'Failed sends, errors, the unread divider, the delete button in a message’s menu.',
  '--parley-color-subtle':
    'Others’ bubbles, hovered rows and menu items, loading skeletons, a disabled field.',
  '--parley-color-selected': 'The open conversation in the conversation list.',
  '--parley-font-family': 'Every component’s typeface.',
  '--parley-font-size-sm':
    'Text around the messages: names, quotes, day separators, typing, previews, badges. Message text keeps the page’s size.',
  '--parley-font-size-xs': 'The smallest text: times and ticks, unread counts, list times.',
  '--parley-line-height': 'Line height of all text.',
  '--parley-radius': 'Corners of buttons, menus, the composer’s field, chips, images.',
  '--parley-radius-bubble': 'Corners of a message bubble.',
  '--parley-radius-joined':
    'The corners where bubbles of one sender’s run meet (smaller, so the run reads as one).',
  '--parley-radius-pill': 'Fully round ends: badges, the jump-to-latest button, the read tick.',
  '--parley-space-1':
    'The tightest gaps: a bubble’s top and bottom padding, between a time and its tick, around images.',
  '--parley-space-2':
    'Most gaps: between an avatar and its bubble, inside the composer, the header, separators.',
  '--parley-space-3':
    'The roomiest padding: a bubble’s sides, the header, conversation rows, buttons’ sides.',
  '--parley-media-max': 'The largest width and height of an image in a message.',
  '--parley-avatar-size': 'An avatar’s size; the sm and lg avatars set their own.',
  '--parley-avatar-hue':
    'The hue of an avatar without a picture; each avatar sets it from the person’s name.',
  '--parley-badge-tone': 'The ConnectionBadge’s dot and label, set per connection status.',
  '--parley-file-tone':
    'A file card’s icon, set per type of file (PDF, sheet, archive, audio, document).',
  '--parley-viewer-backdrop': 'Behind an opened image.',
  '--parley-viewer-fg': 'The image viewer’s caption and buttons over the backdrop.',
}
