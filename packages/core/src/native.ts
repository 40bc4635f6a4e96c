import { ParleyError } from './errors'
import type { ProtocolAdapter, ProtocolEvent } from './protocol'

/** Close codes of the native protocol (see PROTOCOL.md). */
export const NativeCloseCode = {
  /** The token is missing, malformed, expired or revoked. */
  Unauthorized: 4401,
  /** No auth frame arrived in time. */
  AuthTimeout: 4408,
  /** The client broke the protocol badly enough to be dropped. */
  ProtocolViolation: 4400,
} as const

const AUTH_CLOSE_CODES = new Set<number>([NativeCloseCode.Unauthorized, 1008, 4001, 4003, 4403])

/** Parse JSON without letting `__proto__`/`constructor` keys reach any object we build later. */
export function parseFrame(
  data: unknown,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: ParleyError } {
  if (typeof data !== 'string') {
    return {
      ok: false,
      error: new ParleyError('unsupported-frame', 'Binary frames are not part of this protocol', {
        raw: data,
      }),
    }
  }
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch (cause) {
    return {
      ok: false,
      error: new ParleyError('protocol-error', 'Frame is not valid JSON', { raw: data, cause }),
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      error: new ParleyError('protocol-error', 'Frame is not a JSON object', { raw: data }),
    }
  }
  return { ok: true, value: value as Record<string, unknown> }
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined

function decodeNative(data: unknown): ProtocolEvent[] {
  const parsed = parseFrame(data)
  if (!parsed.ok) return [{ type: 'protocol-error', error: parsed.error, raw: data }]
  const frame = parsed.value
  switch (frame.type) {
    case 'welcome': {
      const userId = str(frame.userId)
      // A hostile or buggy server must not be able to set a 0 ms (busy) or negative heartbeat.
      const heartbeatMs = num(frame.heartbeatMs)
      const sane = heartbeatMs !== undefined && heartbeatMs >= 1_000 && heartbeatMs <= 600_000
      return [{ type: 'ready', ...(userId && { userId }), ...(sane && { heartbeatMs }) }]
    }
    case 'pong':
      return [{ type: 'pong' }]
    case 'error':
      return [
        {
          type: 'server-error',
          code: str(frame.code) ?? 'unknown',
          message: str(frame.message) ?? 'Server error',
        },
      ]
    default:
      return [
        {
          type: 'protocol-error',
          error: new ParleyError(
            'protocol-error',
            `Unknown frame type ${JSON.stringify(String(frame.type)).slice(0, 80)}`,
            { raw: data },
          ),
          raw: data,
        },
      ]
  }
}

/**
 * Parley's own protocol: the token travels in the first frame (never in the URL, where it would
 * land in proxy logs), the server answers `welcome`, and `ping`/`pong` keep the line honest.
 */
export const nativeProtocol: ProtocolAdapter = {
  name: 'parley',
  socketUrl: ({ url }) => url,
  openingFrames: ({ token }) => [JSON.stringify({ type: 'auth', token: token ?? null })],
  awaitsReady: true,
  decode: decodeNative,
  ping: (now) => JSON.stringify({ type: 'ping', ts: now }),
  classifyClose: (code) => (AUTH_CLOSE_CODES.has(code) ? 'auth' : 'retry'),
}
