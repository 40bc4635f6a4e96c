/**
 * chatscope's chat UI kit: its MessageList (no virtualisation; it scrolls itself to the bottom on
 * mount and after a message when the reader was there) with one Message per message, as text.
 */
import {
  ChatContainer,
  MainContainer,
  Message,
  MessageList,
  type MessageModel,
} from '@chatscope/chat-ui-kit-react'
import '@chatscope/chat-ui-kit-styles/dist/default/styles.min.css'
import { useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { Contender, Mounted } from '../contender'
import { SELF, type BenchMessage } from '../messages'
import { listHandle, type ListSetter } from './list-state'

interface Row {
  id: string
  model: MessageModel
}

const toRow = (m: BenchMessage): Row => ({
  id: m.id,
  model: {
    type: 'text',
    message: m.body,
    sender: m.senderId,
    direction: m.senderId === SELF ? 'outgoing' : 'incoming',
    position: 'single',
  },
})

function Screen({ initial, expose }: { initial: Row[]; expose: (set: ListSetter<Row>) => void }) {
  const [state, setState] = useState({ messages: initial, first: 0 })
  useEffect(() => expose(setState), [expose])
  return (
    <MainContainer style={{ height: '100%' }}>
      <ChatContainer>
        <MessageList>
          {state.messages.map((row) => (
            <Message key={row.id} model={row.model} />
          ))}
        </MessageList>
      </ChatContainer>
    </MainContainer>
  )
}

export const chatscope: Contender<Row[], Row[]> = {
  store: undefined,
  data: (messages) => messages.map(toRow),
  ingest: (rows) => rows,
  mount(box, rows): Mounted {
    const handle = listHandle(toRow)
    createRoot(box).render(<Screen initial={rows} expose={handle.expose} />)
    return handle
  },
}
