/**
 * The catalog pull's SQL (DESIGN.md §3): the `records` rows of a workspace changed after a
 * position, in (change_seq, id) order, keyset-paginated, deletions included, with the workspace's
 * counter read in the same statement.
 *
 * One statement is one snapshot, so the counter never runs ahead of the rows: a client that stores
 * the last page's `seq` has seen every row with a change_seq up to it. Rows written between pages
 * are not lost either: a write moves its row to a higher change_seq, past the cursor (a row already
 * sent comes again, newer), and the counter row is locked until its transaction commits, so
 * change_seq values become visible in order.
 */
import type { CatalogRow } from '../../shared/protocol/catalog'
import type { SqlCondition } from '../auth/record-visibility'
import type { SqlRunner } from '../storage/sql'

export const CATALOG_MAX_LIMIT = 1000
export const CATALOG_DEFAULT_LIMIT = 500

export type { CatalogRow }

/** A point in (change_seq, id) order: rows strictly after it come next; `id: null` is after every row of `seq`. */
export interface CatalogPosition {
  seq: number
  id: string | null
}

export interface CatalogPage {
  rows: CatalogRow[]
  /** Where the next page starts, or null when this was the last one. */
  next: { seq: number; id: string } | null
  /** The workspace's counter when the page was read. */
  seq: number
}

interface Row {
  counter: number | string
  id: string | null
  type: string
  title: string
  data: Record<string, unknown>
  ref_titles: Record<string, string>
  deleted: boolean
  version: number
  change_seq: number | string
  updated_at: Date | string
  updated_by: string
  owner_id: string | null
  account_id: string | null
}

/**
 * One page of the catalog after `after` (`{ seq: since, id: null }` for a first page). `visible` is
 * the principal's visibility condition on the row aliased `r`, numbered from `$5`.
 */
export async function catalogPage(
  db: SqlRunner, workspaceId: string, after: CatalogPosition, limit: number, visible: SqlCondition,
): Promise<CatalogPage> {
  const rows = await db.query<Row>(
    `with page as (
        select r.id, r.type, r.title, r.data, r.ref_titles, r.deleted, r.version, r.change_seq, r.updated_at,
          r.updated_by, r.owner_id, r.account_id
        from records r
        where r.workspace_id = $1 and ${after.id === null ? 'r.change_seq > $2::bigint and $3::text is null' : '(r.change_seq, r.id) > ($2::bigint, $3::text)'}
          and ${visible.sql}
        order by r.change_seq, r.id
        limit $4
      )
      select c.counter, p.*
      from (select coalesce((select seq from catalog_counters where workspace_id = $1), 0) as counter) c
      left join page p on true
      order by p.change_seq, p.id`,
    [workspaceId, after.seq, after.id, limit + 1, ...visible.params],
  )
  const seq = Number(rows[0]?.counter ?? 0)
  const found = rows.filter((row) => row.id !== null).map((row) => toCatalogRow(workspaceId, row))
  const page = found.slice(0, limit)
  const last = page[page.length - 1]
  const next = found.length > limit && last ? { seq: last.changeSeq, id: last.id } : null
  return { rows: page, next, seq }
}

function toCatalogRow(workspaceId: string, row: Row): CatalogRow {
  return {
    id: row.id!,
    type: row.type,
    docName: `${workspaceId}/${row.type}/${row.id}`,
    title: row.title,
    fields: row.data,
    refTitles: row.ref_titles,
    deleted: row.deleted,
    version: Number(row.version),
    changeSeq: Number(row.change_seq),
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedBy: row.updated_by,
    ownerId: row.owner_id,
    accountId: row.account_id,
  }
}
