import type { SocketConstructor, SocketLike } from '../connection'
import {
  channelElection,
  lockElection,
  type Election,
  type ElectionNote,
  type LockRequester,
} from './election'

/** The slice of `BroadcastChannel` used; Node 20 and every browser have it. */
export interface ChannelLike {
  postMessage(message: unknown): void
  close(): void
  onmessage: ((event: MessageEvent) => void) | null
}

export interface SharedSocketOptions {
  /**
   * Names the identity and the server: tabs with the same key share one socket, e.g.
   * `salon:user:7@wss://salon.example/ws`. Not the URL alone: a token in the query would differ per tab.
   */
  key: string
  /** The real socket; defaults to `globalThis.WebSocket`, looked up when one is opened. */
  WebSocket?: SocketConstructor
  /** Defaults to `globalThis.BroadcastChannel`. */
  BroadcastChannel?: new (name: string) => ChannelLike
  /** Web Locks elect the leader; defaults to `navigator.locks`. `null`, or none: a channel election. */
  locks?: LockRequester | null
  /**
   * How many of the frames a follower's engine sends inside `onopen` are its opening frames (not
   * forwarded: the leader's socket is already authenticated). Default: all of them, right for every
   * dialect that waits for a greeting (`awaitsReady`) before it joins. A dialect that is open at
   * once sends its joins inside `onopen` too, and must give its opening frame count here.
   */
  openingFrames?: number
  /** The leader's heartbeat on the channel (default 1 s). */
  heartbeatMs?: number
  /** Without Web Locks, a leader silent this long is presumed dead (default 3 heartbeats). */
  leaderTimeoutMs?: number
}

type Note =
  | ElectionNote
  | { t: 'attach' | 'detach'; sid: string }
  | { t: 'opened'; from: string; conn: string; to: string[]; greeting: unknown[] }
  | { t: 'frame'; from: string; conn: string; data: unknown }
  | { t: 'closed'; from: string; conn: string; to: string[]; code: number; reason: string }
  | { t: 'send'; conn: string; data: string }

/** A socket handed to an engine: hosting the real one, following the leader's, or waiting for either. */
interface TabSocket extends SocketLike {
  readonly id: string
  readonly url: string
  readyState: number
  mode: 'wait' | 'host' | 'follow'
  /** The real socket's session this socket belongs to (host and follow). */
  conn?: string
  /** The leader tab a follower follows. */
  leader?: string
  real?: SocketLike | undefined
  /** Opening frames still expected while inside `onopen`; undefined outside it. */
  opening?: number | undefined
}

const OPEN = 1
const CLOSED = 3
/** At most this many server frames are kept as the greeting a later follower receives. */
const GREETING_MAX = 8
const id = () => crypto.randomUUID()
/** Looked up when a socket opens, not at import: MSW and polyfills install theirs later. */
const realSocket = (o: SharedSocketOptions) =>
  o.WebSocket ?? (globalThis as { WebSocket?: SocketConstructor }).WebSocket!

/**
 * One socket per identity across the tabs of a browser, as a drop-in `WebSocket` for the
 * connection: `createChatClient({ …, WebSocket: createSharedSocket({ key }) })`.
 *
 * The leader tab's engine gets the real socket; every frame the server sends is also broadcast
 * to the other tabs, and their engines' frames are forwarded to it. A follower's engine sees an
 * ordinary socket: `onopen` when the leader's socket is open, then the greeting frames that
 * socket received, every later server frame, and `onclose` when the leader's socket closes or the
 * leader goes away. Then its engine reconnects as usual, and the tabs elect a new leader.
 *
 * The greeting: the frames the server sent after the socket opened and before the leader's engine
 * (or a follower's, through it) sent a frame other than its opening frames; at most 8. An engine
 * speaks past its opening frames only once the greeting told it the session is ready (or at once,
 * for a dialect with no greeting), so this catches the greeting without decoding any dialect, and
 * a follower replays exactly what made the leader's engine ready.
 *
 * One engine per returned constructor (one client per tab and key). The tab leaves the election,
 * closing its channel and timers, when its engine's socket closes and no new one follows at once.
 */
