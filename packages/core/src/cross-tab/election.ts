/** The slice of `navigator.locks` (Web Locks) the election uses. */
export interface LockRequester {
  request(
    name: string,
    options: { signal?: AbortSignal },
    granted: () => Promise<void>,
  ): Promise<unknown>
}

/** What tabs tell each other about who leads; the shared socket adds its own notes beside these. */
export type ElectionNote = { t: 'hb' | 'bye' | 'claim'; from: string }

export interface Election {
  /** Every note heard on the channel, from other tabs. */
  hear(note: { t: string; from?: string }): void
  /** Called every heartbeat interval. */
  tick(): void
  /** Leave the election: release the lock, or stop claiming. Idempotent. */
  stop(): void
}

export interface ElectionEvents {
  won(): void
  /** Only the channel election can lose a leadership it held (two leaders met: the larger id yields). */
  lost(): void
}

/**
 * Web Locks: the holder leads until it stops or its tab dies (the browser releases the lock), and
 * the next waiting tab is granted it. No heartbeat is needed to detect a crash, so a hidden leader
 * whose timers the browser throttles to once a minute is never mistaken for a dead one.
 */
export function lockElection(locks: LockRequester, name: string, events: ElectionEvents): Election {
  const abort = new AbortController()
  let release: (() => void) | undefined
  let stopped = false
  locks
    .request(name, { signal: abort.signal }, () => {
      if (stopped) return Promise.resolve()
      events.won()
      return new Promise<void>((resolve) => (release = resolve))
    })
    .catch(() => {}) // AbortError: we left the queue before our turn came
  return {
    hear() {},
    tick() {},
    stop() {
      stopped = true
      if (release) release()
      else abort.abort()
    },
  }
}

/**
 * Without Web Locks (Node, old browsers): a tab that has heard no leader for `deadMs` claims the
 * lead, and takes it if nobody objected within `settleMs`. A leader objects to a claim with a
 * heartbeat; of two claimers, the smaller id wins (a claimer repeats its claim to a larger one that may have
 * missed it, so both hear both claims and agree). A
 * crashed leader is found by its missing heartbeats, a departing one says `bye` and is replaced
 * at once. Two leaders that meet anyway (a claim lost in a frozen tab) settle by id.
 */
export function channelElection(
  me: string,
  post: (note: ElectionNote) => void,
  events: ElectionEvents,
  { deadMs, settleMs }: { deadMs: number; settleMs: number },
): Election {
  let leading = false
  let claim: ReturnType<typeof setTimeout> | undefined
  let heardAt = Date.now()
  const startClaim = () => {
    if (leading || claim) return
    post({ t: 'claim', from: me })
    claim = setTimeout(() => {
      claim = undefined
      leading = true
      events.won()
    }, settleMs)
  }
  const defer = () => {
    clearTimeout(claim)
    claim = undefined
    heardAt = Date.now()
  }
  startClaim()
  return {
    hear({ t, from = '' }) {
      if (t === 'claim' && leading) post({ t: 'hb', from: me })
      else if (t === 'claim' && claim && from < me) defer()
      // A tab that opened its channel after our claim never heard it: say it again, it yields.
      else if (t === 'claim' && claim) post({ t: 'claim', from: me })
      else if (t === 'hb' && !leading) defer()
      else if (t === 'hb' && from < me) {
        leading = false
        defer()
        events.lost()
      } else if (t === 'hb')
        post({ t: 'hb', from: me }) // we win: tell the other leader now
      else if (t === 'bye' && !leading) startClaim()
    },
    tick() {
      if (!leading && Date.now() - heardAt > deadMs) startClaim()
    },
    stop() {
      clearTimeout(claim)
      claim = undefined
      leading = false
    },
  }
}
