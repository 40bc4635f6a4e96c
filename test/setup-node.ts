// Node 20 has no WebSocket global. Install the `ws` client so code that looks up
// `globalThis.WebSocket` at connect time (as the core does) runs in Node tests unchanged.
import { WebSocket } from 'ws'

if (!('WebSocket' in globalThis)) {
  Object.defineProperty(globalThis, 'WebSocket', {
    value: WebSocket,
    writable: true,
    configurable: true,
  })
}
