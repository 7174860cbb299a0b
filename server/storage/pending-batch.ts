/**
 * The updates waiting for the database behind the journal (server/storage/journaled-store.ts), by
 * document: the log rows as they came, and the record's change combined as it goes: the latest
 * projection (the only one computed and written), each history row's latest state, the flags of any update.
 * Combining on arrival lets a superseded projection be collected young instead of waiting, with
 * hundreds of others, for the batch.
 */
import type { StoredUpdate } from './document-store'
import type { HistoryEntry, RecordedChange } from './record-rows'

export interface DocBatch {
  /** The updates with their bindings and owner claims, in order; their record changes are below. */
  log: StoredUpdate[]
  record: { actor: string; change: RecordedChange; history: Map<string, HistoryEntry> } | null
}

export class PendingBatch {
  readonly docs = new Map<string, DocBatch>()
  rows = 0

  add(row: StoredUpdate): void {
    const entry = this.entryOf(row.doc)
    entry.log.push({ doc: row.doc, update: row.update, actor: row.actor, clientId: row.clientId, bindClients: row.bindClients, claimOwner: row.claimOwner })
    this.rows++
    if (row.record) combine(entry, row.actor, row.record)
  }

  /** This batch followed by `later` (a failed write goes back in front of what came since). */
  concat(later: PendingBatch): PendingBatch {
    const both = new PendingBatch()
    for (const batch of [this, later]) {
      for (const [doc, entry] of batch.docs) {
        const mine = both.entryOf(doc)
        mine.log.push(...entry.log)
        both.rows += entry.log.length
        if (entry.record) combine(mine, entry.record.actor, recordOf(entry)!)
      }
    }
    return both
  }

  /** The unwritten updates of one document. */
  logOf(doc: string): StoredUpdate[] {
    return this.docs.get(doc)?.log ?? []
  }

  private entryOf(doc: string): DocBatch {
    let entry = this.docs.get(doc)
    if (!entry) this.docs.set(doc, (entry = { log: [], record: null }))
    return entry
  }
}

function combine(entry: DocBatch, actor: string, record: RecordedChange): void {
  const before = entry.record
  if (!before) {
    entry.record = {
      actor,
      history: new Map(record.history.map((h) => [h.id, h])),
      change: {
        project: record.project, history: [], firstActor: record.firstActor ?? actor,
        linksChanged: record.linksChanged, searchChanged: record.searchChanged,
      },
    }
    return
  }
  // In place: this runs for every update, and the batch's own objects are nobody else's.
  for (const h of record.history) before.history.set(h.id, h) // a coalesced edit rewrites its row
  before.actor = actor
  before.change.project = record.project
  before.change.linksChanged ||= record.linksChanged
  before.change.searchChanged ||= record.searchChanged
}

/** The document's combined record change, as the one row the record writes take. */
export function recordOf(entry: DocBatch): RecordedChange | null {
  if (!entry.record) return null
  return { ...entry.record.change, history: [...entry.record.history.values()] }
}
