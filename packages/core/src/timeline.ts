import { isPending, type Message, type MessageStatus } from './model'

const statusRank: Record<MessageStatus, number> = {
  failed: 0,
  sending: 0,
  unconfirmed: 0,
  sent: 1,
  delivered: 2,
  read: 3,
}

/** Server-confirmed messages by server order; this client's pending sends after them, oldest first. */
function compare(a: Message, b: Message): number {
  const pa = isPending(a)
  if (pa !== isPending(b)) return pa ? 1 : -1
  if (a.seq !== undefined && b.seq !== undefined && a.seq !== b.seq) return a.seq - b.seq
  return a.createdAt - b.createdAt || +(a.id > b.id) - +(a.id < b.id)
}

/** Combine two views of one message: edits and deletes win, status never goes backwards. */
function combine(old: Message, next: Message): Message {
  const merged = { ...old, ...next }
  if (statusRank[old.status] > statusRank[next.status] && !isPending(old))
    merged.status = old.status
  if (old.clientId && !next.clientId) merged.clientId = old.clientId
  if ((old.editedAt ?? 0) > (next.editedAt ?? 0))
    Object.assign(merged, { body: old.body, editedAt: old.editedAt })
  if (old.deletedAt && !next.deletedAt) merged.deletedAt = old.deletedAt
  if (!isPending(merged)) delete merged.error
  return merged
}

function same(a: Message, b: Message): boolean {
  const keys = Object.keys(b) as (keyof Message)[]
  // Attachments arrive as fresh arrays on every copy of a message: compare them by content.
  return (
    keys.length === Object.keys(a).length &&
    keys.every((key) => a[key] === b[key] || JSON.stringify(a[key]) === JSON.stringify(b[key]))
  )
}

type Index = Map<string, Message>
const keysOf = (m: Message) => (m.clientId ? [m.id, `c:${m.clientId}`] : [m.id])
/**
 * Each timeline array's lookup index. Handed on to the array a merge returns, so appending to a long
 * timeline costs a copy, not a rebuild; merging into an older array rebuilds its own.
 */
const indexes = new WeakMap<readonly Message[], Index>()

function lookup(timeline: readonly Message[]): Index {
  let index = indexes.get(timeline)
  if (!index) {
    index = new Map()
    for (const m of timeline) for (const key of keysOf(m)) index.set(key, m)
    indexes.set(timeline, index)
  }
  return index
}

/** Take a timeline's index to mutate: the array it belonged to rebuilds its own if it is merged into again. */
function indexOf(timeline: readonly Message[]): Index {
  const index = lookup(timeline)
  indexes.delete(timeline)
  return index
}

/** The message with this server id (or `c:` + client id) in a timeline, found in O(1). */
export const findMessage = (timeline: readonly Message[], key: string): Message | undefined =>
  lookup(timeline).get(key)

/**
 * Merge messages into a timeline: deduplicated by server id and by client id (so a send and its
 * ack, or a live frame and the same message in a history page, are one entry), in server order.
 * Returns the same array when nothing changed, so selectors can compare by reference.
 */
export function mergeMessages(
  current: readonly Message[],
  incoming: readonly Message[],
): readonly Message[] {
  if (incoming.length === 0) return current
  const index = indexOf(current)
  /** Where each message touched by this merge sits: replacing an entry of `current`, or a new slot. */
  const origin = new Map<Message, { replaces: Message } | { slot: number }>()
  const replacements = new Map<Message, Message | null>()
  const added: (Message | null)[] = []
  let dropped = false
  const drop = (m: Message) => {
    dropped = true
    keysOf(m).forEach((key) => index.delete(key))
    const from = origin.get(m) ?? { replaces: m }
    if ('replaces' in from) replacements.set(from.replaces, null)
    else added[from.slot] = null
  }
  for (const next of incoming) {
    const byId = index.get(next.id)
    const byClientId = next.clientId ? index.get(`c:${next.clientId}`) : undefined
    // The server's copy of our send is already here under its server id: the pending copy goes.
    if (byId && byClientId && byId !== byClientId) drop(byClientId)
    const old = byId ?? byClientId
    const merged = old ? combine(old, next) : next
    if (old && same(old, merged)) continue
    if (old) keysOf(old).forEach((key) => index.delete(key))
    keysOf(merged).forEach((key) => index.set(key, merged))
    const from = old ? (origin.get(old) ?? { replaces: old }) : { slot: added.length }
    origin.set(merged, from)
    if ('replaces' in from) replacements.set(from.replaces, merged)
    else added[from.slot] = merged
  }
  if (origin.size === 0 && !dropped) {
    indexes.set(current, index)
    return current
  }
  const next = current
    .map((m) => (replacements.has(m) ? replacements.get(m) : m))
    .concat(added)
    .filter((m): m is Message => !!m)
  // TimSort makes re-sorting a nearly ordered array linear, so appending to a long timeline stays cheap.
  next.sort(compare)
  indexes.set(next, index)
  return next
}
