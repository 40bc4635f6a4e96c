import { getResponse, http, HttpHandler, ws, type WebSocketHandler, type WebSocketLink } from 'msw'
import type { FaultState } from './native-server'
import type { ChatSnapshot, MockBackend, MockControls, MockSocketClient } from './index'

export interface ShareOptions {
  /** Tabs whose backends share a name share one server (default `parley-mock-backend`). */
  name?: string
  /** Elects the tab that serves; `navigator.locks` by default. Without it every tab serves itself. */
  locks?: Pick<LockManager, 'request'>
}

export interface SharedBackend {
  /** Pass these to `setupWorker(...)` instead of `backend.handlers`. */
  handlers: (WebSocketHandler | HttpHandler)[]
  /** Settles once this tab knows whether it serves: start the worker after it. */
  ready: Promise<void>
  /** True while this tab's backend serves every tab's sockets and requests. */
  isLeader(): boolean
  dispose(): void
}

type Headers = [string, string][]
type TokenNote = {
  k: 'token'
  token: string
  userId: string
  expiresAt?: number
  invalidated?: 'expired' | 'revoked'
}
/** What tabs tell each other over the BroadcastChannel. */
type Note =
  | { k: 'open'; id: string; url?: string }
  | { k: 'gone'; id: string }
  | { k: 'up' | 'down'; id: string; data: unknown }
  | { k: 'close'; id: string; code?: number; reason?: string }
  | { k: 'req'; rid: string; method: string; url: string; headers: Headers; body: ArrayBuffer }
  | { k: 'res'; rid: string; status: number; headers: Headers; body: ArrayBuffer }
  | TokenNote
  | { k: 'control'; name: keyof MockControls; args: unknown[] }
  | { k: 'faults'; state: Readonly<FaultState> }
  | { k: 'leader' | 'sync' }
  | { k: 'state'; snap: ChatSnapshot }

type Listeners = { message: Set<(event: { data: unknown }) => void>; close: Set<() => void> }
const NO_BODY = new Set(['GET', 'HEAD'])
/** One link per URL, as in `createMockBackend`: each `ws.link()` leaves a listener behind. */
const links = new Map<string, WebSocketLink>()
/** The serving tab sends what changed at most this often (and when it is hidden or closed). */
const STATE_EVERY_MS = 250

/**
 * Make the demo's tabs one chat server: the tab holding a Web Lock serves; every other tab relays
 * its sockets and REST requests to it over a BroadcastChannel. Tokens issued and fault controls
 * pressed in any tab apply to that one server. The serving tab sends what changes in its chat
 * model to the other tabs, so when it closes the next tab takes over where it left off (same
 * messages, ids and seqs), and relayed sockets reconnect to it (close 1012).
 */
