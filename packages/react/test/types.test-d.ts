// Type-level checks of the public API, run by `tsc -p packages/react/tsconfig.json`.
import type {
  ChatClient,
  ChatClientOptions,
  Message,
  ParleyError,
  UploadedFile,
} from '@parley/core'
import { expectTypeOf } from 'vitest'
import type {
  ChatProviderProps,
  ConversationItem,
  useChat,
  useConnection,
  useConversations,
  usePresence,
  useTyping,
  useUpload,
} from '../src'

// A provider takes options or a client, never both.
expectTypeOf<{ options: ChatClientOptions }>().toExtend<ChatProviderProps>()
expectTypeOf<{ client: ChatClient }>().toExtend<ChatProviderProps>()
expectTypeOf<{ options: ChatClientOptions; client: ChatClient }>().not.toExtend<ChatProviderProps>()
expectTypeOf<{ children: null }>().not.toExtend<ChatProviderProps>()

type Chat = ReturnType<typeof useChat>
expectTypeOf<Chat['messages']>().toEqualTypeOf<readonly Message[]>()
expectTypeOf<Chat['send']>().parameter(0).toEqualTypeOf<
  | string
  | {
      text: string
      kind?: Message['kind']
      attachments?: Message['attachments']
      replyTo?: string
    }
>()
expectTypeOf<Chat['send']>().returns.toEqualTypeOf<Message>()
expectTypeOf<Chat['loadOlder']>().returns.toEqualTypeOf<Promise<void>>()
expectTypeOf<Chat['typingUsers']>().toEqualTypeOf<readonly string[]>()
expectTypeOf<Chat['markRead']>().toEqualTypeOf<(messageId?: string) => void>()
expectTypeOf<Chat['unread']>().toEqualTypeOf<number>()

expectTypeOf<ReturnType<typeof useConversations>['conversations']>().toEqualTypeOf<
  readonly ConversationItem[]
>()
expectTypeOf<ReturnType<typeof useConnection>['secondsToRetry']>().toEqualTypeOf<
  number | undefined
>()
expectTypeOf<ReturnType<typeof usePresence>>().toEqualTypeOf<boolean | undefined>()
expectTypeOf<ReturnType<typeof useTyping>>().toEqualTypeOf<readonly string[]>()

type Upload = ReturnType<typeof useUpload>
expectTypeOf<Upload['upload']>().returns.toEqualTypeOf<Promise<UploadedFile>>()
expectTypeOf<Upload['error']>().toEqualTypeOf<Error | null>()
expectTypeOf<ParleyError['code']>()
  .extract<'invalid-upload' | 'aborted'>()
  .toEqualTypeOf<'invalid-upload' | 'aborted'>()
