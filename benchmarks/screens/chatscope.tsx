// A full chatscope screen: its UI only (no transport, no store): sidebar list, header, messages, input.
import {
  ChatContainer,
  Conversation,
  ConversationHeader,
  ConversationList,
  MainContainer,
  Message,
  MessageInput,
  MessageList,
  Sidebar,
  TypingIndicator,
  type MessageModel,
} from '@chatscope/chat-ui-kit-react'
import '@chatscope/chat-ui-kit-styles/dist/default/styles.min.css'
import { useState } from 'react'
import { createRoot } from 'react-dom/client'

function App() {
  const [messages, setMessages] = useState<MessageModel[]>([])
  return (
    <MainContainer style={{ height: '100dvh' }}>
      <Sidebar position="left">
        <ConversationList>
          <Conversation name="Ada" lastSenderName="Ada" info="Hello" />
        </ConversationList>
      </Sidebar>
      <ChatContainer>
        <ConversationHeader>
          <ConversationHeader.Content userName="Ada" />
        </ConversationHeader>
        <MessageList typingIndicator={<TypingIndicator content="Ada is typing" />}>
          {messages.map((model, i) => (
            <Message key={i} model={model} />
          ))}
        </MessageList>
        <MessageInput
          placeholder="Message"
          onSend={(_, text) =>
            setMessages((list) => [
              ...list,
              { type: 'text', message: text, direction: 'outgoing', position: 'single' },
            ])
          }
        />
      </ChatContainer>
    </MainContainer>
  )
}

createRoot(document.getElementById('root')!).render(<App />)
