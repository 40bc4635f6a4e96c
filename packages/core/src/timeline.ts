import { isPending, type Attachment, type Message, type MessageStatus } from './model'

// ---------------------------------------------------------------------------------------------
// Order
// ---------------------------------------------------------------------------------------------

const isDigit = (code: number) => code >= 48 && code <= 57

/** Where a run of digits starting at `from` ends. */
function digitRunEnd(text: string, from: number): number {
  let end = from
  while (end < text.length && isDigit(text.charCodeAt(end))) end++
  return end
}

/** Two runs of digits compared as numbers of any length (ids may exceed 2^53): 0 when equal. */
function compareDigitRuns(
  a: string,
  from: number,
  to: number,
  b: string,
  bFrom: number,
  bTo: number,
) {
  while (from < to - 1 && a.charCodeAt(from) === 48) from++
  while (bFrom < bTo - 1 && b.charCodeAt(bFrom) === 48) bFrom++
  if (to - from !== bTo - bFrom) return to - from < bTo - bFrom ? -1 : 1
  for (; from < to; from++, bFrom++) {
    const difference = a.charCodeAt(from) - b.charCodeAt(bFrom)
    if (difference) return difference < 0 ? -1 : 1
  }
  return 0
}

/**
 * Ids compared numeric-aware: "9" before "10", "m9" before "m10". Each id reads as a sequence of
 * tokens — a run of digits (a number) or one other character (its code) — compared token by token;
 * a digit run sorts where a digit character would against other characters. That is a lexicographic
 * order over a totally ordered alphabet, so it is transitive for any mix of ids; ids equal as numbers
 * ("007" and "7") fall back to plain comparison.
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i)
    const cb = b.charCodeAt(j)
    if (isDigit(ca) && isDigit(cb)) {
      const endA = digitRunEnd(a, i)
      const endB = digitRunEnd(b, j)
      const byNumber = compareDigitRuns(a, i, endA, b, j, endB)
      if (byNumber) return byNumber
      i = endA
      j = endB
    } else if (ca !== cb) {
      return ca < cb ? -1 : 1
    } else {
      i++
      j++
    }
  }
  if (i < a.length || j < b.length) return i < a.length ? 1 : -1
  return a < b ? -1 : 1
}

/** Garbage numbers (NaN) from a dialect would make the order inconsistent: they sort last. */
const orderable = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? Infinity : n)

/**
 * The timeline's order, a total order: time first, then server sequence, then id. A message without
 * a `seq` (a pending send, a dialect without sequences) sorts after those with one at the same
 * instant: treating "no seq" as "no opinion" would make the order intransitive. Pending, unconfirmed
 * and failed sends stay where they were sent in time; later messages go below them.
 */
export function compareMessages(a: Message, b: Message): number {
  // The common case first, with no calls: this runs n log n times when a batch comes shuffled.
  if (a.createdAt < b.createdAt) return -1
  if (a.createdAt > b.createdAt) return 1
  const ta = orderable(a.createdAt)
  const tb = orderable(b.createdAt)
  if (ta !== tb) return ta < tb ? -1 : 1
  const sa = orderable(a.seq)
  const sb = orderable(b.seq)
  if (sa !== sb) return sa < sb ? -1 : 1
  return compareIds(a.id, b.id)
}

/** The first position in a sorted timeline whose message does not sort before `m`. */
function lowerBound(timeline: readonly Message[], m: Message): number {
  let low = 0
  let high = timeline.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (compareMessages(timeline[middle]!, m) < 0) low = middle + 1
    else high = middle
  }
  return low
}

/** Where a message sits in a sorted timeline, in O(log n); -1 when it is not there. */
function positionOf(timeline: readonly Message[], m: Message): number {
  for (let at = lowerBound(timeline, m); at < timeline.length; at++) {
    if (timeline[at] === m) return at
    if (compareMessages(timeline[at]!, m) !== 0) break
  }
  return -1
}

function isSorted(timeline: readonly Message[]): boolean {
  for (let at = 1; at < timeline.length; at++)
    if (compareMessages(timeline[at - 1]!, timeline[at]!) > 0) return false
  return true
}

// ---------------------------------------------------------------------------------------------
// Combining two copies of one message
// ---------------------------------------------------------------------------------------------

const statusRank: Record<MessageStatus, number> = {
  failed: 0,
  sending: 0,
  unconfirmed: 0,
  sent: 1,
  delivered: 2,
  read: 3,
}

/** A deleted message holds no content, whichever copy it came from. */
function scrubDeleted(m: Message): Message {
  if (m.deletedAt === undefined || (m.body === '' && m.attachments.length === 0)) return m
  return { ...m, body: '', attachments: [] }
}

/**
 * Combine two views of one message: deletes stick, the newer edit wins, status never goes backwards
 * for a confirmed message, and a stale pending copy (a late ack timer, a retry racing its ack) never
 * replaces the server's copy: it would bring back the client id as id and the client's clock.
 */
