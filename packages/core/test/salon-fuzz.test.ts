import { describe, expect, it } from 'vitest'
import { ParleyError, type ProtocolEvent } from '../src'
import { isPending } from '../src/model'
import { createSalonProtocol } from '../src/salon'
import { seededRandom } from './prng'
import { inChat, salonClient, salonWorld, timeline, waitFor } from './salon-fixtures'

const SEED = Number(process.env.FUZZ_SEED ?? 20261202)
const adapter = createSalonProtocol({ apiUrl: 'https://api.salon.test/api/v1/chat', role: 'user' })

const TYPES = [
  'connected',
  'message',
  'typing',
  'read_receipt',
  'user_joined',
  'user_left',
  'pong',
  'error',
]
const HOSTILE = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  NaN,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  '7',
  '-7',
  '1e3',
  ' 7',
  'x'.repeat(10_000),
  '<img src=x onerror=alert(1)>',
  '\u202e\u0000\ud800',
  [],
  {},
  [[[]]],
  '2026-13-45T99:99:99',
]
const KEYS = [
  'type',
  'chat_id',
  'message',
  'participant_type',
  'participant_id',
  'is_typing',
  'message_id',
  'reader_type',
  'reader_id',
  'error',
  'data',
  'id',
  'sender_type',
  'sender_id',
  'content',
  'message_type',
  'created_at',
  'reply_to_message_id',
  'media_url',
  'is_deleted',
  'is_edited',
  '__proto__',
]
/** A valid example of each frame, to be broken field by field. */
const VALID: Record<string, Record<string, unknown>> = {
  connected: { type: 'connected', participant_type: 'user', participant_id: 7 },
  message: {
    type: 'message',
    chat_id: 1,
    message: {
      id: 1,
      chat_id: 1,
      sender_type: 'user',
      sender_id: 7,
      message_type: 'text',
      content: 'hi',
      created_at: '2026-01-09T10:30:00',
    },
  },
  typing: {
    type: 'typing',
    chat_id: 1,
    participant_type: 'customer',
    participant_id: 7,
    is_typing: true,
  },
  read_receipt: {
    type: 'read_receipt',
    chat_id: 1,
    message_id: 1,
    reader_type: 'customer',
    reader_id: 7,
  },
  error: { type: 'error', error: 'nope' },
}

function hostileFrames(random: () => number, count: number): unknown[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const value = (depth = 0): unknown => {
    const r = random()
    if (depth > 2 || r < 0.6) return pick(HOSTILE)
    if (r < 0.7) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1))
    return Object.fromEntries(
      Array.from({ length: Math.floor(random() * 5) }, () => [pick(KEYS), value(depth + 1)]),
    )
  }
  const breakOne = (frame: Record<string, unknown>): Record<string, unknown> => {
    const copy = structuredClone(frame)
    const target = copy.message && random() < 0.5 ? (copy.message as Record<string, unknown>) : copy
    const key = pick(Object.keys(target))
    if (random() < 0.3) delete target[key]
    else target[key] = value()
    return copy
  }
  return Array.from({ length: count }, () => {
    const r = random()
    const base = VALID[pick(Object.keys(VALID))]!
    if (r < 0.4) return JSON.stringify(breakOne(base)) // a real frame with one field broken
    if (r < 0.6) return JSON.stringify({ type: pick(TYPES), ...(value() as object) })
    if (r < 0.75) return JSON.stringify(base).slice(0, Math.floor(random() * 40)) // cut mid-frame
    if (r < 0.85) return JSON.stringify(value())
    return pick([new Uint8Array([1, 2, 3]), new ArrayBuffer(4), undefined, null, 42, {}, '\u0000'])
  })
}

const ID = /^\d+$/
const WHO = /^[^:]+:\d+$/

/** Every decoded event must be well typed: the core trusts adapters' events. */
function checkEvent(event: ProtocolEvent) {
  switch (event.type) {
    case 'protocol-error':
      expect(event.error).toBeInstanceOf(ParleyError)
      expect(event.error.code).toBe('protocol-error')
      break
    case 'message':
      expect(event.message.id).toMatch(ID)
      expect(event.message.conversationId).toMatch(ID)
      expect(event.message.senderId).toMatch(WHO)
      expect(typeof event.message.body).toBe('string')
      expect(Math.abs(event.message.createdAt)).toBeLessThanOrEqual(8.64e15) // a real Date
      break
    case 'typing':
    case 'receipt':
      expect(event.conversationId).toMatch(ID)
      expect(event.userId).toMatch(WHO)
      break
    case 'ready':
      if (event.userId !== undefined) expect(event.userId).toMatch(WHO)
      break
    case 'server-error':
      expect(typeof event.message).toBe('string')
      break
    case 'presence':
    case 'pong':
      break
    default:
      throw new Error(`unexpected event ${event.type}`)
  }
}

describe(`Salon hostile frames (seed ${SEED})`, () => {
  it('decodes a few hundred random, broken and partial frames without throwing, each event well typed', () => {
    const frames = hostileFrames(seededRandom(SEED), 600)
    let protocolErrors = 0
    for (const data of frames) {
      const events = adapter.decode(data)
      expect(Array.isArray(events)).toBe(true)
      events.forEach(checkEvent)
      protocolErrors += events.filter((e) => e.type === 'protocol-error').length
    }
    expect(protocolErrors).toBeGreaterThan(200) // most of them are broken, and say so
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('never encodes a hostile id into a frame that would join the wrong room', () => {
    const random = seededRandom(SEED + 1)
    for (const data of hostileFrames(random, 300)) {
      const id = typeof data === 'string' ? data.slice(0, 12) : String(data)
      const frame = adapter.encode({ type: 'join', conversationId: id })
      if (frame !== undefined) expect(JSON.parse(frame).chat_id).toBe(Number(id))
      if (frame !== undefined) expect(id).toMatch(/^\d+$/)
    }
  })

  it('a live client survives garbage from the server and keeps chatting', async () => {
    const { server, chat } = await salonWorld()
    const sam = salonClient(server, 'customer', 'sam-token')
    const errors: ProtocolEvent[] = []
    sam.onEvent((e) => e.type === 'protocol-error' && errors.push(e))
    await inChat(server, chat, sam)
    for (const data of hostileFrames(seededRandom(SEED + 2), 200))
      if (typeof data === 'string' || data instanceof Uint8Array) server.broadcastRaw(data)
    sam.send(chat, 'still here')
    await waitFor(
      () => timeline(sam, chat).some((m) => m.body === 'still here' && !isPending(m)),
      5_000,
      'echo',
    )
    expect(errors.length).toBeGreaterThan(50)
    expect(sam.getSnapshot().connection.status).toBe('open')
  })
})
