/**
 * Field definitions: what a record type's schema says about each of its fields (DESIGN.md §2).
 * Forms, validation, the projection, the REST API and the docs all read these.
 *
 * Where a field lives in the record's document follows from its kind: scalars in the `fields` map,
 * `text` in a `Y.Text` root named after the field, `set` in a `Y.Map` root keyed by member, `items`
 * in a `Y.Map` root keyed by item id whose values are `Y.Map`s of the item's declared scalar fields.
 */
export type FieldKind =
  | 'string' // one line of text
  | 'text' // long text, co-edited character by character (Y.Text)
  | 'email'
  | 'phone'
  | 'url'
  | 'enum'
  | 'integer'
  | 'number'
  | 'money' // a decimal amount; the record's currency says which
  | 'boolean'
  | 'date' // YYYY-MM-DD
  | 'datetime' // ISO 8601 with a time zone
  | 'reference' // the id of another record
  | 'record-type' // the type name of a polymorphic reference (`customerType` beside `customerId`)
  | 'set' // a set of members (ids, or type names), one Y.Map root
  | 'items' // keyed items (goals, risks): a Y.Map root of Y.Map items, each with declared scalar fields

/** Who may write a field: everyone with write access, or only the server (numbers, commands). */
export type Writer = 'client' | 'server'

/** What search indexes a field as, so matching can suit it (typos in names, digits in phones). */
export type SearchAs = 'name' | 'email' | 'phone' | 'text'

export interface FieldDef {
  kind: FieldKind
  label: string
  required?: boolean
  /** Longest string, in characters (string, text, email, phone, url); members of a set; items. */
  max?: number
  /** Smallest and largest number (integer, number, money). */
  min?: number
  maxValue?: number
  /** Allowed values of an enum (and of a record-type or a set of type names). */
  values?: readonly string[]
  /** The record types a reference (or a set of references) may point at. */
  refTypes?: readonly string[]
  /** For a `reference` whose type varies: the `record-type` field beside it. */
  typeField?: string
  /** For a set: its members are record ids (`reference`) or plain values from `values`. */
  members?: 'reference' | 'value'
  /** For `items`: each item's fields, all scalar kinds (no text, set or items inside an item). */
  item?: Record<string, FieldDef>
  writer?: Writer
  search?: SearchAs
  /** Shown as a list column, and so allowed as a list filter and sort. */
  list?: boolean
  /** Which section of the record page it belongs to. */
  section?: string
  /** A short hint for forms and docs. */
  help?: string
  /** The value a record made in the app starts with (a new case's priority), unless given another. */
  initial?: string | number | boolean
}

export function isServerOwned(def: FieldDef): boolean {
  return def.writer === 'server'
}

export function livesInFieldsMap(def: FieldDef): boolean {
  return def.kind !== 'text' && def.kind !== 'set' && def.kind !== 'items'
}

/** The kinds that are a document root of their own rather than a value in the `fields` map. */
export type RootKind = 'text' | 'set' | 'items'