function combine(old: Message, next: Message): Message {
  if (!isPending(old) && isPending(next)) return old
  const merged = { ...old, ...next }
  if (statusRank[old.status] > statusRank[next.status] && !isPending(old))
    merged.status = old.status
  if (old.clientId && !next.clientId) merged.clientId = old.clientId
  if ((old.editedAt ?? 0) > (next.editedAt ?? 0))
    Object.assign(merged, { body: old.body, editedAt: old.editedAt })
  if (old.deletedAt !== undefined && next.deletedAt === undefined) merged.deletedAt = old.deletedAt
  if (!isPending(merged)) delete merged.error
  return scrubDeleted(merged)
}

function sameAttachments(a: readonly Attachment[], b: readonly Attachment[]): boolean {
  if (a.length !== b.length) return false
  return a.every((x, i) => {
    const y = b[i]!
    const keys = Object.keys(x) as (keyof Attachment)[]
    return keys.length === Object.keys(y).length && keys.every((key) => x[key] === y[key])
  })
}

/** Whether a combined copy changes nothing: shallow, except attachments (fresh arrays on every copy). */
function same(a: Message, b: Message): boolean {
  const keys = Object.keys(b) as (keyof Message)[]
  if (keys.length !== Object.keys(a).length) return false
  return keys.every((key) => {
    if (a[key] === b[key]) return true
    if (key === 'attachments') return sameAttachments(a.attachments, b.attachments)
    // Errors are rare and small; a fresh error with the same text is the same error.
    return key === 'error' && JSON.stringify(a.error) === JSON.stringify(b.error)
  })
}

// ---------------------------------------------------------------------------------------------
// Lookup index
// ---------------------------------------------------------------------------------------------

/** Each message under its server id, and under `c:` + client id when it has one. */
type Index = Map<string, Message>

function indexAdd(index: Index, m: Message) {
  index.set(m.id, m)
  if (m.clientId) index.set(`c:${m.clientId}`, m)
}

function indexRemove(index: Index, m: Message) {
  if (index.get(m.id) === m) index.delete(m.id)
  const key = m.clientId && `c:${m.clientId}`
  if (key && index.get(key) === m) index.delete(key)
}
/**
 * Each timeline array's lookup index. Handed on to the array a merge returns, so appending to a long
 * timeline costs a copy, not a rebuild; merging into an older array rebuilds its own.
 */
const indexes = new WeakMap<readonly Message[], Index>()

function lookup(timeline: readonly Message[]): Index {
  let index = indexes.get(timeline)
  if (!index) {
    index = new Map()
    for (const m of timeline) indexAdd(index, m)
    indexes.set(timeline, index)
  }
  return index
}

/** Take a timeline's index to mutate: the array it belonged to rebuilds its own if it is merged into again. */
function takeIndex(timeline: readonly Message[]): Index {
  const index = lookup(timeline)
  indexes.delete(timeline)
  return index
}

/** The message with this server id (or `c:` + client id) in a timeline, found in O(1). */
export const findMessage = (timeline: readonly Message[], key: string): Message | undefined =>
  lookup(timeline).get(key)

// ---------------------------------------------------------------------------------------------
// Merging
// ---------------------------------------------------------------------------------------------

interface Changes {
  /** Entries of the current timeline that leave it (replaced by a newer copy, or dropped). */
  removed: Message[]
  /** Messages the merge puts in. */
  inserts: Message[]
  /** For each insert that replaces an entry of the current timeline: that entry. */
  replaces: Map<Message, Message>
}

/**
 * A server copy naming a client id that another confirmed message already holds (a double ack
 * naming two messages: a server bug) is a message of its own: one send is one message, and a
 * confirmed message keeps its server id.
 */
function claimedElsewhere(index: Index, next: Message): boolean {
  if (!next.clientId || isPending(next)) return false
  const holder = index.get(`c:${next.clientId}`)
  return !!holder && !isPending(holder) && holder.id !== next.id
}

function withoutClientId(m: Message): Message {
  const { clientId: _, ...rest } = m
  return rest
}

/**
 * Resolve each incoming message against the index (updated in place): O(batch), plus O(log n) for
 * each entry of the current timeline that a newer copy replaces. Allocates little per message: a
 * history load runs this 50,000 times.
 */
