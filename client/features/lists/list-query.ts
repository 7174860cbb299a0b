/**
 * Filters and sort of a list on the schema's list columns. Both run when the user changes them or
 * the rows change, not per keystroke (search runs on their result), and a sort reads each row's
 * key once: folded text for text, numbers for numbers, empty values last in either direction.
 */
import { fold } from '../../../shared/search/fold'
import type { CatalogListRow } from '../../sync/catalog'
import { cellText, type CellContext, type ListColumn } from './list-columns'

export type FilterOp = 'is' | 'contains' | 'empty' | 'not-empty'

export interface ListFilter {
  key: string
  op: FilterOp
  value: string
}

export interface ListSort {
  key: string
  direction: 'asc' | 'desc'
}

/** The operators a column offers: enums are picked, everything else is typed. */
export function filterOps(column: ListColumn): FilterOp[] {
  return column.def.kind === 'enum' || column.def.kind === 'record-type' || column.def.kind === 'boolean'
    ? ['is', 'empty', 'not-empty']
    : ['contains', 'empty', 'not-empty']
}

export const FILTER_OP_LABELS: Record<FilterOp, string> = { is: 'is', contains: 'contains', empty: 'is empty', 'not-empty': 'is not empty' }

/** Rows that pass every filter whose column is known (a filter with no value yet passes all). */
export function applyFilters(rows: readonly CatalogListRow[], filters: readonly ListFilter[], columns: readonly ListColumn[], context: CellContext): readonly CatalogListRow[] {
  const tests: Array<(row: CatalogListRow) => boolean> = []
  for (const filter of filters) {
    const column = columns.find((c) => c.key === filter.key)
    if (!column) continue
    const text = (row: CatalogListRow) => cellText(row, column, context)
    switch (filter.op) {
      case 'empty': tests.push((row) => text(row) === ''); break
      case 'not-empty': tests.push((row) => text(row) !== ''); break
      case 'is': {
        if (filter.value === '') break
        const raw = column.def.kind === 'boolean' ? filter.value === 'true' : filter.value
        tests.push((row) => (row.fields[column.key] ?? (column.def.kind === 'boolean' ? false : undefined)) === raw)
        break
      }
      case 'contains': {
        const needle = fold(filter.value)
        if (needle === '') break
        tests.push((row) => fold(text(row)).includes(needle))
        break
      }
    }
  }
  return tests.length === 0 ? rows : rows.filter((row) => tests.every((t) => t(row)))
}

type SortKey = string | number | null

function sortKey(row: CatalogListRow, column: ListColumn, context: CellContext): SortKey {
  const value = row.fields[column.key]
  if (value === undefined || value === null || value === '') return null
  switch (column.def.kind) {
    case 'integer': case 'number': case 'money':
      return typeof value === 'number' ? value : Number(value)
    case 'date': case 'datetime':
      // ISO dates sort as text; times are made comparable across zones.
      if (typeof value !== 'string') return null
      if (column.def.kind === 'date') return value
      return Number.isNaN(Date.parse(value)) ? null : Date.parse(value)
    default: {
      const text = fold(cellText(row, column, context))
      return text === '' ? null : text
    }
  }
}

/**
 * The rows sorted by a column (stable: rows with equal keys keep their order, the catalog's by
 * title); `null` sort leaves them as they are.
 */
export function sortRows(rows: readonly CatalogListRow[], sort: ListSort | null, columns: readonly ListColumn[], context: CellContext): readonly CatalogListRow[] {
  const column = sort && columns.find((c) => c.key === sort.key)
  if (!sort || !column) return rows
  const keys = rows.map((row) => sortKey(row, column, context))
  const order = rows.map((_, i) => i)
  const sign = sort.direction === 'asc' ? 1 : -1
  order.sort((a, b) => {
    const x = keys[a]!
    const y = keys[b]!
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1
    if (x < y) return -sign
    if (x > y) return sign
    return a - b
  })
  return order.map((i) => rows[i]!)
}

/** The next sort when a column header is clicked: ascending, then descending, then none. */
export function nextSort(current: ListSort | null, key: string): ListSort | null {
  if (!current || current.key !== key) return { key, direction: 'asc' }
  return current.direction === 'asc' ? { key, direction: 'desc' } : null
}
