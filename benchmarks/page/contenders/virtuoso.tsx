/** Bare react-virtuoso, as its docs set up a chat: firstItemIndex for prepends, followOutput. */
import { useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { Virtuoso } from 'react-virtuoso'
import type { Contender, Mounted } from '../contender'
import { SELF, type BenchMessage } from '../messages'
import { listHandle, type ListSetter } from './list-state'

const START = 1_000_000_000

function Row({ message }: { message: BenchMessage }) {
  const mine = message.senderId === SELF
  return (
    <div className={`bench-row ${mine ? 'bench-row--mine' : ''}`}>
      <div className="bench-bubble">{message.body}</div>
    </div>
  )
}

function List({ initial, expose }: { initial: BenchMessage[]; expose: (set: ListSetter) => void }) {
  const [state, setState] = useState({ messages: initial, first: START })
  useEffect(() => expose(setState), [expose])
  return (
    <Virtuoso
      style={{ height: '100%' }}
      data={state.messages}
      firstItemIndex={state.first}
      initialTopMostItemIndex={initial.length - 1}
      followOutput="auto"
      computeItemKey={(_, message) => message.id}
      itemContent={(_, message) => <Row message={message} />}
    />
  )
}

export const virtuoso: Contender<BenchMessage[], BenchMessage[]> = {
  store: undefined,
  data: (messages) => messages,
  ingest: (messages) => messages,
  mount(box, messages): Mounted {
    const handle = listHandle<BenchMessage>((m) => m)
    createRoot(box).render(<List initial={messages} expose={handle.expose} />)
    return handle
  },
}
