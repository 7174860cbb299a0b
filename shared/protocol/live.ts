/**
 * The live channel: one WebSocket per client and workspace, `GET /live/<workspaceId>`, over which
 * the server pokes the client when documents of the workspace change. A poke carries no content:
 * the client answers it with a catalog pull (`GET /api/v1/<workspaceId>/catalog?since=`) and a
 * batched catch-up (`catch-up.ts`) for the documents it holds that changed. Documents the client
 * has open over a sync socket already get their updates there.
 *
 * Frames are JSON text, server → client only:
 *
 *   { "t": "hello", "version": 1 }                    right after connect
 *   { "t": "poke", "docs": ["<workspaceId>/<type>/<recordId>", …] }   documents that changed
 *   { "t": "catalog", "seq": 42 }                     the workspace's catalog moved to this sequence
 *
 * Pokes are coalesced by the server (a short window), so a burst of edits is one poke. A client that
 * does not know a message's `t` ignores it, so new messages need no new protocol version.
 */
import { PROTOCOL_VERSION } from './version'

export type LiveMessage =
  | { t: 'hello'; version: number }
  | { t: 'poke'; docs: string[] }
  | { t: 'catalog'; seq: number }

export function writeLiveMessage(message: LiveMessage): string {
  return JSON.stringify(message)
}

export function helloMessage(): LiveMessage {
  return { t: 'hello', version: PROTOCOL_VERSION }
}

/** Parses a live-channel frame; returns null for anything that is not one of the messages above. */
export function readLiveMessage(text: string): LiveMessage | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const message = value as Record<string, unknown>
  switch (message.t) {
    case 'hello':
      return typeof message.version === 'number' ? { t: 'hello', version: message.version } : null
    case 'poke':
      return Array.isArray(message.docs) && message.docs.every((d) => typeof d === 'string')
        ? { t: 'poke', docs: message.docs as string[] }
        : null
    case 'catalog':
      return typeof message.seq === 'number' && Number.isSafeInteger(message.seq) && message.seq >= 0
        ? { t: 'catalog', seq: message.seq }
        : null
    default:
      return null
  }
}
