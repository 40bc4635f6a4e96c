/*
 * Stateful stand-ins for @parley/react, for stories only (not part of the published API): local
 * message state with optimistic sends, paged history, fake uploads and a message stream.
 */
import type { Conversation, Message } from '@parley/core'
import type { Decorator } from '@storybook/react-vite'
import { useEffect, useRef, useState } from 'react'
import { expect, waitFor, within } from 'storybook/test'
import type { ChatWindowProps } from './ChatWindow'
import { ChatWindow } from './ChatWindow'
import type { ComposerAttachment } from './Composer'
import { makeMessage, makeMessages, me, picture } from './fixtures'

/** Gives a story a fixed box, as lists and windows fill their parent. */
export const frame =
  (width = 420, height = 520): Decorator =>
  (Story) => (
    <div style={{ width, height, display: 'flex', flexDirection: 'column' }}>
      <Story />
    </div>
  )

/** `display: contents`: the wrapper sets direction or density without taking part in the layout. */
export const rtl: Decorator = (Story) => (
  <div dir="rtl" lang="ar" style={{ display: 'contents' }}>
    <Story />
  </div>
)

export const compact: Decorator = (Story) => (
  <div data-parley-density="compact" style={{ display: 'contents' }}>
    <Story />
  </div>
)

/** The message log once its first page is in (the loading skeleton is another element). */
export const opened = (el: HTMLElement, text: string | null = 'How did the practice go?') =>
  waitFor(
    () => {
      const log = within(el).getByRole('log', { name: 'Messages' })
      if (text) expect(log).toHaveTextContent(text)
      expect(log).not.toHaveAttribute('aria-busy')
      return log
    },
    { timeout: 5000 },
  )

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface ChatDemoProps extends Partial<ChatWindowProps> {
  conversation: Conversation
  initial?: Message[]
  /** Older pages available above the first message. */
  olderPages?: number
  /** Send attempts fail (the message shows Retry); retrying succeeds. */
  failSends?: boolean
  /** Ms a history page or a send takes. */
  latency?: number
}

/** A ChatWindow with the state @parley/react would hold: sends, retries, edits, deletes, uploads. */
export function ChatDemo({
  conversation,
  initial = [],
  olderPages = 0,
  failSends = false,
  latency = 300,
  ...rest
}: ChatDemoProps) {
  const [messages, setMessages] = useState(initial)
  const [pages, setPages] = useState(olderPages)
  const [loadingOlder, setLoadingOlder] = useState(false)
  const [attachments, setAttachments] = useState<ComposerAttachment[]>([])
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>())
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.current.delete(t)
      fn()
    }, ms)
    timers.current.add(t)
  }
  useEffect(() => {
    const pending = timers.current
    return () => pending.forEach(clearTimeout)
  }, [])

  const patch = (id: string, change: Partial<Message>) =>
    setMessages((list) => list.map((m) => (m.id === id ? { ...m, ...change } : m)))

  const deliver = (id: string, fail: boolean) =>
    later(latency, () => patch(id, { status: fail ? 'failed' : 'sent' }))

  return (
    <ChatWindow
      // The story's args first: the state below replaces their messages and handlers.
      {...rest}
      conversation={conversation}
      currentUserId={me.id}
      messages={messages}
      hasOlder={pages > 0}
      isLoadingOlder={loadingOlder}
      onLoadOlder={async () => {
        setLoadingOlder(true)
        await wait(latency)
        setMessages((list) => [
          ...makeMessages({
            count: 30,
            conversationId: conversation.id,
            senders: conversation.participants,
            idPrefix: `page${pages}-`,
            end: (list[0]?.createdAt ?? Date.now()) - 120_000,
          }),
          ...list,
        ])
        setPages((p) => p - 1)
        setLoadingOlder(false)
      }}
      onSend={(text, replyTo) => {
        const id = `local-${Date.now()}-${Math.random()}`
        const files = attachments.filter((a) => a.status === 'done')
        setAttachments([])
        setMessages((list) => [
          ...list,
          makeMessage(id, {
            clientId: id,
            conversationId: conversation.id,
            senderId: me.id,
            body: text,
            status: 'sending',
            kind: files.length ? 'image' : 'text',
            attachments: files.map((f) => ({
              kind: 'image',
              url: f.previewUrl ?? picture(320, 240),
              width: 320,
              height: 240,
            })),
            ...(replyTo && { replyTo: replyTo.id }),
          }),
        ])
        deliver(id, failSends)
      }}
      onRetry={(m) => {
        patch(m.id, { status: 'sending' })
        deliver(m.id, false)
      }}
      onEditMessage={(m, text) => patch(m.id, { body: text, editedAt: Date.now() })}
      onDelete={(m) => patch(m.id, { deletedAt: Date.now() })}
      attachments={attachments}
      onAttach={(files) => {
        for (const file of files) {
          const id = `${file.name}-${Math.random()}`
          const previewUrl = file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined
          setAttachments((list) => [
            ...list,
            { id, name: file.name, status: 'uploading', progress: 0, previewUrl },
          ])
          const tick = (progress: number) =>
            later(latency / 3, () => {
              setAttachments((list) =>
                list.map((a) =>
                  a.id === id
                    ? { ...a, progress, status: progress >= 1 ? 'done' : 'uploading' }
                    : a,
                ),
              )
              if (progress < 1) tick(progress + 0.25)
            })
          tick(0.25)
        }
      }}
      onRemoveAttachment={(id) => setAttachments((list) => list.filter((a) => a.id !== id))}
    />
  )
}
