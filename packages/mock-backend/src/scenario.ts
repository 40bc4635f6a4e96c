import type { FrameFaultRates } from './delivery-lane'

export type { FrameFaultRates } from './delivery-lane'

/** Extra delay per frame, each direction; jitter adds a uniform pick in [0, jitterMs). */
export interface LatencySettings {
  toClientMs: number
  toServerMs: number
  jitterMs: number
}

/** A REST resource that answers late (`delayMs`) or fails a fraction of requests with 503. */
export interface RestFault {
  delayMs: number
  failRate: number
}

export interface FrameFaults {
  toClient: FrameFaultRates
  toServer: FrameFaultRates
}

/** A fault that happens `atMs` after the scenario starts. */
export type ScenarioEvent =
  | { action: 'outage'; atMs: number; forMs: number }
  | { action: 'silence'; atMs: number; forMs?: number }
  | { action: 'refuse-auth'; atMs: number; forMs?: number }
  | { action: 'disconnect'; atMs: number; code?: number }
  | { action: 'expire-tokens'; atMs: number }

export interface Scenario {
  latency: LatencySettings
  /** Present only when a part sets them, so a plain latency scenario stays `{ latency, events }`. */
  frames?: FrameFaults
  uploads?: RestFault
  history?: RestFault
  /** In the order they were written; `play` schedules each on its own clock. */
  events: ScenarioEvent[]
}

export type ScenarioErrorCode = 'unknown-part' | 'invalid-value' | 'duplicate-setting'

/** Thrown by `parseScenario`: QA pastes these strings by hand, so say which part was wrong. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError'
  constructor(
    readonly code: ScenarioErrorCode,
    readonly part: string,
    message: string,
  ) {
    super(message)
  }
}

type Action = ScenarioEvent['action']
type ArgumentKind = 'duration' | 'optional-duration' | 'optional-close-code' | 'none'

const ACTIONS: Record<Action, ArgumentKind> = {
  outage: 'duration',
  silence: 'optional-duration',
  'refuse-auth': 'optional-duration',
  disconnect: 'optional-close-code',
  'expire-tokens': 'none',
}
type Group = 'latency' | 'toClient' | 'toServer' | 'uploads' | 'history'
type Value = 'duration' | 'fraction' | 'optional-fraction'
type Setting = [Value, ...[Group, string][]]
const frameSetting = (key: keyof FrameFaultRates): Record<string, Setting> => ({
  [key]: ['fraction', ['toClient', key], ['toServer', key]],
  [`${key}-down`]: ['fraction', ['toClient', key]],
  [`${key}-up`]: ['fraction', ['toServer', key]],
})
/** Settings: what each name sets, and the value it takes. */
const SETTINGS: Record<string, Setting> = {
  latency: ['duration', ['latency', 'toClientMs'], ['latency', 'toServerMs']],
  'latency-down': ['duration', ['latency', 'toClientMs']],
  'latency-up': ['duration', ['latency', 'toServerMs']],
  jitter: ['duration', ['latency', 'jitterMs']],
  ...frameSetting('drop'),
  ...frameSetting('duplicate'),
  ...frameSetting('reorder'),
  'slow-uploads': ['duration', ['uploads', 'delayMs']],
  'fail-uploads': ['optional-fraction', ['uploads', 'failRate']],
  'slow-history': ['duration', ['history', 'delayMs']],
  'fail-history': ['optional-fraction', ['history', 'failRate']],
}

const isAction = (name: string): name is Action => Object.hasOwn(ACTIONS, name)

function parseDuration(text: string | undefined, part: string): number {
  const match = /^(\d+)(ms|s)?$/.exec(text ?? '')
  if (!match)
    throw new ScenarioError(
      'invalid-value',
      part,
      `"${part}": expected a duration like 250, 250ms or 5s`,
    )
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1)
}

function parseFraction(text: string | undefined, part: string): number {
  const match = /^(\d*\.?\d+)(%)?$/.exec(text ?? '')
  const value = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN
  if (!(value >= 0 && value <= 1))
    throw new ScenarioError('invalid-value', part, `"${part}": expected a fraction like 0.1 or 10%`)
  return value
}

const noFrames = (): FrameFaultRates => ({ drop: 0, duplicate: 0, reorder: 0 })
const noRestFault = (): RestFault => ({ delayMs: 0, failRate: 0 })

/** The object a setting writes into, created on first use. */
function target(scenario: Scenario, group: Group): Record<string, number> {
  if (group === 'latency') return scenario.latency as unknown as Record<string, number>
  if (group === 'uploads' || group === 'history')
    return (scenario[group] ??= noRestFault()) as unknown as Record<string, number>
  scenario.frames ??= { toClient: noFrames(), toServer: noFrames() }
  return scenario.frames[group] as unknown as Record<string, number>
}

function parseCloseCode(text: string, part: string): number {
  const code = /^\d{4}$/.test(text) ? Number(text) : NaN
  if (!(code >= 1000 && code <= 4999))
    throw new ScenarioError('invalid-value', part, `"${part}": expected a close code 1000–4999`)
  return code
}

