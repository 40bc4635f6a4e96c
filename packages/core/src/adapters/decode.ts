import { ParleyError } from '../errors'

/** Helpers every adapter needs to read untrusted frames without throwing. */
export type Frame = Record<string, unknown>
type Parsed = { ok: true; value: Frame } | { ok: false; error: ParleyError }

/** Parse one text frame into a plain object. JSON.parse never sets prototypes, so `__proto__` keys stay inert data. */
export function parseFrame(data: unknown): Parsed {
  const fail = (message: string, cause?: unknown): Parsed => ({
    ok: false,
    error: new ParleyError('protocol-error', message, { raw: data, cause }),
  })
  if (typeof data !== 'string') return fail('Binary frames are not part of this protocol')
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch (cause) {
    return fail('Frame is not valid JSON', cause)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('Frame is not a JSON object')
  return { ok: true, value: value as Frame }
}

export const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined
export const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined
/** Epoch ms from a number or an ISO string (naive ISO strings are read as UTC, as the seed servers mean them). */
export const time = (value: unknown): number | undefined => {
  if (typeof value === 'number') return num(value)
  if (typeof value !== 'string') return undefined
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`)
  return Number.isNaN(ms) ? undefined : ms
}
