/**
 * A field's value as words for reading (history, read-only fields, conflict notices): enum values
 * humanized, dates in the browser's locale, references by their title.
 */
import type { FieldDef } from '../../../shared/schema/field'

export function humanize(value: string): string {
  const spaced = value.replace(/-/g, ' ')
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}

export function displayValue(def: FieldDef | undefined, value: unknown, titleOf: (id: string) => string): string {
  if (value === null || value === undefined || value === '') return ''
  if (Array.isArray(value)) return value.map((v) => displayValue(def, v, titleOf)).join(', ')
  if (!def) return typeof value === 'string' ? value : JSON.stringify(value)
  switch (def.kind) {
    case 'enum':
    case 'record-type':
      return humanize(String(value))
    case 'boolean':
      return value === true ? 'Yes' : 'No'
    case 'datetime': {
      const date = new Date(String(value))
      return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString()
    }
    case 'reference':
      return typeof value === 'string' ? titleOf(value) : String(value)
    case 'set':
      return def.members === 'value' ? humanize(String(value)) : titleOf(String(value))
    case 'money':
      return typeof value === 'number' ? value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : String(value)
    default:
      return String(value)
  }
}