function parseEvent(action: Action, atMs: number, args: string[], part: string): ScenarioEvent {
  const kind = ACTIONS[action]
  const maxArgs = kind === 'none' ? 0 : 1
  if (args.length > maxArgs || (kind === 'duration' && args.length === 0)) {
    throw new ScenarioError(
      'invalid-value',
      part,
      `"${part}": wrong number of values for ${action}`,
    )
  }
  const [arg] = args
  switch (action) {
    case 'outage':
      return { action, atMs, forMs: parseDuration(arg, part) }
    case 'silence':
    case 'refuse-auth':
      return arg === undefined
        ? { action, atMs }
        : { action, atMs, forMs: parseDuration(arg, part) }
    case 'disconnect':
      return arg === undefined
        ? { action, atMs }
        : { action, atMs, code: parseCloseCode(arg, part) }
    case 'expire-tokens':
      return { action, atMs }
  }
}

/**
 * Parse `?scenario=` text such as `latency:200,outage-at:10s:5s`. The grammar is in the README;
 * anything it does not know is an error rather than silently ignored, so a typo never passes
 * for a healthy run.
 */
export function parseScenario(text: string): Scenario {
  const scenario: Scenario = { latency: { toClientMs: 0, toServerMs: 0, jitterMs: 0 }, events: [] }
  const seen = new Set<string>()
  for (const part of text.split(',').map((raw) => raw.trim())) {
    if (part === '' && text.trim() === '') continue
    const [name = '', ...args] = part.split(':')
    const setting = Object.hasOwn(SETTINGS, name) ? SETTINGS[name] : undefined
    if (setting) {
      const [kind, ...fields] = setting
      if (args.length > 1 || (args.length === 0 && kind !== 'optional-fraction'))
        throw new ScenarioError('invalid-value', part, `"${part}": ${name} takes one value`)
      const value =
        kind === 'duration'
          ? parseDuration(args[0], part)
          : args.length === 0
            ? 1
            : parseFraction(args[0], part)
      for (const [group, key] of fields) {
        if (seen.has(`${group}.${key}`))
          throw new ScenarioError('duplicate-setting', part, `"${part}": ${key} is set twice`)
        seen.add(`${group}.${key}`)
        target(scenario, group)[key] = value
      }
    } else if (isAction(name)) {
      scenario.events.push(parseEvent(name, 0, args, part))
    } else if (name.endsWith('-at') && isAction(name.slice(0, -3))) {
      const [at, ...rest] = args
      scenario.events.push(
        parseEvent(name.slice(0, -3) as Action, parseDuration(at, part), rest, part),
      )
    } else {
      throw new ScenarioError('unknown-part', part, `Unknown scenario part "${part}"`)
    }
  }
  return scenario
}

const formatDuration = (ms: number) => (ms > 0 && ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`)

function formatEvent(event: ScenarioEvent): string {
  const head = event.atMs === 0 ? event.action : `${event.action}-at:${formatDuration(event.atMs)}`
  const arg =
    'forMs' in event && event.forMs !== undefined
      ? formatDuration(event.forMs)
      : 'code' in event && event.code !== undefined
        ? String(event.code)
        : undefined
  return arg === undefined ? head : `${head}:${arg}`
}

/** Settings in canonical form: one name when both directions agree, else one per direction. */
function formatPair(
  name: string,
  down: number,
  up: number,
  format: (n: number) => string,
): string[] {
  if (down === up) return down > 0 ? [`${name}:${format(down)}`] : []
  return [
    ...(up > 0 ? [`${name}-up:${format(up)}`] : []),
    ...(down > 0 ? [`${name}-down:${format(down)}`] : []),
  ]
}

function formatRest(name: string, fault: RestFault | undefined): string[] {
  if (!fault) return []
  return [
    ...(fault.delayMs > 0 ? [`slow-${name}:${formatDuration(fault.delayMs)}`] : []),
    ...(fault.failRate > 0
      ? [fault.failRate === 1 ? `fail-${name}` : `fail-${name}:${fault.failRate}`]
      : []),
  ]
}

/** The canonical text for a scenario: `parseScenario(serializeScenario(s))` deep-equals `s`. */
export function serializeScenario(scenario: Scenario): string {
  const { toClientMs, toServerMs, jitterMs } = scenario.latency
  const parts = formatPair('latency', toClientMs, toServerMs, formatDuration)
  if (jitterMs > 0) parts.push(`jitter:${formatDuration(jitterMs)}`)
  const { frames } = scenario
  if (frames)
    for (const key of ['drop', 'duplicate', 'reorder'] as const)
      parts.push(...formatPair(key, frames.toClient[key], frames.toServer[key], String))
  parts.push(...formatRest('uploads', scenario.uploads), ...formatRest('history', scenario.history))
  for (const event of scenario.events) parts.push(formatEvent(event))
  return parts.join(',')
}
