import type { Connection } from './connection'
import { ParleyError } from './errors'
import { isPending, type Message } from './model'
import type { OutboxRecord, RestoredSend } from './persist-host'
import type { ProtocolAdapter, ProtocolEvent } from './protocol'

type Authed = <T>(call: (ctx: { token: string | undefined }) => Promise<T>) => Promise<T>

/**
 * Where a send is. `queued`: waits for a connection (or for an earlier send of its conversation).
 * `wire`: sent, its ack awaited. `unconfirmed`: its fate is unknown (no ack in time, or the line
 * dropped): only the server's history can tell whether it was stored. `failed`: refused or lost.
 */
type Stage = 'queued' | 'wire' | 'unconfirmed' | 'failed'

interface Entry {
  conversationId: string
  stage: Stage
  timer?: ReturnType<typeof setTimeout>
  /** Sent over REST: the request lives on whatever the socket does. */
  rest?: boolean
  /** Why its fate is unknown: a drop re-sends what history lacks; a silent live line fails it. */
  lost?: 'drop' | 'timeout'
  /** The newest confirmed message held when it was sent: reconciling must page back to here. */
  anchor?: Message | undefined
}

export interface OutboxDeps {
  adapter: ProtocolAdapter
  connection: Connection
  ackTimeoutMs: number
  authed: Authed
  find(clientId: string): Message | undefined
  /** Put a new version of a pending message into its timeline now. */
  update(message: Message): void
  queueEvent(event: ProtocolEvent): void
  /** Ask for the conversation's history to be checked for unconfirmed sends. */
  reconcile(conversationId: string): void
}

export type Outbox = ReturnType<typeof createOutbox>

