import { useEffect, useState } from 'react'
import { useChat, useConnection } from '../src'

export function HeadlessChat({ conversationId }: { conversationId: string }) {
  const chat = useChat(conversationId)
  const { messages, send, retry, markRead, setTyping, typingUsers } = chat
  const { status, secondsToRetry, reconnect } = useConnection()
  const [draft, setDraft] = useState('')

  // Everything shown is read; calls are batched into one receipt.
  useEffect(() => markRead(), [messages, markRead])

  return (
    <section aria-label="Chat">
      <p role="status">
        {status}
        {secondsToRetry !== undefined && `, retrying in ${secondsToRetry} s`}
        {status !== 'open' && <button onClick={reconnect}>Reconnect</button>}
      </p>
      {chat.hasOlder && (
        <button onClick={() => void chat.loadOlder()} disabled={chat.isLoadingOlder}>
          Load older
        </button>
      )}
      <ol role="log" aria-label="Messages">
        {messages.map((m) => (
          <li key={m.clientId ?? m.id} data-status={m.status}>
            {m.deletedAt ? 'Message deleted' : m.body}
            {m.status === 'failed' && <button onClick={() => retry(m.clientId!)}>Retry</button>}
          </li>
        ))}
      </ol>
      <p aria-live="polite">{typingUsers.length > 0 && `${typingUsers.join(', ')} typing…`}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (draft.trim()) send(draft)
          setDraft('')
          setTyping(false)
        }}
      >
        <input
          aria-label="Message"
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value)
            setTyping(event.target.value !== '')
          }}
        />
        <button type="submit">Send</button>
      </form>
    </section>
  )
}
