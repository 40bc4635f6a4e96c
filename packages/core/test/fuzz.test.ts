import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createChatClient, createConnection, ParleyError, type ProtocolEvent } from '../src'
import { nativeProtocol } from '../src/native'
import { FakeSocket } from './fakes'
import { seededRandom } from './prng'
import { compareMessages } from '../src/timeline'

const SEED = Number(process.env.FUZZ_SEED ?? 20261121)
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 5_000)

function hostileFrames(random: () => number, count: number): unknown[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const types = [
    'welcome',
    'pong',
    'error',
    'message',
    'auth',
    '__proto__',
    'constructor',
    '',
    'WELCOME',
  ]
  const hostileValues = [
    null,
    true,
    0,
    -1,
    1e308,
    Number.MAX_SAFE_INTEGER,
    '',
    'x'.repeat(100_000),
    '<img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    '\u202e\u0000\ud800',
    [],
    {},
    { __proto__: { polluted: true } },
    [[[[[]]]]],
  ]
  const randomValue = (depth = 0): unknown => {
    const r = random()
    if (depth > 3 || r < 0.5) return pick(hostileValues)
    if (r < 0.75)
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1))
    return Object.fromEntries(
      Array.from({ length: Math.floor(random() * 4) }, () => [
        pick([
          'type',
          'userId',
          'heartbeatMs',
          '__proto__',
          'constructor',
          'prototype',
          'code',
          'message',
          'clientId',
          'conversationId',
          'id',
          'senderId',
          'body',
          'createdAt',
          'seq',
          'isTyping',
          'online',
          'messageId',
          'attachments',
        ]),
        randomValue(depth + 1),
      ]),
    )
  }
  const frames: unknown[] = []
  for (let i = 0; i < count; i++) {
    const r = random()
    if (r < 0.2) {
      // random bytes as text, including broken surrogates and control characters
      frames.push(
        String.fromCharCode(
          ...Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 0xffff)),
        ),
      )
    } else if (r < 0.3) {
      frames.push(pick([new ArrayBuffer(8), new Uint8Array([1, 2, 3]), undefined, null, 42, {}]))
    } else if (r < 0.35) {
      frames.push('['.repeat(20_000) + ']'.repeat(20_000)) // deep nesting
    } else if (r < 0.4) {
      frames.push(
        `{"type":"welcome","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`,
      )
    } else {
      const frame = {
        type: random() < 0.8 ? pick(types) : randomValue(),
        ...(randomValue() as object),
      }
      const text = JSON.stringify(frame) ?? 'null'
      frames.push(random() < 0.1 ? text.slice(0, Math.floor(random() * text.length)) : text)
    }
  }
  return frames
}

const isWellFormed = (event: ProtocolEvent): boolean => {
  switch (event.type) {
    case 'ready':
      return (
        (event.userId === undefined || typeof event.userId === 'string') &&
        (event.heartbeatMs === undefined ||
          (typeof event.heartbeatMs === 'number' && event.heartbeatMs > 0))
      )
    case 'pong':
      return true
    case 'server-error':
      return typeof event.code === 'string' && typeof event.message === 'string'
    case 'protocol-error':
      return event.error instanceof ParleyError
    case 'message':
    case 'ack':
      return (
        typeof event.message.id === 'string' &&
        typeof event.message.body === 'string' &&
        Number.isFinite(event.message.createdAt)
      )
    case 'send-failed':
      return event.error instanceof ParleyError && typeof event.clientId === 'string'
    case 'mutation-failed':
      return event.error instanceof ParleyError && typeof event.requestId === 'string'
    case 'typing':
    case 'receipt':
    case 'joined':
      return typeof event.conversationId === 'string'
    case 'presence':
      return typeof event.userId === 'string' && typeof event.online === 'boolean'
  }
}

describe(`fuzz: ${FRAMES} random and hostile frames (seed ${SEED})`, () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeSocket.instances = []
  })
  afterEach(() => vi.useRealTimers())

  it('decode never throws, yields only well-formed events, and keeps the raw frame of every error', () => {
    const frames = hostileFrames(seededRandom(SEED), FRAMES)
    let errors = 0
    for (const frame of frames) {
      const events = nativeProtocol.decode(frame)
      expect(Array.isArray(events)).toBe(true)
      for (const event of events) {
        if (!isWellFormed(event))
          throw new Error(`malformed event: ${JSON.stringify(event).slice(0, 300)}`)
        if (event.type === 'protocol-error') {
          errors += 1
          expect(event.raw).toBe(frame)
          expect(event.error.raw).toBe(frame)
        }
      }
    }
    expect(errors).toBeGreaterThan(FRAMES / 2)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('a live connection fed the same frames stays open and reports every one', async () => {
    const connection = createConnection({
      url: 'ws://x',
      protocol: nativeProtocol,
      WebSocket: FakeSocket,
      environment: null,
    })
    connection.connect()
    await vi.advanceTimersByTimeAsync(0)
    const socket = FakeSocket.last()
    socket.open()
    socket.welcome()
    let batches = 0
    connection.onEvents(() => (batches += 1))
    const frames = hostileFrames(seededRandom(SEED + 1), FRAMES)
    for (const frame of frames) expect(() => socket.receive(frame)).not.toThrow()
    expect(batches).toBe(frames.length)
    expect(connection.getSnapshot().status).toBe('open')
    connection.close()
  })
})

