import type { Connection } from './connection'
import { ParleyError } from './errors'
import type { Message } from './model'
import type { ProtocolAdapter, ProtocolEvent } from './protocol'
import { withTimeout } from './timeout'

type Authed = <T>(call: (ctx: { token: string | undefined }) => Promise<T>) => Promise<T>
export type Change = { kind: 'edit'; body: string } | { kind: 'delete' }

interface Waiter {
  messageId: string
  change: Change
  resolve(): void
  reject(error: ParleyError): void
}

const refused = (what: string, cause?: unknown) =>
  new ParleyError('mutation-failed', what, cause === undefined ? {} : { cause })

const shows = (m: Message, change: Change) =>
  change.kind === 'delete' ? m.deletedAt !== undefined : m.body === change.body

/**
 * Edits and deletes that settle on the server's answer: the REST response, or over the socket the
 * new version of the message (or a refusal naming the request), never merely the frame written.
 */
export function createMutations(deps: {
  adapter: ProtocolAdapter
  connection: Connection
  authed: Authed
  timeoutMs: number
  merge(messages: readonly Message[]): void
  markDeleted(conversationId: string, messageId: string): void
}) {
  const waiters = new Map<string, Waiter>()

  function overSocket(conversationId: string, messageId: string, change: Change) {
    const requestId = crypto.randomUUID()
    const frame = deps.adapter.encode(
      change.kind === 'edit'
        ? { type: 'edit', conversationId, messageId, body: change.body, requestId }
        : { type: 'delete', conversationId, messageId, requestId },
    )
    if (frame === undefined) throw refused(`This backend cannot ${change.kind} messages`)
    if (!deps.connection.send(frame)) throw refused(`Cannot ${change.kind} while disconnected`)
    const answer = new Promise<void>((resolve, reject) =>
      waiters.set(requestId, { messageId, change, resolve, reject }),
    )
    return withTimeout(answer, deps.timeoutMs, () =>
      refused(`The server did not answer the ${change.kind}`),
    ).finally(() => waiters.delete(requestId))
  }

  /** Over REST: the response is the server's answer. */
  async function overRest(conversationId: string, messageId: string, change: Change) {
    const { adapter } = deps
    const updated = await deps
      .authed((ctx) =>
        change.kind === 'edit'
          ? adapter.editMessage!({ conversationId, messageId, body: change.body }, ctx)
          : adapter.deleteMessage!({ conversationId, messageId }, ctx),
      )
      .catch((cause: unknown) => {
        throw refused(`The server refused the ${change.kind}`, cause)
      })
    // A delete answered with no body still happened: show it deleted.
    if (updated) deps.merge([updated])
    else if (change.kind === 'delete') deps.markDeleted(conversationId, messageId)
  }

  return {
    run(conversationId: string, messageId: string, change: Change): Promise<void> {
      const rest = change.kind === 'edit' ? deps.adapter.editMessage : deps.adapter.deleteMessage
      return rest
        ? overRest(conversationId, messageId, change)
        : Promise.resolve().then(() => overSocket(conversationId, messageId, change))
    },
    /** Settle waiters from what the server said. */
    observe(event: ProtocolEvent) {
      if (event.type === 'mutation-failed') waiters.get(event.requestId)?.reject(event.error)
      if (event.type !== 'message') return
      for (const waiter of waiters.values()) {
        if (waiter.messageId === event.message.id && shows(event.message, waiter.change))
          waiter.resolve()
      }
    },
    close() {
      for (const waiter of waiters.values()) waiter.reject(refused('The client was closed'))
    },
  }
}
