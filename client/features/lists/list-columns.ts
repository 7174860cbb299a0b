/**
 * A list's columns, from the schema: every field with `list: true` (shared/records/*), in schema
 * order, and how a row's value shows in a cell (references by the referenced record's title,
 * enums in words, dates and amounts in the reader's locale).
 */
import type { FieldDef } from '../../../shared/schema/field'
import type { RecordType } from '../../../shared/schema/record-type'
import type { CatalogListRow } from '../../sync/catalog'

export interface ListColumn {
  key: string
  label: string
  def: FieldDef
}

/** How many columns a list shows before the user picks their own. */
const DEFAULT_COLUMN_COUNT = 5

export function listColumns(type: RecordType): ListColumn[] {
  return Object.entries(type.fields).filter(([, def]) => def.list).map(([key, def]) => ({ key, label: def.label, def }))
}

/** The columns shown by default: the title fields first, then the next list columns in schema order. */
export function defaultColumnKeys(type: RecordType): string[] {
  const all = listColumns(type).map((c) => c.key).filter((key) => key !== 'ownerId')
  const titles = all.filter((key) => type.titleFields.includes(key))
  return [...titles, ...all.filter((key) => !titles.includes(key))].slice(0, DEFAULT_COLUMN_COUNT)
}

/** Context a cell needs beyond the row: people's names (owners), and titles the row lacks. */
export interface CellContext {
  userName(id: string): string | undefined
  /** A record's title from the local catalog, for a reference the row's `refTitles` lacks. */
  recordTitle?(id: string): string | undefined
}

/** "in-progress" → "In progress". */
export function words(value: string): string {
  const spaced = value.replace(/[-_]/g, ' ')
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 })
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** What a cell shows for `column` of `row` ('' for nothing). */
export function cellText(row: CatalogListRow, column: ListColumn, context: CellContext): string {
  const value = row.fields[column.key]
  if (value === undefined || value === null || value === '') return ''
  const def = column.def
  switch (def.kind) {
    case 'reference': {
      if (typeof value !== 'string') return ''
      if (def.refTypes?.includes('user')) return context.userName(value) ?? 'Someone'
      // A record can point at itself (a symmetric relationship role is its own reciprocal).
      return row.refTitles[value] ?? (value === row.id ? row.title : undefined) ?? context.recordTitle?.(value) ?? 'Unknown record'
    }
    case 'enum':
    case 'record-type':
      return typeof value === 'string' ? words(value) : ''
    case 'boolean':
      return value === true ? 'Yes' : 'No'
    case 'integer':
    case 'number':
    case 'money':
      return typeof value === 'number' ? numberFormat.format(value) : typeof value === 'string' ? value : ''
    case 'datetime': {
      const time = typeof value === 'string' ? Date.parse(value) : NaN
      return Number.isNaN(time) ? String(value) : dateTimeFormat.format(time)
    }
    case 'set':
      return Array.isArray(value) ? `${value.length}` : ''
    default:
      return typeof value === 'string' ? value : String(value)
  }
}
