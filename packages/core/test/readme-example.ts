import { createChatClient } from '@parley/core'
import { createNativeProtocol } from '@parley/core/native'

export function followRoom(
  url: string,
  apiUrl: string,
  token: string,
  show: (line: string) => void,
) {
  const client = createChatClient({
    url,
    getToken: () => token,
    protocol: createNativeProtocol({ apiUrl }),
  })
  const unsubscribe = client.subscribe(() => {
    const { connection, timelines } = client.getSnapshot()
    const room = timelines.room ?? []
    show(`${connection.status}: ${room.map((m) => `${m.body} (${m.status})`).join(', ')}`)
  })
  const unwatch = client.watch('room') // joins now and after every reconnect
  client.connect()
  client.send('room', 'Hello!') // shown at once as sending, then sent on the server's ack
  return () => {
    unwatch()
    unsubscribe()
    client.close()
  }
}
