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
  // Spelled out, not spread: this runs for every commit, and is half as costly so.
  const header: HeaderEntry[] = rows.map((row) => ({
    doc: row.doc, actor: row.actor, clientId: row.clientId, bindClients: row.bindClients, claimOwner: row.claimOwner,
    record: row.record && journaledChange(row.record, options.withProjection === true), bytes: row.update.byteLength,
  }))
  const json = Buffer.from(JSON.stringify(header))
  const length = new Uint8Array(4)
  new DataView(length.buffer).setUint32(0, json.byteLength, true)
  return [length, json, ...rows.map((r) => r.update)]
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
