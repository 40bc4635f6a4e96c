/** One message of the benchmark conversation, before a contender turns it into its own shape. */
export interface BenchMessage {
  /** Position in the conversation: 0 is the oldest. Its body starts `Message <i>`. */
  i: number
  id: string
  senderId: string
  body: string
  createdAt: number
}

export const SELF = 'me'
export const OTHER = 'ada'
export const CONVERSATION = 'c1'
const BASE = 1_700_000_000_000

/** Every fifth message wraps over a few lines, so rows differ in height as in a real chat. */
export function makeMessage(i: number): BenchMessage {
  const long = i % 5 === 0
  return {
    i,
    id: `m${i}`,
    senderId: i % 3 === 0 ? SELF : OTHER,
    body: long
      ? `Message ${i}: ${'a longer one that wraps over a few lines '.repeat(3)}`
      : `Message ${i}`,
    createdAt: BASE + i * 20_000,
  }
}

/** `count` messages starting at position `from`, oldest first. */
export const makeMessages = (from: number, count: number) =>
  Array.from({ length: count }, (_, k) => makeMessage(from + k))

/** The number in `Message <i>` at the start of a text, or undefined. */
export function messageNumber(text: string | null): number | undefined {
  const match = /^\s*Message (\d+)(?:$|:)/.exec(text ?? '')
  return match ? Number(match[1]) : undefined
}
