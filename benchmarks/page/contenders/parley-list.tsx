/**
 * Parley's MessageList on its own, the messages held by the app in React state; its "store" is
 * the core's `mergeMessages`, which an app without the client would use to put pages together.
 */
import { mergeMessages, type Message } from '@parley/core'
import { MessageList } from '@parley/ui'
import '@parley/ui/styles.css'
import { useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { Contender, Mounted } from '../contender'
import { SELF } from '../messages'
import { participants, toMessage } from './parley-common'

type Setter = (update: (messages: readonly Message[]) => readonly Message[]) => void

interface ListProps {
  initial: readonly Message[]
  hasOlder: boolean
  expose: (set: Setter) => void
}

function List({ initial, hasOlder, expose }: ListProps) {
  const [messages, setMessages] = useState(initial)
  useEffect(() => expose(setMessages), [expose])
  return (
    <MessageList
      messages={messages}
      currentUserId={SELF}
      participants={participants}
      hasOlder={hasOlder}
    />
  )
}

export const parleyList: Contender<Message[], readonly Message[]> = {
  store: 'mergeMessages',
  data: (messages) => messages.map(toMessage),
  ingest: (messages) => mergeMessages([], messages),
  ingestOne: (ready, message) => void mergeMessages(ready, [toMessage(message)]),
  mount(box, messages, view): Mounted {
    let set: Setter | undefined
    const expose = (setter: Setter) => void (set = setter)
    const hasOlder = view?.hasOlder ?? false
    createRoot(box).render(<List initial={messages} hasOlder={hasOlder} expose={expose} />)
    return {
      append: (message) => set?.((list) => mergeMessages(list, [toMessage(message)])),
      prepend: (older) => set?.((list) => mergeMessages(list, older.map(toMessage))),
    }
  },
}
