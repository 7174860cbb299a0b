/**
 * `refused` (message type 101, server → our client): an update the server did not accept.
 *
 *   varUint 101 · varString code · varString message · varString updateId · varString details (JSON)
 *
 * `code` is one of `ERROR` (shared/errors.ts); `message` is for people; `updateId` names the refused
 * update by `updateId()` of its bytes (the client hashes the updates it sent the same way);
 * `details` is a JSON object, e.g. `{ "fields": ["name"] }` for a schema refusal.
 *
 * A refused update is neither stored nor broadcast. The client keeps the refused values as a visible
 * draft, drops that document's local updates and reloads it from the server (DESIGN.md §3a).
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MESSAGE } from './messages'

export interface Refusal {
  code: string
  message: string
  updateId: string
  details: Record<string, unknown>
}

export function writeRefused(refusal: Refusal): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.REFUSED)
  encoding.writeVarString(encoder, refusal.code)
  encoding.writeVarString(encoder, refusal.message)
  encoding.writeVarString(encoder, refusal.updateId)
  encoding.writeVarString(encoder, JSON.stringify(refusal.details))
  return encoding.toUint8Array(encoder)
}

/** Reads the body of a `refused` message (after its type). */
export function readRefused(decoder: decoding.Decoder): Refusal {
  const code = decoding.readVarString(decoder)
  const message = decoding.readVarString(decoder)
  const updateId = decoding.readVarString(decoder)
  const details = JSON.parse(decoding.readVarString(decoder)) as Record<string, unknown>
  return { code, message, updateId, details }
}

/** A short, stable name for an update's bytes: FNV-1a, 32 bits, with the length. */
export function updateId(update: Uint8Array): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < update.length; i++) {
    hash ^= update[i]!
    hash = Math.imul(hash, 0x01000193)
  }
  return `${(hash >>> 0).toString(16).padStart(8, '0')}-${update.length}`
}
