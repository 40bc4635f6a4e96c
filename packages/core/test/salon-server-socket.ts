import { WebSocketServer, type WebSocket } from 'ws'
import type { SalonChaos, SalonQuirks } from './salon-server'
import {
  naiveNow,
  sameIdentity,
  socketMessage,
  type Identity,
  type Row,
  type SalonStore,
} from './salon-server-store'

type Frame = Record<string, unknown>

/**
 * The Salon test server's socket side: the `connected` greeting, rooms keyed by the JSON value of
 * `chat_id`, the echo to every member including the sender, typing to others, receipts to all,
 * presence per room, close 1000 on invalid JSON — and the chaos and quirk switches that act on it.
 */
export function createSocketSide(store: SalonStore, quirks: SalonQuirks) {
  const wss = new WebSocketServer({ noServer: true })
  const who = new Map<WebSocket, Identity>()
  const rooms = new Map<WebSocket, Set<string>>()
  const received: Frame[] = []
  const held: (() => void)[] = []
  let chaos: SalonChaos | undefined

  function deliver(ws: WebSocket, frame: Frame) {
    const text = JSON.stringify(frame)
    const send = () => ws.readyState === ws.OPEN && ws.send(text)
    if (!chaos) return void send()
    if (chaos.random() < chaos.cutProbability) return ws.terminate()
    setTimeout(send, chaos.random() * chaos.maxDelayMs)
  }
  const inRoom = (room: string) => [...rooms].filter(([, r]) => r.has(room)).map(([ws]) => ws)
  const online = () => [...who.values()]

  function broadcast(row: Row, room = JSON.stringify(row.chat_id), sender?: WebSocket) {
    const frame = {
      type: 'message',
      chat_id: row.chat_id,
      message: socketMessage(row),
      timestamp: naiveNow(),
    }
    for (const ws of inRoom(room)) {
      if (ws === sender && quirks.holdEchoes) held.push(() => deliver(ws, frame))
      else deliver(ws, frame)
    }
  }
  const toOthers = (ws: WebSocket, room: string, frame: Frame) =>
    inRoom(room).forEach((other) => other !== ws && deliver(other, frame))
  const presence = (ws: WebSocket, type: 'user_joined' | 'user_left', chatId: unknown) => {
    const me = who.get(ws)!
    toOthers(ws, JSON.stringify(chatId), {
      type,
      chat_id: chatId,
      participant_type: me.type,
      participant_id: me.id,
    })
  }

  function handleFrame(ws: WebSocket, f: Frame) {
    const me = who.get(ws)!
    const room = JSON.stringify(f.chat_id)
    // `{type, data}` frames and frames missing their fields are dropped without a word.
    if (f.type !== 'ping' && (f.chat_id === undefined || f.chat_id === null)) return
    const chat = store.chatFor(f.chat_id, me)
    const refuse = () =>
      deliver(ws, { type: 'error', error: 'You are not a participant in this chat' })
    switch (f.type) {
      case 'ping':
        return deliver(ws, { type: 'pong', timestamp: naiveNow() })
      case 'join_chat':
        if (!chat) return refuse()
        rooms.get(ws)!.add(room)
        return presence(ws, 'user_joined', f.chat_id)
      case 'leave_chat':
        rooms.get(ws)!.delete(room)
        return presence(ws, 'user_left', f.chat_id)
      case 'send_message':
        if (!chat) return refuse()
        // `media_url` is dropped over the socket (stored as null), as the real server does.
        return broadcast(store.store(chat, me, { ...f, media_url: undefined }), room, ws)
      case 'typing':
        return toOthers(ws, room, {
          type: 'typing',
          chat_id: f.chat_id,
          participant_type: me.type,
          participant_id: me.id,
          is_typing: f.is_typing === true,
        })
      case 'read_message': {
        const row = chat?.messages.find((m) => m.id === f.message_id)
        if (!row) return
        row.read_receipts.push({ reader_type: me.type, reader_id: me.id, read_at: naiveNow() })
        const receipt = {
          type: 'read_receipt',
          chat_id: f.chat_id,
          message_id: row.id,
          reader_type: me.type,
          reader_id: me.id,
        }
        return inRoom(room).forEach((other) => deliver(other, receipt))
      }
      default:
        return deliver(ws, { type: 'error', error: `Unknown message type: ${String(f.type)}` })
    }
  }

  wss.on('connection', (ws: WebSocket, identity: Identity) => {
    if (quirks.dropDuplicateIdentities) {
      const twins = [...who].filter(([, i]) => sameIdentity(i, identity)).map(([s]) => s)
      if (twins.length) {
        twins.forEach((twin) => twin.terminate())
        return ws.terminate()
      }
    }
    who.set(ws, identity)
    rooms.set(ws, new Set())
    ws.on('close', () => {
      for (const room of rooms.get(ws) ?? []) presence(ws, 'user_left', JSON.parse(room))
      who.delete(ws)
      rooms.delete(ws)
    })
    ws.on('message', (data) => {
      let frame: unknown
      try {
        frame = JSON.parse(String(data))
      } catch {
        return ws.close(1000) // the real server: a normal close, no error frame
      }
      if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return
      received.push(frame as Frame)
      handleFrame(ws, frame as Frame)
    })
    deliver(ws, {
      type: 'connected',
      participant_type: identity.type,
      participant_id: identity.id,
      timestamp: naiveNow(),
    })
  })

  return {
    wss,
    who,
    received,
    broadcast,
    online,
    setChaos: (value: SalonChaos | undefined) => (chaos = value),
    releaseEchoes: () => held.splice(0).forEach((send) => send()),
  }
}
