import type { ChatEvent, ChatModel } from './chat-model'
import { pick } from './prng'
import { DIEGO, MAYA } from './seed'
import type { UserRole } from './session-model'

export interface SimulationOptions {
  /** How long a simulated person takes to read a message sent to them (default 900 ms). */
  readAfterMs?: number
  /** How long they type before their reply arrives (default 1,800 ms). */
  typingMs?: number
  /** Every this often one simulated person comes online or goes offline; 0 never (default 20 s). */
  presenceEveryMs?: number
}

export interface Simulation {
  stop(): void
}

const REPLIES: Record<UserRole, string[]> = {
  trainer: MAYA,
  client: DIEGO.map((line) => line.replace('{n}', '5')),
  member: ["I'm in!", 'Same here', '😂', 'See you all tomorrow'],
  staff: ["Of course! I've noted that.", 'We have a slot at 10:30, would that work?'],
  customer: ['Thank you!', 'Perfect, see you then.'],
}

/**
 * The other people in a conversation, played by the server, so one person alone in the demo sees
 * a live chat: they read what was sent (receipts), type, reply, and come and go (presence).
 * Anyone with a live session is a real person and is never played.
 */
export function startSimulation(
  model: ChatModel,
  isLive: (userId: string) => boolean,
  random: () => number,
  options: SimulationOptions = {},
): Simulation {
  const readAfterMs = options.readAfterMs ?? 900
  const typingMs = options.typingMs ?? 1_800
  const presenceEveryMs = options.presenceEveryMs ?? 20_000
  const timers = new Set<ReturnType<typeof setTimeout>>()
  /** Per conversation, the reply on its way. */
  const pending = new Map<
    string,
    { replier: string; typing: boolean; timer: ReturnType<typeof setTimeout> }
  >()
  const online = new Set<string>()
  let replies = 0

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => (timers.delete(timer), run()), ms * (0.75 + random() / 2))
    timers.add(timer)
    return timer
  }
  const setOnline = (userId: string, on: boolean) => {
    if (online.has(userId) === on) return
    if (on) online.add(userId)
    else online.delete(userId)
    model.setOnline(userId, on)
  }
  const played = () => model.users.filter((user) => !isLive(user.id))

  const react = (event: ChatEvent) => {
    if (event.type !== 'message' || event.change !== 'new' || !isLive(event.message.senderId))
      return
    const { conversationId, id } = event.message
    const others = model.participantIds(conversationId).filter((userId) => !isLive(userId))
    if (others.length === 0) return
    // One reply to a burst: a new message restarts the wait (and stops any typing).
    const before = pending.get(conversationId)
    if (before) {
      clearTimeout(before.timer)
      if (before.typing) model.typing(before.replier, conversationId, false)
    }
    const replier = before?.replier ?? pick(random, others)
    for (const userId of others) {
      later(readAfterMs, () => {
        setOnline(userId, true)
        model.markRead(userId, conversationId, id)
      })
    }
    const reply = {
      replier,
      typing: false,
      timer: later(readAfterMs * 1.5, () => {
        reply.typing = true
        model.typing(replier, conversationId, true)
        reply.timer = later(typingMs, () => {
          pending.delete(conversationId)
          model.typing(replier, conversationId, false)
          model.send(replier, {
            conversationId,
            clientId: `sim-${++replies}`,
            body: pick(random, REPLIES[model.user(replier)?.role ?? 'member']),
          })
        })
      }),
    }
    pending.set(conversationId, reply)
  }
  const stopListening = model.onEvent(react)

  // Half of the simulated people start online; every so often one of them comes or goes.
  for (const user of played()) if (random() < 0.5) setOnline(user.id, true)
  const flip = () => {
    const candidates = played()
    if (candidates.length > 0) {
      const user = pick(random, candidates)
      setOnline(user.id, !online.has(user.id))
    }
    later(presenceEveryMs, flip)
  }
  if (presenceEveryMs > 0) later(presenceEveryMs, flip)

  return {
    stop() {
      stopListening()
      timers.forEach(clearTimeout)
      timers.clear()
      pending.clear()
      online.forEach((userId) => setOnline(userId, false))
    },
  }
}
