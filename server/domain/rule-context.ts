/**
 * What a business rule (DESIGN.md §7) gets to work with: the projection to read, a way to queue a
 * check of another record, the grace-period bookkeeping for references to records that have not
 * arrived yet, and the one way to repair: an attributed edit by `server` through the room.
 */
import type * as Y from 'yjs'
import type { SqlRunner } from '../storage/sql'

export const SERVER_ACTOR = 'server'

export interface RuleContext {
  db: SqlRunner
  /** Queues a check of another document (coalesced with any check already waiting). */
  check(docName: string): void
  /**
   * Whether `docName`'s `field` has pointed at the missing record `value` for the whole grace
   * period. The first time it returns false and schedules a re-check for when the period ends:
   * the record may simply not have been uploaded yet (created offline).
   */
  missingForGrace(docName: string, field: string, value: string): boolean
  /** Forgets a reference that is no longer dangling. */
  notMissing(docName: string, field: string): void
  /**
   * Edits `docName` as the server. `mutate` sees the latest accepted state and returns false when
   * what the rule judged no longer holds there (another edit got in first; its commit is checked).
   */
  repair(docName: string, why: string, mutate: (doc: Y.Doc) => boolean): Promise<void>
}

/** One row of the projection, as rules read it. */
export interface RecordRow {
  id: string
  type: string
  deleted: boolean
  data: Record<string, unknown>
}

export async function recordRows(db: SqlRunner, workspaceId: string, ids: readonly string[]): Promise<Map<string, RecordRow>> {
  if (ids.length === 0) return new Map()
  const rows = await db.query<RecordRow>(
    'select id, type, deleted, data from records where workspace_id = $1 and id = any($2::text[])', [workspaceId, [...new Set(ids)]])
  return new Map(rows.map((row) => [row.id, row]))
}

export async function recordRow(db: SqlRunner, workspaceId: string, id: string): Promise<RecordRow | undefined> {
  return (await recordRows(db, workspaceId, [id])).get(id)
}

/** A reference field's value, when it holds one. */
export function refValue(data: Record<string, unknown>, field: string): string | null {
  const value = data[field]
  return typeof value === 'string' && value !== '' ? value : null
}
