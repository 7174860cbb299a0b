/**
 * A list over the local catalog, kept sorted by title then id. A list of 100,000 contacts must not
 * be rebuilt and re-sorted for each keystroke in an open record (every local edit changes a row),
 * so a list that changed in a few rows is patched: each changed row taken out and put back where
 * it sorts, by binary search; one that changed in many (a page read from IndexedDB) has the
 * changed rows sorted alone and merged in.
 *
 * The order is that of `orderKey(title)` compared by code units, then the id: the same order
 * IndexedDB keeps the stored rows in (catalog-store.ts), so the rows read from it page by page
 * are always the start of the list. The key folds case and accents (Élan and elan sort together)
 * and compares runs of digits by value (Gamma 2 before Gamma 10).
 */
import type { CatalogRow } from '../../shared/protocol/catalog'
import { fold } from '../../shared/search/fold'

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

const PLAIN = /^[\x20-\x7e]*$/
const DIGITS = /\d+/g

/**
 * A title's sort key: folded (as search folds it, without the Unicode work for plain ASCII), each
 * run of digits written as its length then its digits (leading zeros dropped), so that code-unit
 * order sorts numbers by value. The length is one character from '1' (runs of up to 40 digits).
 */
export function orderKey(title: string): string {
  const folded = PLAIN.test(title) ? title.toLowerCase().replace(/ {2,}/g, ' ').trim() : fold(title)
  return folded.replace(DIGITS, (run) => {
    const digits = run.replace(/^0+(?=\d)/, '')
    return String.fromCharCode(0x30 + Math.min(digits.length, 40)) + digits
  })
}

/** Each row object's key, made once (a row object is replaced, never changed). */
const keys = new WeakMap<CatalogListRow, string>()

export function orderKeyOf(row: CatalogListRow): string {
  let key = keys.get(row)
  if (key === undefined) {
    key = orderKey(row.title)
    keys.set(row, key)
  }
  return key
}

export function compareRows(a: CatalogListRow, b: CatalogListRow): number {
  const x = orderKeyOf(a)
  const y = orderKeyOf(b)
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
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

/** Up to this many changed rows are spliced in one by one; more are sorted and merged. */
const PATCH_LIMIT = 64

/**
 * A new sorted array from `rows` with the rows of `changed` ids replaced by their current state
 * (`current(id)`, null when gone); `byId` (the rows by id) is updated to match. When none of them
 * is or was in this list, `rows` itself: a list of other records' type did not change.
 */
export function patchSorted(
  rows: readonly CatalogListRow[], byId: Map<string, CatalogListRow>, changed: ReadonlySet<string>,
  current: (id: string) => CatalogListRow | null, query: CatalogQuery,
): readonly CatalogListRow[] {
  return changed.size <= PATCH_LIMIT ? spliceChanged(rows, byId, changed, current, query) : mergeChanged(rows, byId, changed, current, query)
}

/** Each changed row taken out and put back by binary search: O(changed × rows) moves, for a few. */
function spliceChanged(
  rows: readonly CatalogListRow[], byId: Map<string, CatalogListRow>, changed: Iterable<string>,
  current: (id: string) => CatalogListRow | null, query: CatalogQuery,
): readonly CatalogListRow[] {
  let next: CatalogListRow[] | null = null
  for (const id of changed) {
    const old = byId.get(id)
    if (old) {
      next ??= rows.slice()
      next.splice(position(next, old), 1)
      byId.delete(id)
    }
    const row = current(id)
    if (row && matches(row, query)) {
      next ??= rows.slice()
      next.splice(position(next, row), 0, row)
      byId.set(id, row)
    }
  }
  return next ?? rows
}

/** The unchanged rows kept in order, the changed ones sorted alone and merged in: O(rows + changed × log changed). */
function mergeChanged(
  rows: readonly CatalogListRow[], byId: Map<string, CatalogListRow>, changed: ReadonlySet<string>,
  current: (id: string) => CatalogListRow | null, query: CatalogQuery,
): readonly CatalogListRow[] {
  let kept: readonly CatalogListRow[] = rows
  if (rows.length > 0 && [...changed].some((id) => byId.has(id))) kept = rows.filter((row) => !changed.has(row.id))
  const added: CatalogListRow[] = []
  for (const id of changed) {
    byId.delete(id)
    const row = current(id)
    if (row && matches(row, query)) {
      added.push(row)
      byId.set(id, row)
    }
  }
  if (added.length === 0) return kept === rows ? rows : kept.slice()
  added.sort(compareRows)
  // Rows read from IndexedDB in order mostly go after all the others: copy, do not compare, up to there.
  const start = position(kept, added[0]!)
  const next = kept.slice(0, start)
  let i = start
  let j = 0
  while (i < kept.length && j < added.length) next.push(compareRows(added[j]!, kept[i]!) < 0 ? added[j++]! : kept[i++]!)
  while (i < kept.length) next.push(kept[i++]!)
  while (j < added.length) next.push(added[j++]!)
  return next
}
