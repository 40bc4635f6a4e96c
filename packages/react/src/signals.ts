import type { ChatClient } from '@parley/core'

/**
 * The per-conversation signals a chat screen sends while open: typing (a `true` at most every 3 s,
 * a `false` after 5 s without a keystroke) and read receipts (many `markRead` calls become one, for
 * the latest message, after 250 ms; never backwards, never twice). `stop()` ends typing and sends
 * the pending receipt. Framework-free: candidates for the core.
 */
export function conversationSignals(
  client: ChatClient,
  conversationId: string,
  onRead: () => void,
) {
  let typingSince = 0
  let idle: ReturnType<typeof setTimeout> | undefined
  let unread: string | undefined
  let lastRead: string | undefined
  let readTimer: ReturnType<typeof setTimeout> | undefined

  const setTyping = (isTyping: boolean) => {
    clearTimeout(idle)
    const now = Date.now()
    if (isTyping) {
      if (now - typingSince >= 3_000) {
        typingSince = now
        client.setTyping(conversationId, true)
      }
      idle = setTimeout(setTyping, 5_000, false)
    } else if (typingSince) {
      typingSince = 0
      client.setTyping(conversationId, false)
    }
  }
  const flush = () => {
    clearTimeout(readTimer)
    readTimer = undefined
    if (unread === undefined) return
    client.markRead(conversationId, (lastRead = unread))
    unread = undefined
    onRead()
  }
  /** Mark `messageId` (default: the latest message from the server) and everything before it read. */
  const markRead = (messageId?: string) => {
    const list = client.getSnapshot().timelines[conversationId] ?? []
    // The latest message the server has (a send keeps its client id as its id until the ack).
    const id = messageId ?? list.findLast((m) => m.id !== m.clientId)?.id
    const at = (key: string | undefined) => list.findIndex((m) => m.id === key)
    // Only forward: never a receipt for a message before the one pending or last sent.
    if (id === undefined || at(id) <= at(unread ?? lastRead)) return
    unread = id
    readTimer ??= setTimeout(flush, 250)
  }
  const stop = () => {
    setTyping(false)
    flush()
  }
  return { setTyping, markRead, stop }
}
