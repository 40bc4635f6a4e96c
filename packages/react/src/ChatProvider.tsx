import {
  createChatClient,
  type ChatClient,
  type ChatClientOptions,
  type ProtocolAdapter,
} from '@parley/core'
import { QueryClient } from '@tanstack/react-query'
import { useEffect, useState, type ReactNode } from 'react'
import { ChatContext, type ChatContextValue } from './context'
import { hold } from './live'

export type ChatProviderProps = {
  children?: ReactNode
  /**
   * Runs the REST requests (history pages, the conversation list, uploads); one of the provider's own
   * when absent. Passed to the hooks directly: the app's own `QueryClientProvider` is left alone.
   */
  queryClient?: QueryClient
} & (
  | {
      /** A client is created from these on first render; later changes are ignored. */
      options: ChatClientOptions
      client?: undefined
    }
  | {
      /** An existing client; the provider connects it while mounted and closes it on unmount. */
      client: ChatClient
      /** The client's adapter and token source, for REST (history, conversations, uploads). */
      protocol?: ProtocolAdapter
      getToken?: ChatClientOptions['getToken']
      options?: undefined
    }
)

let providers = 0

const warned = /* @__PURE__ */ new Set<string>()
/** `console.warn` tagged `[parley]`, once per page: React may run an initializer more than once. */
function warnOnce(message: string) {
  if (!warned.has(message)) console.warn(`[parley] ${message}`)
  warned.add(message)
}

/** Development only: a JavaScript app that forgot `protocol` otherwise fails without a word. */
function warnIfNoProtocol(props: ChatProviderProps) {
  if (props.client) {
    if (!props.protocol)
      warnOnce(
        '<ChatProvider client={…}> has no `protocol`: history, the conversation list and uploads ' +
          "cannot load. Pass the client's adapter beside it: " +
          '<ChatProvider client={client} protocol={protocol} getToken={getToken}>.',
      )
  } else if (!props.options.protocol) {
    warnOnce(
      '<ChatProvider> options have no `protocol`, so the client cannot speak to your backend. ' +
        "Pass one, e.g. protocol: createNativeProtocol({ apiUrl }) from '@parley/core/native'.",
    )
  }
}

/**
 * Development only: a wrong socket URL fails quietly while REST (the list, history) loads fine, and
 * the app looks half-alive. Once the socket has failed a few times without ever opening while a
 * REST request succeeded, say which address was tried (without its query: it may hold a token).
 */
function warnIfSocketFailsWhileRestWorks({ client, queryClient }: ChatContextValue, url: unknown) {
  let opened = false
  return client.subscribe(() => {
    const connection = client.getSnapshot().connection
    if (connection.status === 'open') opened = true
    if (opened || connection.status !== 'reconnecting' || connection.attempt < 3) return
    const restWorks = queryClient
      .getQueryCache()
      .getAll()
      .some((query) => query.state.status === 'success')
    if (!restWorks) return
    const tried = typeof url === 'string' ? url.split('?')[0] : 'the address your `url` returns'
    warnOnce(
      `The WebSocket failed ${connection.attempt} times at ${tried} while REST requests succeed: ` +
        "check the `url` option. It is the socket's address (wss://…), not the REST API's.",
    )
  })
}

/**
 * One chat client per provider, connected while mounted (StrictMode's double mount included: one
 * socket), closed on unmount, with the QueryClient that runs its REST requests.
 */
export function ChatProvider(props: ChatProviderProps) {
  const [value] = useState((): ChatContextValue => {
    if (process.env.NODE_ENV !== 'production') warnIfNoProtocol(props)
    const { protocol, getToken } = props.client ? props : props.options
    return {
      client: props.client ?? createChatClient(props.options),
      queryClient: props.queryClient ?? new QueryClient(),
      protocol,
      token: async () => getToken?.(),
      key: ['parley', ++providers],
    }
  })
  useEffect(() => hold(value), [value])
  // The condition is the build's constant, so the hooks are the same on every render; a production
  // build drops the effect whole rather than keep an empty one.
  if (process.env.NODE_ENV !== 'production') {
    const url = props.options?.url
    // eslint-disable-next-line react-hooks/rules-of-hooks
    useEffect(() => warnIfSocketFailsWhileRestWorks(value, url), [value, url])
  }
  return <ChatContext.Provider value={value}>{props.children}</ChatContext.Provider>
}
