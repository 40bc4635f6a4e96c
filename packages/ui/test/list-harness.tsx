import type { Message } from '@parley/core'
import { render, screen } from '@testing-library/react'
import { useEffect, useState } from 'react'
import type { MessageListProps } from '../src'
import { MessageList } from '../src'
import { people } from '../src/fixtures'

export interface ListControls {
  set: (update: (messages: Message[]) => Message[]) => void
  props: (extra: Partial<MessageListProps>) => void
}

/**
 * A MessageList in a `width`×`height` box whose messages and props a test changes from outside,
 * as an app's state would: `controls.set` and `controls.props`.
 */
export function mountList(
  initial: Message[],
  props: Partial<MessageListProps>,
  box: { width: number; height: number },
) {
  const controls = {} as ListControls
  function Harness() {
    const [messages, setMessages] = useState(initial)
    const [extra, setExtra] = useState(props)
    useEffect(() => {
      controls.set = setMessages
      controls.props = (next) => setExtra((p) => ({ ...p, ...next }))
    }, [])
    return (
      <div style={{ ...box, display: 'flex', flexDirection: 'column' }}>
        <MessageList messages={messages} currentUserId="me" participants={people} {...extra} />
      </div>
    )
  }
  render(<Harness />)
  return { controls, log: screen.getByRole('log', { name: 'Messages' }) }
}
