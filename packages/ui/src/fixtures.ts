/*
 * Deterministic mock data for stories and browser tests (not part of the published API): people,
 * timelines of any length and conversation lists, all without network access.
 */
import type { Attachment, Conversation, Message, Participant } from '@parley/core'

/** A solid-colour SVG picture of the given size, as a data: URL (stands in for uploads). */
export function picture(width: number, height: number, hue = 210): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="hsl(${hue} 60% 55%)"/>` +
    `<circle cx="50%" cy="50%" r="${Math.min(width, height) / 4}" fill="hsl(${hue} 60% 85%)"/></svg>`
  return `data:image/svg+xml,${encodeURIComponent(svg)}`
}

export const me: Participant = { id: 'me', name: 'Mira Okafor' }
export const ada: Participant = { id: 'ada', name: 'Ada Lovelace', avatarUrl: picture(64, 64, 280) }
export const ben: Participant = { id: 'ben', name: 'Ben Carter' }
export const chen: Participant = { id: 'chen', name: 'Chen Wei', avatarUrl: picture(64, 64, 140) }
export const dana: Participant = { id: 'dana', name: 'Dana Ruiz' }
export const people = [me, ada, ben, chen, dana]

/** The signed-in user and Ada. */
export const directConversation: Conversation = {
  id: 'd1',
  kind: 'direct',
  participants: [me, ada],
  unreadCount: 0,
  updatedAt: Date.now(),
}

/** The signed-in user with Ada, Ben and Chen. */
export const groupConversation: Conversation = {
  id: 'g1',
  kind: 'group',
  title: 'Tuesday runners',
  participants: [me, ada, ben, chen],
  unreadCount: 0,
  updatedAt: Date.now(),
}

const lines = [
  'Morning! Did you see the new schedule?',
  'Yes — looks good to me.',
  'Can we move the session to Thursday?',
  'Sure, 6 pm works.',
  'Here is the plan: https://example.com/plans/week-12 (updated).',
  'I tried the new routine today and it was much harder than I expected, especially the last set. My legs are still shaking, but I think I can keep the pace if we go a little slower next week.',
  'Thanks!',
  'Drop me a line at coach@example.com if anything changes.',
  '👍',
  'Running 5 minutes late, sorry.',
  'No problem.',
  'What about the <b>nutrition</b> notes? I could not find them.',
]

const DAY = 86_400_000

export interface TimelineOptions {
  count: number
  conversationId?: string
  /** Who writes, by turns; the first is the signed-in user in most stories. */
  senders?: readonly Participant[]
  /** Epoch ms of the last message (default: five minutes ago). */
  end?: number
  /** Prefix of message ids (to generate older pages with distinct ids). */
  idPrefix?: string
  /** Give every n-th message an image (0: none). */
  imageEvery?: number
}

/** A plausible timeline: runs of messages by one sender, days apart now and then, some pictures. */
export function makeMessages({
  count,
  conversationId = 'c1',
  senders = [me, ada],
  end = Date.now() - 5 * 60_000,
  idPrefix = 'm',
  imageEvery = 17,
}: TimelineOptions): Message[] {
  const out: Message[] = []
  let t = end
  let sender = 0
  for (let i = count - 1; i >= 0; i--) {
    if (i % 3 === 0) sender = (sender + 1 + (i % 7 === 0 ? 1 : 0)) % senders.length
    const attachments: Attachment[] =
      imageEvery && i % imageEvery === 5
        ? [{ kind: 'image', url: picture(480, 320, (i * 37) % 360), width: 480, height: 320 }]
        : []
    out.push({
      id: `${idPrefix}${i}`,
      conversationId,
      senderId: senders[sender]!.id,
      kind: attachments.length ? 'image' : 'text',
      body: attachments.length && i % 2 ? '' : lines[i % lines.length]!,
      attachments,
      createdAt: t,
      status: 'read',
    })
    t -= i % 40 === 0 ? DAY / 2 : 60_000 * (1 + (i % 11))
  }
  return out.reverse()
}

/** One message, for appending in tests and stories. */
export function makeMessage(id: string, over: Partial<Message> = {}): Message {
  return {
    id,
    conversationId: 'c1',
    senderId: 'ada',
    kind: 'text',
    body: `Message ${id}`,
    attachments: [],
    createdAt: Date.now(),
    status: 'sent',
    ...over,
  }
}

const names = [
  'Olivia',
  'Liam',
  'Amara',
  'Noah',
  'Yuki',
  'Mateo',
  'Fatima',
  'Lucas',
  'Ingrid',
  'Kofi',
]
const surnames = ['Smith', 'Nakamura', 'García', 'Okafor', 'Novak', 'Haddad', 'Kowalski', 'Silva']

/** `count` conversations, most recent first: direct ones with a client each, and some groups. */
export function makeConversations(count: number, now = Date.now()): Conversation[] {
  return Array.from({ length: count }, (_, i) => {
    const other: Participant = {
      id: `u${i}`,
      name: `${names[i % names.length]} ${surnames[(i * 3) % surnames.length]}`,
      ...(i % 4 === 1 && { avatarUrl: picture(64, 64, (i * 47) % 360) }),
    }
    const group = i % 7 === 3
    const updatedAt = now - i * 3_600_000 * (1 + (i % 5))
    const last: Message = {
      ...makeMessage(`last${i}`, {
        conversationId: `c${i}`,
        senderId: i % 3 ? other.id : me.id,
        body: lines[i % lines.length]!,
        createdAt: updatedAt,
      }),
    }
    return {
      id: `c${i}`,
      kind: group ? 'group' : 'direct',
      ...(group && { title: `Team ${names[i % names.length]}` }),
      participants: group ? [me, other, ada, ben] : [me, other],
      lastMessage: last,
      unreadCount: i % 3 === 1 ? (i * 7) % 120 : 0,
      updatedAt,
    }
  })
}
