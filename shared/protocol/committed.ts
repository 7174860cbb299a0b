/**
 * `committed` (message type 100, server → our client): what of a document is durable.
 *
 *   varUint 100 · varUint8Array snapshot
 *
 * The snapshot is `Y.encodeSnapshot` of the server's committed document: its state vector and its
 * delete set. A local update is safe exactly when every struct it carries is below the state vector
 * and every deletion it carries is in the delete set; the client counts the rest as waiting. The
 * delete set matters because a pure deletion (a backspace) adds no struct and so never moves the
 * state vector. Both only grow, so a client may keep the latest one it received.
 *
 * The server sends one after every commit that touched the document, and one right after connect.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MESSAGE } from './messages'

export function writeCommitted(snapshot: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.COMMITTED)
  encoding.writeVarUint8Array(encoder, snapshot)
  return encoding.toUint8Array(encoder)
}

/** Reads the body of a `committed` message (after its type). */
export function readCommitted(decoder: decoding.Decoder): Uint8Array {
  return decoding.readVarUint8Array(decoder)
}
