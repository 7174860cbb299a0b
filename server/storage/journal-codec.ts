/**
 * One journal frame's payload (server/storage/update-journal.ts): a group commit's updates.
 *
 *     u32 header length | header: JSON array, one entry per update | the updates' bytes, in order
 *
 * Each header entry holds what the database rows need besides the bytes and the record's
 * projection (document, actor, client id, bindings, owner claim, the field history and the
 * record's flags) and the length of its update. The projection is left out: it is most of an
 * entry, and a function of the document, so a replay projects the replayed document again
 * (journaled-store.ts). A set-aside payload (the quarantine) keeps it, as `projection`. The bytes
 * stay binary: an update is most of a frame.
 */
import type { StoredUpdate } from './document-store'
import type { ProjectedRecord, RecordedChange } from './record-rows'

/** A record's change as a frame holds it: everything but the projection, which only some keep. */
export type JournaledChange = Omit<RecordedChange, 'project'> & { projection?: ProjectedRecord }

/** An update as read back from a frame. */
export interface JournaledUpdate extends Omit<StoredUpdate, 'record'> {
  record?: JournaledChange
}

interface HeaderEntry extends Omit<JournaledUpdate, 'update'> {
  bytes: number
}

const decoder = new TextDecoder()

/**
 * The frame's parts, to write without copying the updates. `withProjection` keeps each record's
 * projection (computing it): for a payload that is read by people, not replayed.
 */
export function encodeJournalBatch(rows: readonly StoredUpdate[], options: { withProjection?: boolean } = {}): Uint8Array[] {
  return encodeParts(rows, options.withProjection === true, 0)
}

/**
 * The parts of a journal frame with this payload, the frame's own header (`FRAME_HEADER_BYTES`,
 * update-journal.ts) left blank at the start of the first part, for `UpdateJournal.appendFrame` to
 * fill: one buffer for the headers and the JSON, not three, on the path of every commit. The
 * payload is the same as `encodeJournalBatch`'s.
 */
export function encodeJournalFrame(rows: readonly StoredUpdate[], frameHeaderBytes: number): Uint8Array[] {
  return encodeParts(rows, false, frameHeaderBytes)
}

function encodeParts(rows: readonly StoredUpdate[], withProjection: boolean, reserved: number): Uint8Array[] {
  // Spelled out, not spread: this runs for every commit, and is half as costly so.
  const header: HeaderEntry[] = []
  for (const row of rows) {
    header.push({
      doc: row.doc, actor: row.actor, clientId: row.clientId, bindClients: row.bindClients, claimOwner: row.claimOwner,
      record: row.record && journaledChange(row.record, withProjection), bytes: row.update.byteLength,
    })
  }
  const json = JSON.stringify(header)
  const jsonBytes = Buffer.byteLength(json)
  const first = Buffer.allocUnsafe(reserved + 4 + jsonBytes)
  first.fill(0, 0, reserved)
  first.writeUInt32LE(jsonBytes, reserved)
  first.write(json, reserved + 4)
  const parts: Uint8Array[] = [first]
  for (const row of rows) parts.push(row.update)
  return parts
}

function journaledChange(record: RecordedChange, withProjection: boolean): JournaledChange {
  const change: JournaledChange = {
    history: record.history, linksChanged: record.linksChanged, searchChanged: record.searchChanged, firstActor: record.firstActor,
  }
  if (withProjection) change.projection = record.project()
  return change
}

/** The updates of a frame; throws on a payload that does not add up (a checksum passed, so: a bug). */
export function decodeJournalBatch(payload: Uint8Array): JournaledUpdate[] {
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
