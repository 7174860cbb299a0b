/**
 * A list over the local catalog, kept sorted by title then id. A list of 100,000 contacts must not
 * be rebuilt and re-sorted for each keystroke in an open record (every local edit changes a row),
 * so a list that changed in a few rows is patched: each changed row taken out and put back where
 * it sorts, by binary search.
 */
import type { CatalogRow } from '../../shared/protocol/catalog'

/** A row as lists see it: the server's, or ours while our own edit is not in it yet. */
export interface CatalogListRow extends CatalogRow {
  /** True while the row shows a local edit the server's row does not have yet. */
  pending: boolean
}

export interface CatalogQuery {
  /** Only rows of this record type (`account`, `contact`…). */
  type?: string
  /** Deleted records too (default: left out). */
  includeDeleted?: boolean
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

export function compareRows(a: CatalogListRow, b: CatalogListRow): number {
  return collator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

export function matches(row: CatalogListRow, query: CatalogQuery): boolean {
  return (query.type === undefined || row.type === query.type) && (!row.deleted || query.includeDeleted === true)
}

/** Where `row` sorts in `rows`: the index of the first row not before it. */
function position(rows: readonly CatalogListRow[], row: CatalogListRow): number {
  let low = 0
  let high = rows.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (compareRows(rows[mid]!, row) < 0) low = mid + 1
    else high = mid
  }
  return low
}

/**
 * A new sorted array from `rows` with the rows of `changed` ids replaced by their current state
 * (`current(id)`, null when gone); `byId` (the rows by id) is updated to match.
 */
export function patchSorted(
  rows: readonly CatalogListRow[], byId: Map<string, CatalogListRow>, changed: Iterable<string>,
  current: (id: string) => CatalogListRow | null, query: CatalogQuery,
): CatalogListRow[] {
  const next = rows.slice()
  for (const id of changed) {
    const old = byId.get(id)
    if (old) {
      next.splice(position(next, old), 1)
      byId.delete(id)
    }
    const row = current(id)
    if (row && matches(row, query)) {
      next.splice(position(next, row), 0, row)
      byId.set(id, row)
    }
  }
  return next
}