function resolve(current: readonly Message[], index: Index, incoming: readonly Message[]): Changes {
  const removed: Message[] = []
  const inserts: Message[] = []
  const replaces = new Map<Message, Message>()
  /** Inserts of this batch that a later copy in the same batch superseded. */
  const superseded = new Set<Message>()
  /** Take a message out; returns the current timeline's entry it stood for, if any. */
  const takeOut = (m: Message): Message | undefined => {
    indexRemove(index, m)
    const origin = replaces.get(m)
    if (!origin && positionOf(current, m) >= 0) {
      removed.push(m)
      return m
    }
    replaces.delete(m)
    superseded.add(m)
    return origin
  }
  for (const copy of incoming) {
    const next = claimedElsewhere(index, copy) ? withoutClientId(copy) : copy
    const byId = index.get(next.id)
    const byClientId = next.clientId ? index.get(`c:${next.clientId}`) : undefined
    // The server's copy of our send is already here under its server id: the pending copy goes.
    if (byId && byClientId && byId !== byClientId && isPending(byClientId)) takeOut(byClientId)
    const old = byId ?? byClientId
    const merged = old ? combine(old, next) : scrubDeleted(next)
    if (old && (merged === old || same(old, merged))) continue
    const origin = old && takeOut(old)
    indexAdd(index, merged)
    inserts.push(merged)
    if (origin) replaces.set(merged, origin)
  }
  const live = superseded.size ? inserts.filter((m) => !superseded.has(m)) : inserts
  return { removed, inserts: live, replaces }
}

/**
 * Copies replacing entries where they stand, when each still sorts between its neighbours (a status
 * or edit change): one array copy and O(k log n) to find them. Undefined when one moved.
 */
function replaceInPlace(current: readonly Message[], replaces: Changes['replaces']) {
  const at = new Map<number, Message>()
  replaces.forEach((origin, merged) => at.set(positionOf(current, origin), merged))
  const get = (i: number) => at.get(i) ?? current[i]!
  for (const i of at.keys()) {
    if (i > 0 && compareMessages(get(i - 1), get(i)) >= 0) return undefined
    if (i < current.length - 1 && compareMessages(get(i), get(i + 1)) >= 0) return undefined
  }
  const next = current.slice()
  at.forEach((m, i) => (next[i] = m))
  return next
}

/** The general case: binary-search each change's place, then one pass that copies. */
function spliceSorted(current: readonly Message[], removed: Message[], inserts: Message[]) {
  const skip = removed.map((m) => positionOf(current, m)).sort((a, b) => a - b)
  const insertAt = inserts.map((m) => lowerBound(current, m))
  const next: Message[] = []
  let s = 0
  let k = 0
  for (let i = 0; i < current.length; i++) {
    while (k < inserts.length && insertAt[k]! <= i) next.push(inserts[k++]!)
    if (skip[s] === i) s++
    else next.push(current[i]!)
  }
  while (k < inserts.length) next.push(inserts[k++]!)
  return next
}

function apply(current: readonly Message[], { removed, inserts, replaces }: Changes): Message[] {
  inserts.sort(compareMessages) // TimSort: linear for a page already in order, or in reverse
  const first = inserts[0]
  const last = inserts[inserts.length - 1]
  if (removed.length === 0 && first && last) {
    if (current.length === 0) return inserts
    // A live message: after the last one. A history page: before the first.
    if (compareMessages(current[current.length - 1]!, first) < 0) return current.concat(inserts)
    if (compareMessages(last, current[0]!) < 0) return inserts.concat(current)
  }
  const replacesOnly = removed.length === replaces.size && inserts.length === replaces.size
  return (
    (replacesOnly && replaces.size > 0 && replaceInPlace(current, replaces)) ||
    spliceSorted(current, removed, inserts)
  )
}

/**
 * Merge messages into a timeline: deduplicated by server id and by client id (so a send and its
 * ack, or a live frame and the same message in a history page, are one entry), in the order of
 * `compareMessages`. Returns the same array when nothing changed, so selectors can compare by
 * reference. Costs O(batch · log n) plus at most one array copy.
 */
export function mergeMessages(
  current: readonly Message[],
  incoming: readonly Message[],
): readonly Message[] {
  if (incoming.length === 0) return current
  // Timelines come from this function, sorted and indexed; any other array is checked once.
  const base =
    indexes.has(current) || isSorted(current) ? current : current.toSorted(compareMessages)
  const index = takeIndex(base)
  const changes = resolve(base, index, incoming)
  const next = changes.inserts.length || changes.removed.length ? apply(base, changes) : base
  indexes.set(next, index)
  return next
}

/**
 * A read receipt: this user's confirmed messages up to `messageId` become `read`. Walks back from
 * that message and stops at the first of this user's messages already read (everything before it
 * was read too), so a receipt costs O(log n + distance + changes) plus one array copy. Returns the
 * same array when nothing changed, or when `messageId` is not in the timeline.
 */
export function markReadUpTo(
  timeline: readonly Message[],
  messageId: string,
  selfId: string,
): readonly Message[] {
  const target = findMessage(timeline, messageId)
  if (!target) return timeline
  // Copied, with the index taken over, at the first change only.
  let next: Message[] | undefined
  let index: Index | undefined
  for (let i = positionOf(timeline, target); i >= 0; i--) {
    const m = timeline[i]!
    if (m.senderId !== selfId || isPending(m)) continue
    if (m.status === 'read') break
    const read: Message = { ...m, status: 'read' }
    ;(next ??= timeline.slice())[i] = read
    indexAdd((index ??= takeIndex(timeline)), read)
  }
  if (!next) return timeline
  indexes.set(next, index!)
  return next
}
