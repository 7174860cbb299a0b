/**
 * Checks one value against its field definition. The same code runs in the browser before an edit
 * is made, on the server on every incoming update (DESIGN.md §3a), and on every REST write, so a
 * value the form accepts is a value the server accepts.
 *
 * `null` clears a field; whether a field may be empty is the record's concern (`required`), checked
 * where a whole record is known (a create, a form), never on a single update.
 */
import { isUuid } from '../ids'
import type { FieldDef } from './field'

export type ScalarValue = string | number | boolean | null

// Deliberately plain: a local part, an @, a domain with a dot. Stricter checks refuse real addresses.
const EMAIL_RE = /^[^\s@"<>()[\],;:]+@[^\s@"<>()[\],;:]+\.[^\s@"<>()[\],;:.]{2,}$/
// Digits with the separators people write: +1 (425) 555-0100, 425.555.0100, 0044 20 7946 0958 ext. 12
const PHONE_RE = /^\+?[0-9 ().\-/]{3,}(\s*(x|ext\.?)\s*[0-9]{1,6})?$/i
const URL_RE = /^(https?:\/\/)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?(\/[^\s]*)?$/i
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/

const LONE_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export const DEFAULT_MAX = { string: 200, text: 100_000, email: 254, phone: 40, url: 2048 } as const

/** Why a value does not fit its field, in words for the person who typed it; null when it fits. */
export function valueProblem(def: FieldDef, value: unknown): string | null {
  if (value === null) return null
  // PostgreSQL text and JSONB cannot hold U+0000: a value with one could never be stored.
  if (typeof value === 'string' && value.includes('\u0000')) return 'contains a NUL character'
  // Half of a surrogate pair is not Unicode: PostgreSQL's JSON refuses it, and so does UTF-8.
  if (typeof value === 'string' && LONE_SURROGATE_RE.test(value)) return 'contains an unpaired UTF-16 surrogate (not valid Unicode)'
  switch (def.kind) {
    case 'string':
    case 'text':
      if (typeof value !== 'string') return 'must be text'
      return tooLong(value, def.max ?? DEFAULT_MAX[def.kind])
    case 'email':
      if (typeof value !== 'string') return 'must be text'
      return tooLong(value, def.max ?? DEFAULT_MAX.email) ?? (EMAIL_RE.test(value) ? null : 'is not an email address')
    case 'phone':
      if (typeof value !== 'string') return 'must be text'
      return tooLong(value, def.max ?? DEFAULT_MAX.phone) ??
        (PHONE_RE.test(value.trim()) && /\d/.test(value) ? null : 'is not a phone number')
    case 'url':
      if (typeof value !== 'string') return 'must be text'
      return tooLong(value, def.max ?? DEFAULT_MAX.url) ?? (URL_RE.test(value) ? null : 'is not a web address')
    case 'enum':
    case 'record-type':
      if (typeof value !== 'string') return 'must be one of the listed values'
      return def.values?.includes(value) ? null : `must be one of: ${(def.values ?? []).join(', ')}`
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'must be a whole number'
      return outOfRange(def, value)
    case 'number':
    case 'money':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number'
      return outOfRange(def, value)
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false'
    case 'date':
      return typeof value === 'string' && isDate(value) ? null : 'must be a date (YYYY-MM-DD)'
    case 'datetime':
      return typeof value === 'string' && DATETIME_RE.test(value) && !Number.isNaN(Date.parse(value)) && isDate(value.slice(0, 10))
        ? null : 'must be a date and time (ISO 8601 with a time zone)'
    case 'reference':
      return typeof value === 'string' && isUuid(value) ? null : 'must be a record id'
    case 'set':
      return 'is a set: add and remove members instead'
    case 'items':
      return 'is a collection of items: add, change and remove items instead'
  }
}

/** Why a member of a set does not fit; null when it fits. */
export function memberProblem(def: FieldDef, member: string): string | null {
  if (def.members === 'value') return def.values?.includes(member) ? null : `must be one of: ${(def.values ?? []).join(', ')}`
  return isUuid(member) ? null : 'must be a record id'
}

/** Why keyed items given as plain values (`{ id: { field: value } }`) do not fit; null when they fit. */
export function itemsProblem(def: FieldDef, value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of items by id'
  const entries = Object.entries(value)
  if (def.max !== undefined && entries.length > def.max) return `may have at most ${def.max} items`
  for (const [id, item] of entries) {
    if (!isUuid(id)) return `: "${id}" is not an item id`
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return `: item ${id} must be an object of its fields`
    for (const [key, sub] of Object.entries(def.item ?? {})) {
      if (sub.required && isEmptyValue((item as Record<string, unknown>)[key])) return `: ${sub.label} is required (item ${id})`
    }
    for (const [key, v] of Object.entries(item)) {
      const sub = def.item?.[key]
      if (!sub) return `items have no field "${key}"`
      const reason = valueProblem(sub, v)
      if (reason) return `: ${sub.label} ${reason} (item ${id})`
    }
  }
  return null
}

export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
}

function tooLong(value: string, max: number): string | null {
  return value.length > max ? `is longer than ${max} characters` : null
}

function outOfRange(def: FieldDef, value: number): string | null {
  if (def.min !== undefined && value < def.min) return `must be at least ${def.min}`
  if (def.maxValue !== undefined && value > def.maxValue) return `must be at most ${def.maxValue}`
  return null
}

function isDate(value: string): boolean {
  const m = DATE_RE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}
