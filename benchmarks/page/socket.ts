/**
 * Socket to paint: the real Parley client on the browser's WebSocket, connected to the runner's
 * `ws` server on 127.0.0.1, rendering `useChat` + MessageList. Each live message's paint is noted
 * in wall-clock time (the server notes its send the same way), so the runner can pair them.
 */
import { createChatClient } from '@parley/core'
import { nativeProtocol } from '@parley/core/native'
import { mountClient } from './contenders/parley-client'
import { toMessage } from './contenders/parley-common'
import { makeMessages } from './messages'
import { frame, visibleNumbers, whenVisible } from './visible'

const wallClock = () => performance.timeOrigin + performance.now()

export function socketScenario() {
  const painted = new Map<number, number>()
  let watching = true
  return {
    /** History of `count`, merged, rendered; then the socket opens and joins. */
    async socketMount(url: string, count: number) {
      const client = createChatClient({
        url,
        getToken: () => 'bench',
        protocol: nativeProtocol,
        userId: 'me',
      })
      client.merge(makeMessages(0, count).map(toMessage))
      const box = document.createElement('div')
      box.className = 'bench-box'
      document.body.append(box)
      mountClient(box, client)
      const shown = await whenVisible(box, count - 1)
      void (async () => {
        while (watching) {
          await frame()
          const now = wallClock()
          for (const i of visibleNumbers(box))
            if (i >= count && !painted.has(i)) painted.set(i, now)
        }
      })()
      return { shown: shown !== undefined }
    },
    /** Wall-clock paint time of each live message seen so far, by position. */
    socketPainted() {
      watching = false
      return Object.fromEntries(painted)
    },
  }
}
