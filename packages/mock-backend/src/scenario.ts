/** Extra delay per frame, each direction; jitter adds a uniform pick in [0, jitterMs). */
export interface LatencySettings {
  toClientMs: number
  toServerMs: number
  jitterMs: number
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
const LATENCY_FIELDS = {
  latency: ['toClientMs', 'toServerMs'],
  'latency-down': ['toClientMs'],
  'latency-up': ['toServerMs'],
  jitter: ['jitterMs'],
} as const satisfies Record<string, readonly (keyof LatencySettings)[]>

const isAction = (name: string): name is Action => Object.hasOwn(ACTIONS, name)
const isLatencyName = (name: string): name is keyof typeof LATENCY_FIELDS =>
  Object.hasOwn(LATENCY_FIELDS, name)

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
  const latencySet = new Set<keyof LatencySettings>()
  for (const part of text.split(',').map((raw) => raw.trim())) {
    if (part === '' && text.trim() === '') continue
    const [name = '', ...args] = part.split(':')
    if (isLatencyName(name)) {
      if (args.length !== 1)
        throw new ScenarioError('invalid-value', part, `"${part}": ${name} takes one duration`)
      const ms = parseDuration(args[0], part)
      for (const field of LATENCY_FIELDS[name]) {
        if (latencySet.has(field))
          throw new ScenarioError('duplicate-setting', part, `"${part}": ${field} is set twice`)
        latencySet.add(field)
        scenario.latency[field] = ms
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

/** The canonical text for a scenario: `parseScenario(serializeScenario(s))` deep-equals `s`. */
export function serializeScenario(scenario: Scenario): string {
  const { toClientMs, toServerMs, jitterMs } = scenario.latency
  const parts: string[] = []
  if (toClientMs === toServerMs) {
    if (toClientMs > 0) parts.push(`latency:${formatDuration(toClientMs)}`)
  } else {
    if (toServerMs > 0) parts.push(`latency-up:${formatDuration(toServerMs)}`)
    if (toClientMs > 0) parts.push(`latency-down:${formatDuration(toClientMs)}`)
  }
  if (jitterMs > 0) parts.push(`jitter:${formatDuration(jitterMs)}`)
  for (const event of scenario.events) parts.push(formatEvent(event))
  return parts.join(',')
}
