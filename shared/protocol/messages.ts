/**
 * The outer frame of the sync socket: the y-websocket framing.
 *
 * Every binary frame is `varUint messageType` followed by the message body:
 *
 *   0 sync            y-protocols/sync: varUint syncType (0 step 1 · 1 step 2 · 2 update), varUint8Array payload
 *   1 awareness       varUint8Array awareness update (y-protocols/awareness)
 *   2 auth            server → client: varUint 0 (permission denied), varString reason
 *   3 query-awareness no body; the answer is an awareness message with every known state
 *
 * Tandem's opt-in extensions (sent only to clients that connected with `tandem=<version>`):
 *
 *  100 committed      see `committed.ts`
 *  101 refused        see `refused.ts`
 *
 * Types below 100 are reserved for the y-websocket protocol; stock clients ignore unknown types
 * they never receive, because the server sends extensions only to clients that asked.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export const MESSAGE = {
  SYNC: 0,
  AWARENESS: 1,
  AUTH: 2,
  QUERY_AWARENESS: 3,
  COMMITTED: 100,
  REFUSED: 101,
} as const

export const SYNC = {
  STEP1: 0,
  STEP2: 1,
  UPDATE: 2,
} as const

export type IncomingMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }

export class FrameError extends Error {}

/**
 * Parses one client frame into a typed message. Throws `FrameError` for anything that is not
 * exactly one well-formed message (unknown types, missing or trailing bytes).
 */
export function readClientFrame(frame: Uint8Array): IncomingMessage {
  if (frame.length === 0) throw new FrameError('empty frame')
  const decoder = decoding.createDecoder(frame)
  const message = guard(() => readMessage(decoder))
  if (decoding.hasContent(decoder)) throw new FrameError('trailing bytes after the message')
  return message
}

function readMessage(decoder: decoding.Decoder): IncomingMessage {
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MESSAGE.SYNC: {
      const syncType = decoding.readVarUint(decoder)
      switch (syncType) {
        case SYNC.STEP1: return { type: 'sync-step1', stateVector: decoding.readVarUint8Array(decoder) }
        case SYNC.STEP2: return { type: 'sync-step2', update: decoding.readVarUint8Array(decoder) }
        case SYNC.UPDATE: return { type: 'sync-update', update: decoding.readVarUint8Array(decoder) }
        default: throw new FrameError(`unknown sync message type ${syncType}`)
      }
    }
    case MESSAGE.AWARENESS: return { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
    case MESSAGE.QUERY_AWARENESS: return { type: 'query-awareness' }
    default: throw new FrameError(`unknown message type ${type}`)
  }
}

/** lib0 throws plain errors (or RangeErrors) on truncated input; name them as frame errors. */
function guard<T>(read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (error instanceof FrameError) throw error
    throw new FrameError(`truncated or malformed frame: ${(error as Error).message}`)
  }
}

export function writeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return frame(MESSAGE.SYNC, SYNC.STEP1, stateVector)
}

export function writeSyncStep2(update: Uint8Array): Uint8Array {
  return frame(MESSAGE.SYNC, SYNC.STEP2, update)
}

export function writeSyncUpdate(update: Uint8Array): Uint8Array {
  return frame(MESSAGE.SYNC, SYNC.UPDATE, update)
}

export function writeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.AWARENESS)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

export function writeQueryAwareness(): Uint8Array {
  return Uint8Array.of(MESSAGE.QUERY_AWARENESS)
}

/** The server's answer to a client it will not serve: y-protocols/auth "permission denied". */
export function writePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.AUTH)
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarString(encoder, reason)
  return encoding.toUint8Array(encoder)
}

function frame(type: number, syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}
