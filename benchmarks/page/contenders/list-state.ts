import type { Dispatch, SetStateAction } from 'react'
import type { Mounted } from '../contender'
import type { BenchMessage } from '../messages'

export interface ListState<T> {
  messages: T[]
  /** Virtuoso's index of the first message: lowered by the size of each prepended page. */
  first: number
}
export type ListSetter<T = BenchMessage> = Dispatch<SetStateAction<ListState<T>>>

/**
 * Append and prepend for a list whose messages live in React state: the harness's calls wait for
 * the component to have mounted (it hands its setter over in an effect).
 */
export function listHandle<T>(convert: (message: BenchMessage) => T) {
  let set: ListSetter<T> | undefined
  const handle: Mounted & { expose: (setter: ListSetter<T>) => void } = {
    expose: (setter) => void (set = setter),
    append: (message) =>
      set?.((state) => ({ ...state, messages: [...state.messages, convert(message)] })),
    prepend: (older) =>
      set?.((state) => ({
        messages: [...older.map(convert), ...state.messages],
        first: state.first - older.length,
      })),
  }
  return handle
}
