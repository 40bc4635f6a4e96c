// A full stream-chat-react screen as its docs set one up: channel list, channel, thread, composer.
import { useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { StreamChat } from 'stream-chat'
import {
  Channel,
  ChannelHeader,
  ChannelList,
  Chat,
  MessageComposer,
  Thread,
  VirtualizedMessageList,
  Window,
} from 'stream-chat-react'
import 'stream-chat-react/dist/css/index.css'

function App() {
  const [client, setClient] = useState<StreamChat>()
  useEffect(() => {
    const chat = new StreamChat('api-key')
    void chat.connectUser({ id: 'me' }, localStorage.getItem('token')).then(() => setClient(chat))
    return () => void chat.disconnectUser()
  }, [])
  if (!client) return null
  return (
    <Chat client={client}>
      <ChannelList filters={{ members: { $in: ['me'] } }} />
      <Channel>
        <Window>
          <ChannelHeader />
          <VirtualizedMessageList />
          <MessageComposer />
        </Window>
        <Thread />
      </Channel>
    </Chat>
  )
}

createRoot(document.getElementById('root')!).render(<App />)
