/**
 * One journal frame's payload (server/storage/update-journal.ts): a group commit's updates.
 *
 *     u32 header length | header: JSON array, one entry per update | the updates' bytes, in order
 *
 * Each header entry holds everything the database rows need besides the bytes (document, actor,
 * client id, bindings, owner claim, the record's projection and field history) and the length of
 * its update. The bytes stay binary: an update is most of a frame.
 */
import type { StoredUpdate } from './document-store'

interface HeaderEntry extends Omit<StoredUpdate, 'update'> {
  bytes: number
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The frame's parts, to write without copying the updates. */
export function encodeJournalBatch(rows: readonly StoredUpdate[]): Uint8Array[] {
  const header: HeaderEntry[] = rows.map(({ update, ...rest }) => ({ ...rest, bytes: update.byteLength }))
  const json = encoder.encode(JSON.stringify(header))
  const length = new Uint8Array(4)
  new DataView(length.buffer).setUint32(0, json.byteLength, true)
  return [length, json, ...rows.map((r) => r.update)]
}

/** The updates of a frame; throws on a payload that does not add up (a checksum passed, so: a bug). */
export function decodeJournalBatch(payload: Uint8Array): StoredUpdate[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength)
  const jsonLength = view.getUint32(0, true)
  const header = JSON.parse(decoder.decode(payload.subarray(4, 4 + jsonLength))) as HeaderEntry[]
  let offset = 4 + jsonLength
  const rows = header.map(({ bytes, ...rest }) => {
    const update = payload.slice(offset, offset + bytes)
    if (update.byteLength !== bytes) throw new Error('a journal frame is shorter than its header says')
    offset += bytes
    return { ...rest, update }
  })
  if (offset !== payload.byteLength) throw new Error('a journal frame is longer than its header says')
  return rows
}
