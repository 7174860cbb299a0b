/**
 * The rows a committed update writes besides itself, in the same transaction (DESIGN.md §5): the
 * record's projection for lists, search and the catalog, and its field history.
 */

/** A record as lists, search and the catalog see it (the `records` table). */
export interface ProjectedRecord {
  workspaceId: string
  type: string
  id: string
  /** Every field value, long text included, as plain JSON. */
  data: Record<string, unknown>
  title: string
  /** Folded (lower case, no accents) names, emails and phone digits, for trigram search. */
  searchText: string
  /** Folded title and long text, for full-text search. */
  searchBody: string
  ownerId: string | null
  /** The account the record belongs to (a contact's account, an account's own id for an account). */
  accountId: string | null
  /** Every record id it references: related lists and dependent re-projection use these. */
  refs: string[]
  deleted: boolean
}

/**
 * One field change: who changed which field from what to what, and when. `lost` rows are values
 * that lost to a concurrent write of the same field (the history keeps them, DESIGN.md §2). An edit
 * that continues the same person's last edit of the field rewrites that row (same `id`).
 */
export interface HistoryEntry {
  id: string
  doc: string
  workspaceId: string
  recordId: string
  field: string
  old: unknown
  new: unknown
  actor: string
  /** Milliseconds since the epoch. */
  at: number
  kind: 'edit' | 'lost'
}

export interface RecordedChange {
  /**
   * The record's projection as of this update. A function, called when its row is written: a
   * record edited twenty times in a batch is projected once (its last state), and the journal
   * keeps no copy of it (a replay projects the replayed document again).
   */
  project(): ProjectedRecord
  history: HistoryEntry[]
  /**
   * The title, deletion or references may have changed: the record's referenced titles and the
   * records that show its title are re-projected. False for the common edit, which saves the work.
   */
  linksChanged: boolean
  /**
   * The search text or body may have changed: the record's `record_search` row is rewritten. Most
   * edits change neither, and skipping the row spares its trigram and full-text index entries.
   */
  searchChanged: boolean
  /**
   * Set when several updates' changes were combined (a batch behind the journal): who wrote the
   * first of them, the record's creator if it is new. Otherwise the update's own actor is.
   */
  firstActor?: string
}