export function shareAcrossTabs(backend: MockBackend, options: ShareOptions = {}): SharedBackend {
  const name = options.name ?? 'parley-mock-backend'
  const locks = options.locks ?? globalThis.navigator?.locks
  const channel = new BroadcastChannel(name)
  let open = true
  const post = (note: Note) => open && channel.postMessage(note)
  const tab = crypto.randomUUID()
  const { model, controls } = backend
  const restHandlers = backend.handlers.filter((h): h is HttpHandler => h instanceof HttpHandler)
  /** This tab's sockets, relayed to the serving tab. */
  const pipes = new Map<string, MockSocketClient>()
  /** In the serving tab: other tabs' sockets, with the listeners the server attached. */
  const remotes = new Map<string, Listeners>()
  /** Requests relayed to the serving tab, sent again if it changes before answering. */
  const requests = new Map<string, { note: Note; resolve: (response: Response) => void }>()
  /** Every token this tab issued or heard of, and whether it was invalidated: for a new server. */
  const tokens = new Map<string, TokenNote>()
  let leader = !locks
  let lastFaults: Readonly<FaultState> | undefined
  let release: (() => void) | undefined
  let unwatch: (() => void) | undefined
  /** In the serving tab: the model's version the other tabs have, and when it went out. */
  let sent = 0
  let last = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let settle!: () => void
  const ready = new Promise<void>((resolve) => (settle = resolve))

  const serve = async (note: Extract<Note, { k: 'req' }>) =>
    (await getResponse(
      restHandlers,
      new Request(note.url, {
        method: note.method,
        headers: note.headers,
        ...(!NO_BODY.has(note.method) && { body: note.body }),
      }),
    )) ?? new Response(null, { status: 404 })
  const closeRemote = (id: string) => {
    const listeners = remotes.get(id)
    remotes.delete(id)
    listeners?.close.forEach((listener) => listener())
  }
  const closePipes = () => pipes.forEach((client) => client.close(1012, 'service restart'))
  /** In the serving tab: send the changes since the last send to every other tab. */
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    last = Date.now()
    const snap = model.snapshot(sent)
    if (snap.conversations.length === 0) return
    post({ k: 'state', snap })
    sent = snap.version
  }
  const onHidden = () => document.visibilityState === 'hidden' && flush()
  const changed = () => (timer ??= setTimeout(flush, last + STATE_EVERY_MS - Date.now()))

  // Tokens issued in any tab are valid on the one server; expired or revoked in any, refused.
  const issueToken = model.issueToken
  model.issueToken = (userId, opts) => {
    // Every tab's model counts from 1, so two tabs signed in as one user would get the same token
    // and share its fate (one tab's "Expire token" would sign out the other): a tab's own suffix.
    const token = `${issueToken(userId, opts)}.${tab.slice(0, 4)}`
    const expiresAt = opts?.ttlMs === undefined ? undefined : Date.now() + opts.ttlMs
    model.adoptToken(token, userId, expiresAt)
    const note: TokenNote = { k: 'token', token, userId, ...(expiresAt && { expiresAt }) }
    tokens.set(token, note)
    post(note)
    return token
  }
  const learnToken = (note: TokenNote) => {
    // Known first, so that invalidating it below is not told to the other tabs again.
    if (!tokens.get(note.token)?.invalidated) tokens.set(note.token, note)
    model.adoptToken(note.token, note.userId, note.expiresAt)
    if (note.invalidated)
      model[note.invalidated === 'expired' ? 'expireToken' : 'revokeToken'](note.token)
  }
  const stopTokens = model.onTokenInvalidated((token, invalidated) => {
    const note = tokens.get(token)
    if (!note || note.invalidated) return
    tokens.set(token, { ...note, invalidated })
    post(tokens.get(token)!)
  })
  // Controls pressed in a relaying tab act on the serving tab's server.
  const local = { ...controls }
  const apply = (key: keyof MockControls, args: unknown[]) =>
    (local[key] as (...a: unknown[]) => unknown)(...args)
  const stopFaults = backend.onFaultsChanged((state) => leader && post({ k: 'faults', state }))
  /** Take over the switches of the tab that served before: an outage only for what is left. */
  const adoptFaults = (state: Readonly<FaultState>) => {
    local.latency(state.latency)
    local.frames(state.frames)
    local.uploads(state.uploads)
    local.history(state.history)
    local.refuseAuth(state.refuseAuth)
    local.silence(state.silent)
    const outageLeftMs = state.outageUntil - Date.now()
    if (outageLeftMs > 0) local.outage(outageLeftMs)
  }
  for (const key of Object.keys(local) as (keyof MockControls)[]) {
    if (key === 'faults' || key === 'sessions') continue
    controls[key] = ((...args: unknown[]) => {
      if (leader) return apply(key, args)
      post({ k: 'control', name: key, args })
      return key === 'play' ? () => {} : undefined
    }) as never
  }
  controls.faults = () => (leader || !lastFaults ? local.faults() : structuredClone(lastFaults))

  channel.onmessage = async ({ data: note }: MessageEvent<Note>) => {
    switch (note.k) {
      case 'state':
        // Kept by every tab, ready to serve; a late one from the tab that served before still counts.
        return model.restore(note.snap)
      case 'token':
        return learnToken(note)
      case 'faults':
        // Only a serving tab sends them: one reaching this tab as it serves is the last word of the
        // tab that served before, late.
        return leader ? adoptFaults(note.state) : void (lastFaults = note.state)
      case 'down':
        return pipes.get(note.id)?.send(note.data as string)
      case 'close':
        return pipes.get(note.id)?.close(note.code, note.reason)
      case 'res': {
        const request = requests.get(note.rid)
        requests.delete(note.rid)
        return request?.resolve(new Response(note.body, note))
      }
      case 'leader':
        // Another tab serves now: tell it our tokens, then reconnect and resend to it.
        tokens.forEach(post)
        closePipes()
        return requests.forEach(({ note }) => post(note))
    }
    if (!leader) return
    switch (note.k) {
      case 'sync': {
        // A tab opened after the last change: the switches and everything since the seed.
        post({ k: 'faults', state: local.faults() })
        const snap = model.snapshot()
        return void (snap.conversations.length > 0 && post({ k: 'state', snap }))
      }
      case 'control':
        return void apply(note.name, note.args)
      case 'up':
        return remotes.get(note.id)?.message.forEach((listener) => listener({ data: note.data }))
      case 'gone':
        return closeRemote(note.id)
      case 'req': {
        const response = await serve(note)
        const { status } = response
        const body = await response.arrayBuffer()
        return post({ k: 'res', rid: note.rid, status, headers: [...response.headers], body })
      }
      case 'open': {
        const listeners: Listeners = { message: new Set(), close: new Set() }
        remotes.set(note.id, listeners)
        const { id } = note
        return backend.connect({
          id,
          // The socket's own URL: Salon reads the token and the role from it.
          ...(note.url !== undefined && { url: new URL(note.url) }),
          send: (data: unknown) => post({ k: 'down', id, data }),
          close(code?: number, reason?: string) {
            post({ k: 'close', id, ...(code && { code }), ...(reason && { reason }) })
            closeRemote(id)
          },
          addEventListener: (type: keyof Listeners, listener: never) =>
            listeners[type]?.add(listener),
        } as unknown as MockSocketClient)
      }
    }
  }

  const lead = () => {
    leader = true
    if (lastFaults) adoptFaults(lastFaults)
    settle()
    unwatch = model.onEvent(changed)
    // Everything once (some tab may have missed a change), then only what changes.
    changed()
    // A hidden tab may be discarded without a pagehide (mobile browsers do): send what changed now.
    globalThis.addEventListener?.('pagehide', flush)
    globalThis.document?.addEventListener('visibilitychange', onHidden)
    post({ k: 'leader' })
    closePipes()
    requests.forEach(({ note, resolve }) => void serve(note as never).then(resolve))
    requests.clear()
    return new Promise<void>((resolve) => (release = resolve))
  }
  if (!locks) settle()
  else {
    void locks.request(name, { ifAvailable: true }, (lock) => {
      if (lock) return lead()
      post({ k: 'sync' })
      settle()
      void locks.request(name, lead)
    })
  }

  const linkFor = (url: string) => links.get(url) ?? links.set(url, ws.link(url)).get(url)!
  const sockets = backend.socketUrls.map((url) =>
    linkFor(url).addEventListener('connection', ({ client }) => {
      if (leader) return backend.connect(client)
      const id = `${tab} ${client.id}`
      pipes.set(id, client)
      post({ k: 'open', id, url: client.url.href })
      client.addEventListener('message', ({ data }) => post({ k: 'up', id, data }))
      client.addEventListener('close', () => pipes.delete(id) && post({ k: 'gone', id }))
    }),
  )
  const apiUrl = backend.apiUrl
  const base = apiUrl?.startsWith('/') && typeof location === 'undefined' ? `*${apiUrl}` : apiUrl
  const rest = http.all(`${base}/*`, async ({ request }) => {
    if (leader) return getResponse(restHandlers, request)
    const note: Note = {
      k: 'req',
      rid: crypto.randomUUID(),
      method: request.method,
      url: request.url,
      headers: [...request.headers],
      body: await request.arrayBuffer(),
    }
    return new Promise<Response>((resolve) => {
      requests.set(note.rid, { note, resolve })
      post(note)
    })
  })

  return {
    handlers: apiUrl === undefined ? sockets : [...sockets, rest],
    ready,
    isLeader: () => leader,
    dispose() {
      if (leader && locks) flush()
      unwatch?.()
      stopTokens()
      stopFaults()
      clearTimeout(timer)
      globalThis.removeEventListener?.('pagehide', flush)
      globalThis.document?.removeEventListener('visibilitychange', onHidden)
      open = false
      channel.close()
      release?.()
      leader = false
      remotes.forEach((_, id) => closeRemote(id))
      closePipes()
      model.issueToken = issueToken
      Object.assign(controls, local)
    },
  }
}
