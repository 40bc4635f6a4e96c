/**
 * A naive React list, as many apps start: every message rendered, the box scrolled to the bottom
 * on mount and after a new message when the reader was there.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { Contender, Mounted } from '../contender'
import { SELF, type BenchMessage } from '../messages'
import { listHandle, type ListSetter } from './list-state'

function List({ initial, expose }: { initial: BenchMessage[]; expose: (set: ListSetter) => void }) {
  const [state, setState] = useState({ messages: initial, first: 0 })
  const box = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  useEffect(() => expose(setState), [expose])
  const last = state.messages.at(-1)?.id
  useLayoutEffect(() => {
    const element = box.current!
    if (atBottom.current) element.scrollTop = element.scrollHeight
  }, [last])
  return (
    <div
      ref={box}
      style={{ height: '100%', overflowY: 'auto' }}
      onScroll={(event) => {
        const element = event.currentTarget
        atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 48
      }}
    >
      {state.messages.map((message) => (
        <div
          key={message.id}
          className={`bench-row ${message.senderId === SELF ? 'bench-row--mine' : ''}`}
        >
          <div className="bench-bubble">{message.body}</div>
        </div>
      ))}
    </div>
  )
}

export const naive: Contender<BenchMessage[], BenchMessage[]> = {
  store: undefined,
  data: (messages) => messages,
  ingest: (messages) => messages,
  mount(box, messages): Mounted {
    const handle = listHandle<BenchMessage>((m) => m)
    createRoot(box).render(<List initial={messages} expose={handle.expose} />)
    return handle
  },
}
