/**
 * Parley through its client: history merged into the client's store, live messages as socket
 * frames decoded by the native protocol and applied in the client's batches, the list rendered
 * by `useChat` + MessageList under a ChatProvider. The socket is in the page (no network), so
 * what is measured is the client and the UI; the real-socket scenario is `socket` below.
 */
import { createChatClient, type ChatClient, type Message, type SocketLike } from '@parley/core'
import { nativeProtocol } from '@parley/core/native'
import { ChatProvider, useChat } from '@parley/react'
import { MessageList } from '@parley/ui'
import '@parley/ui/styles.css'
import { createRoot } from 'react-dom/client'
import type { Contender, Mounted, Purpose } from '../contender'
import { CONVERSATION, SELF, type BenchMessage } from '../messages'
import { participants, toMessage } from './parley-common'

/** A socket open at once whose frames the benchmark pushes straight into the client. */
class PageSocket implements SocketLike {
  static last: PageSocket
  readyState = 1
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  constructor() {
    PageSocket.last = this
    queueMicrotask(() => this.onopen?.({}))
  }
  send() {}
  close() {}
  frame(value: object) {
    this.onmessage?.({ data: JSON.stringify(value) })
  }
}

/** Resolves once the client's next batch is in its store. */
export const applied = (client: ChatClient) =>
  new Promise<void>((resolve) => {
    const stop = client.subscribe(() => (stop(), resolve()))
  })

const messageFrame = (m: BenchMessage) => ({ type: 'message', message: toMessage(m) })

/**
 * The conversation through `useChat`. History pages here come from the benchmark, not REST, so
 * `hasOlder` says whether it holds older ones (useChat's own is TanStack Query's next page).
 */
export function Thread({ olderHeldBack = false }: { olderHeldBack?: boolean }) {
  const { messages, hasOlder } = useChat(CONVERSATION)
  return (
    <MessageList
      messages={messages}
      currentUserId={SELF}
      participants={participants}
      hasOlder={hasOlder || olderHeldBack}
    />
  )
}

/** Renders the conversation of a connected client; its live messages come from its socket. */
export function mountClient(box: HTMLElement, client: ChatClient, olderHeldBack = false) {
  createRoot(box).render(
    <ChatProvider client={client} protocol={nativeProtocol} getToken={() => 'bench'}>
      <Thread olderHeldBack={olderHeldBack} />
    </ChatProvider>,
  )
}

/**
 * A client connected to a page socket. Measuring the store alone, it applies each batch at once
 * (`batchMs: 0`, as the core's own bench does); on screen it batches as shipped (16 ms).
 */
async function connectedClient(purpose: Purpose): Promise<ChatClient> {
  const client = createChatClient({
    url: 'ws://page',
    getToken: () => 'bench',
    protocol: nativeProtocol,
    WebSocket: PageSocket,
    environment: null,
    ...(purpose === 'store' && { batchMs: 0 }),
  })
  client.connect()
  await new Promise((resolve) => setTimeout(resolve, 0))
  PageSocket.last.frame({ type: 'welcome', userId: SELF })
  await new Promise((resolve) => setTimeout(resolve, 20))
  return client
}

export const parleyClient: Contender<Message[], ChatClient> = {
  store: 'client.merge',
  data: (messages) => messages.map(toMessage),
  async ingest(messages, purpose) {
    const client = await connectedClient(purpose)
    const done = applied(client)
    client.merge(messages)
    await done
    return client
  },
  async ingestOne(client, message) {
    const done = applied(client)
    PageSocket.last.frame(messageFrame(message))
    await done
  },
  mount(box, client, view): Mounted {
    mountClient(box, client, view?.hasOlder)
    return {
      append: (message) => PageSocket.last.frame(messageFrame(message)),
      prepend: (older) => client.merge(older.map(toMessage)),
    }
  },
}