describe(`fuzz: a chat client fed ${FRAMES} well-formed-looking and hostile frames (seed ${SEED})`, () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeSocket.instances = []
  })
  afterEach(() => vi.useRealTimers())

  it('keeps every timeline ordered, deduplicated and consistent, and still sends', async () => {
    const random = seededRandom(SEED + 2)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
    const client = createChatClient({
      url: 'ws://x',
      protocol: nativeProtocol,
      WebSocket: FakeSocket,
      environment: null,
    })
    client.watch('c1')
    client.connect()
    await vi.advanceTimersByTimeAsync(0)
    const socket = FakeSocket.last()
    socket.open()
    socket.welcome()
    const own = Array.from(
      { length: 20 },
      (_, n) => client.send(pick(['c1', 'c2']), `own ${n}`).clientId!,
    )
    const hostileText = [
      '<script>alert(1)</script>',
      'x'.repeat(50_000),
      '\u202eevil',
      '',
      '{"type":"message"}',
    ]
    const message = () => ({
      id: `m${Math.floor(random() * 300)}`,
      conversationId: pick(['c1', 'c2', '__proto__', 'constructor']),
      senderId: pick(['u1', 'u2', '__proto__']),
      kind: pick(['text', 'image', 'bogus']),
      body: pick(hostileText),
      attachments: pick([[], [{ kind: 'image', url: 'javascript:alert(1)' }], 'nope', [null]]),
      createdAt: pick([Math.floor(random() * 1e12), '2026-11-21T10:00:00', 'not a date', -1]),
      seq: pick([Math.floor(random() * 300), undefined, -5, 1.5]),
      ...(random() < 0.3 && { deletedAt: 5, body: '' }),
      ...(random() < 0.3 && { editedAt: Math.floor(random() * 1e6) }),
    })
    for (let i = 0; i < FRAMES; i++) {
      const r = random()
      const frame =
        r < 0.4
          ? { type: 'message', message: message() }
          : r < 0.55
            ? { type: 'ack', clientId: pick([...own, 'unknown-client-id']), message: message() }
            : r < 0.65
              ? { type: 'error', code: 'nope', message: 'refused', clientId: pick(own) }
              : r < 0.75
                ? {
                    type: 'receipt',
                    conversationId: pick(['c1', 'c2']),
                    userId: 'u2',
                    messageId: `m${Math.floor(random() * 300)}`,
                  }
                : r < 0.85
                  ? {
                      type: 'typing',
                      conversationId: pick(['c1', '__proto__']),
                      userId: 'u2',
                      isTyping: random() < 0.5,
                    }
                  : {
                      type: pick(['presence', 'joined', 'welcome', 'x']),
                      userId: 'u2',
                      online: true,
                      conversationId: 'c1',
                      seq: 3,
                    }
      socket.receive(random() < 0.05 ? JSON.stringify(frame).slice(0, 30) : JSON.stringify(frame))
      if (i % 97 === 0) await vi.advanceTimersByTimeAsync(20)
    }
    await vi.advanceTimersByTimeAsync(20)

    const state = client.getSnapshot()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    for (const [conversationId, timeline] of Object.entries(state.timelines)) {
      const ids = timeline.map((m) => m.id)
      expect(new Set(ids).size).toBe(ids.length)
      const clientIds = timeline.flatMap((m) => (m.clientId ? [m.clientId] : []))
      expect(new Set(clientIds).size).toBe(clientIds.length)
      // One consistent order (time, then seq, then id), pending sends where they were sent.
      for (const [a, b] of timeline.slice(1).map((m, i) => [timeline[i]!, m] as const))
        expect(compareMessages(a, b)).toBeLessThanOrEqual(0)
      for (const m of timeline) {
        expect(m.conversationId).toBe(conversationId)
        expect(typeof m.body).toBe('string')
        expect(Number.isFinite(m.createdAt)).toBe(true)
      }
    }
    const allClientIds = Object.values(state.timelines).flatMap((t) =>
      t.flatMap((m) => (m.clientId ? [m.clientId] : [])),
    )
    expect(new Set(allClientIds).size).toBe(allClientIds.length) // one send is one message, across conversations too
    const fresh = client.send('c1', 'still works')
    expect(client.getSnapshot().timelines.c1?.at(-1)).toMatchObject({
      clientId: fresh.clientId,
      status: 'sending',
    })
    client.close()
    expect(vi.getTimerCount()).toBe(0)
  })
})