export function createSharedSocket(options: SharedSocketOptions): SocketConstructor {
  let hub: ReturnType<typeof createHub> | undefined
  return function SharedSocket(url: string) {
    // Nowhere to share (an old browser, a worker without channels): an ordinary socket per tab.
    if (!(options.BroadcastChannel ?? globalThis.BroadcastChannel))
      return new (realSocket(options))(url)
    hub ??= createHub(options, () => (hub = undefined))
    return hub.open(url)
  } as unknown as SocketConstructor
}

function createHub(o: SharedSocketOptions, done: () => void) {
  const me = id()
  const hbMs = o.heartbeatMs ?? 1_000
  const Channel = o.BroadcastChannel ?? globalThis.BroadcastChannel
  const channel = new Channel(`parley-socket:${o.key}`)
  const post = (note: Note) => channel.postMessage(note)
  const locks = o.locks === undefined ? globalThis.navigator?.locks : o.locks
  const sockets = new Set<TabSocket>()
  /** In the leader: followers' sockets waiting for the real one to open. */
  const pending = new Set<string>()
  let leading = false
  let host: TabSocket | undefined
  let greeting: unknown[] = []
  let collecting = false
  let leaderId: string | undefined
  let disposeTimer: ReturnType<typeof setTimeout> | undefined

  /** Close one of this tab's sockets; `notify`: tell its engine (not when the engine asked). */
  const fail = (s: TabSocket, code: number, reason: string, notify = true) => {
    if (s.readyState === CLOSED) return
    if (s.real) {
      const real = s.real
      s.real = undefined
      real.onopen = real.onmessage = real.onclose = null
      try {
        real.close()
      } catch {
        // A socket closed while connecting may throw; it is gone either way.
      }
      hostGone(code, reason)
    }
    forget(s)
    if (notify) s.onclose?.({ code, reason })
  }
  const forget = (s: TabSocket) => {
    s.readyState = CLOSED
    if (s.mode === 'wait') post({ t: 'detach', sid: s.id })
    sockets.delete(s)
    if (!sockets.size) disposeTimer ??= setTimeout(dispose, 0)
  }
  /** The real socket is gone: its followers, and those waiting for it, must reconnect. */
  const hostGone = (code: number, reason: string) => {
    if (!host) return
    post({ t: 'closed', from: me, conn: host.conn!, to: [...pending], code, reason })
    pending.clear()
    host = undefined
  }
  const announce = (to: string[]) => {
    if (!host || host.readyState !== OPEN || !to.length) return
    to.forEach((sid) => pending.delete(sid))
    post({ t: 'opened', from: me, conn: host.conn!, to, greeting })
  }

  /** Open the real socket for this tab's engine. */
  const hostFor = (s: TabSocket) => {
    const real = new (realSocket(o))(s.url)
    Object.assign(s, { mode: 'host', conn: id(), real })
    host = s
    greeting = []
    collecting = true
    real.onopen = (event) => {
      s.readyState = OPEN
      opened(s, event)
      announce([...pending])
    }
    real.onmessage = (event) => {
      if (collecting && greeting.push(event.data) >= GREETING_MAX) collecting = false
      post({ t: 'frame', from: me, conn: s.conn!, data: event.data })
      s.onmessage?.(event)
    }
    real.onclose = ({ code, reason }) => {
      s.real = undefined
      hostGone(code, reason)
      forget(s)
      s.onclose?.({ code, reason })
    }
    real.onerror = (event) => s.onerror?.(event)
  }
  const opened = (s: TabSocket, event: unknown) => {
    s.opening = o.openingFrames ?? Infinity
    try {
      s.onopen?.(event)
    } finally {
      s.opening = undefined
    }
  }
  const follow = (s: TabSocket, note: Extract<Note, { t: 'opened' }>) => {
    Object.assign(s, { mode: 'follow', conn: note.conn, leader: note.from, readyState: OPEN })
    opened(s, {})
    for (const data of note.greeting) if (s.readyState === OPEN) s.onmessage?.({ data })
  }
  /** Sends from this tab's engine: opening frames stay here, the rest reach the real socket. */
  const send = (s: TabSocket, data: string) => {
    const opening = s.opening !== undefined && s.opening-- > 0
    if (s.mode === 'host') {
      if (!opening) collecting = false
      s.real?.send(data)
    } else if (s.mode === 'follow' && !opening && s.readyState === OPEN) {
      post({ t: 'send', conn: s.conn!, data })
    }
  }

  const won = () => {
    leading = true
    post({ t: 'hb', from: me })
    // A socket following the old leader follows nobody now; one still waiting hosts.
    for (const s of sockets) {
      if (s.mode === 'follow') fail(s, 1006, 'leader gone')
      else if (s.mode === 'wait') {
        try {
          hostFor(s)
        } catch {
          fail(s, 1006, 'could not open a socket')
        }
      }
    }
  }
  const lost = () => {
    leading = false
    pending.clear()
    if (host) fail(host, 1001, 'leader changed')
  }
  const election: Election = locks
    ? lockElection(locks, `parley-socket:${o.key}`, { won, lost })
    : channelElection(
        me,
        post,
        { won, lost },
        {
          deadMs: o.leaderTimeoutMs ?? 3 * hbMs,
          settleMs: Math.min(150, hbMs),
        },
      )

  /** A leader other than the one a follower follows means that one is gone. */
  const heardLeader = (from: string) => {
    leaderId = from
    for (const s of sockets) {
      if (s.mode === 'follow' && s.leader !== from) fail(s, 1006, 'leader gone')
      if (s.mode === 'wait') post({ t: 'attach', sid: s.id })
    }
  }
  channel.onmessage = ({ data }: MessageEvent<Note>) => {
    election.hear(data)
    const mine = (s: TabSocket) => 'conn' in data && s.mode === 'follow' && s.conn === data.conn
    if (leading) {
      if (data.t === 'attach') {
        pending.add(data.sid)
        announce([data.sid])
      }
      if (data.t === 'detach') pending.delete(data.sid)
      if (data.t === 'send' && host?.conn === data.conn && host.real?.readyState === OPEN) {
        collecting = false // a follower speaks once greeted: the greeting is over
        host.real.send(data.data)
      }
      return
    }
    if (data.t === 'hb' && data.from !== leaderId) heardLeader(data.from)
    if (data.t === 'bye' && data.from === leaderId) leaderId = undefined
    for (const s of [...sockets]) {
      if (data.t === 'bye' && s.leader === data.from) fail(s, 1001, 'leader left')
      if (data.t === 'opened' && s.mode === 'wait' && data.to.includes(s.id)) follow(s, data)
      if (data.t === 'frame' && mine(s)) s.onmessage?.({ data: data.data })
      if (data.t === 'closed' && (mine(s) || (s.mode === 'wait' && data.to.includes(s.id))))
        fail(s, data.code, data.reason)
    }
  }
  const ticker = setInterval(() => {
    if (leading) post({ t: 'hb', from: me })
    election.tick()
  }, hbMs)

  function dispose() {
    disposeTimer = undefined
    if (sockets.size) return
    election.stop()
    if (leading) post({ t: 'bye', from: me })
    clearInterval(ticker)
    channel.close()
    done()
  }

  return {
    open(url: string): SocketLike {
      clearTimeout(disposeTimer)
      disposeTimer = undefined
      const s: TabSocket = {
        id: id(),
        url,
        mode: 'wait',
        readyState: 0,
        onopen: null,
        onmessage: null,
        onerror: null,
        onclose: null,
        send: (data) => send(s, data),
        close: (code = 1000, reason = '') => {
          if (s.readyState === CLOSED) return
          // Followers reconnect whatever code this engine closed with: it closed, the server did not.
          fail(s, 1001, 'leader closed', false)
          queueMicrotask(() => s.onclose?.({ code, reason }))
        },
      } as TabSocket
      sockets.add(s)
      try {
        if (leading) hostFor(s)
      } catch (error) {
        forget(s)
        throw error // as `new WebSocket` does: the engine retries
      }
      if (!leading) post({ t: 'attach', sid: s.id })
      return s
    },
  }
}
