/**
 * How the benchmark client frames y-websocket messages for each server. The messages themselves
 * (y-protocols sync step 1, step 2, update) are the same for all three; only the framing differs:
 *
 *   y-websocket   one socket per document at `/sync/<docName>`; a frame is `varUint type, body`
 *                 (Tandem and the y-websocket reference server)
 *   hocuspocus    a frame is `varString docName, varUint type, body`; the socket first sends an
 *                 auth message (type 2, token sub-type 0, an empty token) and the server queues
 *                 the rest until it has answered it. It answers sync step 1 with type 4
 *                 (SyncReply), acknowledges updates with type 8 (SyncStatus).
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export const MESSAGE_SYNC = 0

export interface Dialect {
  name: string
  url(base: string, docName: string): string
  /** Frames to send first, before sync step 1. */
  hello(docName: string): Uint8Array[]
  /** Starts a frame for `docName`; the caller writes the y-websocket message type and body. */
  begin(docName: string): encoding.Encoder
  /**
   * Reads a frame's header: the decoder is left at the body, and the y-websocket message type is
   * returned (sync is 0), or -1 for frames the client ignores.
   */
  readType(decoder: decoding.Decoder, docName: string): number
}

export const Y_WEBSOCKET_DIALECT: Dialect = {
  name: 'y-websocket',
  url: (base, docName) => `${base}/sync/${docName}`,
  hello: () => [],
  begin: () => encoding.createEncoder(),
  readType: (decoder) => decoding.readVarUint(decoder),
}

const HOCUSPOCUS = { SYNC: 0, AUTH: 2, SYNC_REPLY: 4, AUTH_TOKEN: 0 } as const

export const HOCUSPOCUS_DIALECT: Dialect = {
  name: 'hocuspocus',
  url: (base) => base,
  hello(docName) {
    const encoder = encoding.createEncoder()
    encoding.writeVarString(encoder, docName)
    encoding.writeVarUint(encoder, HOCUSPOCUS.AUTH)
    encoding.writeVarUint(encoder, HOCUSPOCUS.AUTH_TOKEN)
    encoding.writeVarString(encoder, '')
    return [encoding.toUint8Array(encoder)]
  },
  begin(docName) {
    const encoder = encoding.createEncoder()
    encoding.writeVarString(encoder, docName)
    return encoder
  },
  readType(decoder, docName) {
    if (decoding.readVarString(decoder) !== docName) return -1
    const type = decoding.readVarUint(decoder)
    return type === HOCUSPOCUS.SYNC || type === HOCUSPOCUS.SYNC_REPLY ? MESSAGE_SYNC : -1
  },
}