/** This client's sends and their fate, in send order. */
export function createOutbox(deps: OutboxDeps) {
  const { adapter, connection, ackTimeoutMs } = deps
  const entries = new Map<string, Entry>()
  const viaRest = !!adapter.sendMessage

  const setStatus = (clientId: string, status: Message['status'], error?: ParleyError) => {
    const message = deps.find(clientId)
    if (!message || !isPending(message)) return
    const { error: _old, ...rest } = message
    deps.update({ ...rest, status, ...(error && { error }) })
  }

  function settle(clientId: string) {
    clearTimeout(entries.get(clientId)?.timer)
    entries.delete(clientId)
  }

  function fail(clientId: string, error: ParleyError) {
    const entry = entries.get(clientId)
    if (entry) {
      clearTimeout(entry.timer)
      entry.stage = 'failed'
    }
    setStatus(clientId, 'failed', error)
  }

  /** No ack in time: a dialect that dedupes gets it again; any other asks the server's history. */
  function timedOut(clientId: string) {
    const entry = entries.get(clientId)
    if (entry?.stage !== 'wire') return
    setStatus(clientId, 'unconfirmed')
    if (adapter.idempotentSends && !entry.rest) {
      entry.stage = 'queued'
      return flush()
    }
    entry.stage = 'unconfirmed'
    entry.lost = 'timeout'
    deps.reconcile(entry.conversationId)
  }

  function sendOverRest(clientId: string, message: Message, entry: Entry) {
    entry.rest = true
    deps
      .authed((ctx) => adapter.sendMessage!(message, ctx))
      .then(
        (stored) => deps.queueEvent({ type: 'ack', clientId, message: stored }),
        (cause: unknown) => {
          if (!entries.has(clientId)) return
          // A 4xx is a refusal; anything else (5xx, no answer) may have stored it (Salon stores, then 500s).
          const status = (cause as { raw?: { status?: number } })?.raw?.status
          if (status !== undefined && status >= 400 && status < 500) {
            const error = new ParleyError('send-failed', 'Refused by the server', { cause })
            return deps.queueEvent({ type: 'send-failed', clientId, error })
          }
          clearTimeout(entry.timer)
          entry.stage = 'unconfirmed'
          entry.lost = 'drop'
          setStatus(clientId, 'unconfirmed')
          deps.reconcile(entry.conversationId)
        },
      )
  }

  /**
   * Put queued sends on the wire, in order. A conversation holds back later sends while an earlier
   * one's fate is unknown (or, over REST, while one is in flight), so the server stores them in order.
   */
  function flush() {
    if (connection.getSnapshot().status !== 'open') return
    const blocked = new Set<string>()
    for (const [clientId, entry] of entries) {
      const { conversationId } = entry
      if (entry.stage === 'unconfirmed' || (entry.stage === 'wire' && entry.rest))
        blocked.add(conversationId)
      if (entry.stage !== 'queued' || blocked.has(conversationId)) continue
      const message = deps.find(clientId)
      if (!message || !isPending(message)) {
        entries.delete(clientId)
        continue
      }
      entry.stage = 'wire'
      entry.timer = setTimeout(() => timedOut(clientId), ackTimeoutMs)
      if (viaRest) {
        sendOverRest(clientId, message, entry)
        blocked.add(conversationId)
        continue
      }
      const frame = adapter.encode({ type: 'send', message })
      if (frame === undefined) fail(clientId, new ParleyError('send-failed', 'Cannot be sent here'))
      else if (!connection.send(frame)) {
        clearTimeout(entry.timer)
        entry.stage = 'queued'
      }
    }
  }

  return {
    size: () => entries.size,
    queuedCount: () => [...entries.values()].filter((e) => e.stage === 'queued').length,
    has: (clientId: string) => entries.has(clientId),
    conversationOf: (clientId: string) => entries.get(clientId)?.conversationId,
    add(message: Message, anchor: Message | undefined) {
      entries.set(message.clientId!, {
        conversationId: message.conversationId,
        stage: 'queued',
        anchor,
      })
    },
    flush,
    settle,
    fail,
    /** The line dropped: socket sends on the wire are re-sent (dedupe) or become unconfirmed. */
    dropped() {
      for (const [clientId, entry] of entries) {
        // Silence on a live line gave way to a drop: history after the reconnect tells, and what
        // it lacks goes out again by itself, as for any send the drop caught.
        if (entry.stage === 'unconfirmed' && !entry.rest) entry.lost = 'drop'
        if (entry.stage !== 'wire' || entry.rest) continue
        clearTimeout(entry.timer)
        if (adapter.idempotentSends) entry.stage = 'queued'
        else {
          entry.stage = 'unconfirmed'
          entry.lost = 'drop'
          setStatus(clientId, 'unconfirmed')
        }
      }
    },
    retry(clientId: string) {
      const entry = entries.get(clientId)
      const message = deps.find(clientId)
      if (!message || message.status !== 'failed') return
      if (entry) entry.stage = 'queued'
      else entries.set(clientId, { conversationId: message.conversationId, stage: 'queued' })
      setStatus(clientId, 'sending')
      flush()
    },
    /** Only what never left, or what the server refused, can be discarded. */
    discardable(clientId: string) {
      const stage = entries.get(clientId)?.stage
      return stage === undefined || stage === 'queued' || stage === 'failed'
    },
    /** Sends of this conversation whose fate only history can tell, oldest first. */
    unconfirmed(conversationId: string): { clientId: string; anchor: Message | undefined }[] {
      return [...entries]
        .filter(([, e]) => e.conversationId === conversationId && e.stage === 'unconfirmed')
        .map(([clientId, e]) => ({ clientId, anchor: e.anchor }))
    },
    conversationsWithUnconfirmed(): Set<string> {
      return new Set(
        [...entries.values()].filter((e) => e.stage === 'unconfirmed').map((e) => e.conversationId),
      )
    },
    /**
     * History covering their time was searched and these were not in it: after a drop they were
     * never stored and go out again; after silence on a live line the user decides.
     */
    notStored(clientId: string) {
      const entry = entries.get(clientId)
      if (entry?.stage !== 'unconfirmed') return
      if (entry.lost === 'timeout') {
        return fail(clientId, new ParleyError('ack-timeout', 'The server did not store it'))
      }
      entry.stage = 'queued'
      setStatus(clientId, 'sending')
    },
    /** A send whose fate history cannot tell (none to ask, or too far back): the user decides. */
    cannotConfirm: (clientId: string) =>
      fail(clientId, new ParleyError('ack-timeout', 'The server never confirmed it')),
    /** Client ids of this conversation's sends still pending here, in send order. */
    pendingIn: (conversationId: string) =>
      [...entries].filter(([, e]) => e.conversationId === conversationId).map(([id]) => id),
    close() {
      entries.forEach((entry) => clearTimeout(entry.timer))
    },
    /** Every send and where it is, in send order: what `@parley/core/persist` writes down. */
    records: (): OutboxRecord[] =>
      [...entries].map(([clientId, e]) => ({
        clientId,
        conversationId: e.conversationId,
        stage: e.stage,
        anchor: e.anchor,
      })),
    /**
     * Persisted sends back from storage, in their order, ahead of the sends made since. One that had
     * left comes back unconfirmed, as after a dropped line: re-sent on a deduping dialect, else
     * reconciled against history.
     */
    restore(sends: readonly RestoredSend[]) {
      const restored = sends.map(({ message, stage, anchor }): [string, Entry] => {
        const entry: Entry = { conversationId: message.conversationId, stage, anchor }
        const dedupes = adapter.idempotentSends && !viaRest
        if (stage === 'unconfirmed' && dedupes) entry.stage = 'queued'
        else if (stage === 'unconfirmed') entry.lost = 'drop'
        else if (stage === 'queued' && !dedupes && adapter.fetchHistory) {
          // The record is rewritten one write after a send leaves: a page killed in between says
          // "queued" for a send the server may have. History tells before it goes out again.
          entry.stage = 'unconfirmed'
          entry.lost = 'drop'
        }
        return [message.clientId!, entry]
      })
      const newer = [...entries].filter(([clientId]) => !restored.some(([id]) => id === clientId))
      entries.clear()
      for (const [clientId, entry] of [...restored, ...newer]) entries.set(clientId, entry)
    },
  }
}
