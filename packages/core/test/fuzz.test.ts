import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConnection, ParleyError, type ProtocolEvent } from '../src'
import { nativeProtocol } from '../src/native'
import { FakeSocket } from './fakes'
import { seededRandom } from './prng'

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
