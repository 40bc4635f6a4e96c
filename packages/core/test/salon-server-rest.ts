import type { IncomingMessage } from 'node:http'
import {
  naiveNow,
  restChat,
  restMessage,
  sameIdentity,
  type Identity,
  type Row,
  type SalonStore,
} from './salon-server-store'

export interface RestQuirks {
  /** A REST send while the sender is online stores the message, cuts one participant, answers 500. */
  restSendFails: boolean
  /** History pages holding a message with a read receipt answer 500. */
  historyFailsOnReceipt: boolean
  /** The server does not know `before_message_id` and pages from the newest regardless. */
  ignoreBeforeMessageId: boolean
  /** Every REST call answers this status (an outage behind a proxy), when set. */
  forcedStatus: number | undefined
}

export interface RestContext {
  store: SalonStore
  quirks: RestQuirks
  online: () => Identity[]
  /** What the socket side does when a REST send goes out live. */
  broadcast: (row: Row) => void
  /** Cut one live socket of one of these identities (the REST send quirk). */
  cutOne: (who: Identity[]) => void
}

type Answer = { status: number; json: unknown }
const answer = (status: number, json: unknown): Answer => ({ status, json })
const denied = answer(403, { detail: 'Not enough permissions' })

/** Salon's REST side (prefix /api/v1/chat) as PROTOCOLS.md describes the real code. */
export function handleRest(ctx: RestContext, req: IncomingMessage, body: Buffer): Answer {
  const { store, quirks } = ctx
  if (quirks.forcedStatus) return answer(quirks.forcedStatus, { detail: 'Service unavailable' })
  const url = new URL(req.url ?? '/', 'http://salon.test')
  const path = url.pathname.replace(/^\/api\/v1\/chat/, '')
  const header = req.headers.authorization
  if (!header) return answer(403, { detail: 'Not authenticated' })
  const who = store.tokens.get(header.replace(/^Bearer /, ''))
  if (!who) return answer(401, { detail: 'Could not validate credentials' })
  const staff = who.type === 'user'
  const json = () => {
    try {
      return JSON.parse(body.toString()) as Record<string, unknown>
    } catch {
      return {}
    }
  }
  const route = `${req.method} ${path.replace(/\d+/g, ':id')}`
  const id = Number(path.match(/\d+/)?.[0])
  switch (route) {
    case 'GET /chats':
    case 'GET /chats/customer':
      if (staff !== (route === 'GET /chats')) return denied
      return answer(
        200,
        [...store.chats.values()]
          .filter((c) => c.participants.some((p) => sameIdentity(p, who)))
          .map((c) => restChat(c, who, ctx.online())),
      )
    case 'GET /chats/:id/messages':
      return staff ? history(ctx, who, id, url.searchParams) : denied
    case 'POST /chats/:id/messages':
      return restSend(ctx, who, id, json())
    case 'PUT /messages/:id':
    case 'DELETE /messages/:id': {
      const found = store.findRow(id)
      if (!staff) return denied
      if (!found) return answer(404, { detail: 'Message not found' })
      if (!sameIdentity(found.row.sender, who)) return denied
      // Not pushed to anyone's socket: others see it on their next history load.
      if (req.method === 'DELETE') {
        found.row.is_deleted = true
        return answer(200, { message: 'Message deleted successfully' })
      }
      const content = json().content
      if (typeof content !== 'string') return answer(422, { detail: 'content required' })
      Object.assign(found.row, { content, is_edited: true, edited_at: naiveNow() })
      return answer(200, restMessage(found.row))
    }
    case 'POST /upload': {
      if (!staff) return denied
      const head = body.subarray(0, 1024).toString('latin1')
      const name = head.match(/filename="([^"]*)"/)?.[1] ?? 'file'
      const type = head.match(/Content-Type: ([^\r\n]+)/i)?.[1] ?? 'application/octet-stream'
      const stored = `/uploads/chat/${Date.now() / 1000}_${name}`
      return answer(200, {
        file_url: stored,
        file_name: name,
        file_type: type,
        file_size: body.length,
        thumbnail_url: type.startsWith('image/') ? stored.replace(/(\.\w+)?$/, '_thumb$1') : null,
      })
    }
  }
  return answer(404, { detail: 'Not Found' })
}

/** Pages numbered from the newest, newest first within a page; `before_message_id` anchors them. */
function history(ctx: RestContext, who: Identity, chatId: number, query: URLSearchParams): Answer {
  const chat = ctx.store.chatFor(chatId, who)
  if (!chat) return answer(403, { detail: 'You are not a participant in this chat' })
  const page = Math.max(1, Number(query.get('page') ?? 1))
  const pageSize = Math.min(100, Math.max(1, Number(query.get('page_size') ?? 50)))
  const before = Number(query.get('before_message_id') ?? NaN)
  const rows = chat.messages
    .filter((m) => ctx.quirks.ignoreBeforeMessageId || Number.isNaN(before) || m.id < before)
    .reverse()
  const slice = rows.slice((page - 1) * pageSize, page * pageSize)
  if (ctx.quirks.historyFailsOnReceipt && slice.some((m) => m.read_receipts.length > 0))
    return answer(500, { detail: 'Internal Server Error' })
  return answer(200, {
    messages: slice.map(restMessage),
    total: rows.length,
    page,
    page_size: pageSize,
    has_more: page * pageSize < rows.length,
  })
}

function restSend(
  ctx: RestContext,
  who: Identity,
  chatId: number,
  fields: Record<string, unknown>,
): Answer {
  const chat = ctx.store.chatFor(chatId, who)
  if (!chat) return answer(403, { detail: 'You are not a participant in this chat' })
  const row = ctx.store.store(chat, who, fields)
  const senderOnline = ctx.online().some((o) => sameIdentity(o, who))
  if (ctx.quirks.restSendFails && senderOnline) {
    // Stored, then a datetime it cannot serialize: nobody gets it live and one socket drops.
    ctx.cutOne(chat.participants)
    return answer(500, { detail: 'Internal Server Error' })
  }
  ctx.broadcast(row)
  return answer(200, { ...restMessage(row), media_url: row.media_url })
}
