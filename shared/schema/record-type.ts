/**
 * A record type: its name, its fields, how it is titled. One file per type under `shared/records/`
 * declares one of these; everything else (checks, projection, REST, forms, docs) derives from it.
 */
import { livesInFieldsMap, type FieldDef, type RootKind } from './field'
import { valueProblem } from './values'

export interface RecordTypeDef {
  /** The type's name in document names: `<workspaceId>/<type>/<id>`. */
  type: string
  /** Its name in REST paths: `/api/v1/<workspaceId>/<path>`. */
  path: string
  label: string
  pluralLabel: string
  /** Bumped when the shape changes; older documents are migrated by the server (DESIGN.md §2). */
  version: number
  /** Every field but the common ones, which `defineRecordType` adds. */
  fields: Record<string, FieldDef>
  /** The fields whose values, joined by a space, are the record's title. */
  titleFields: readonly string[]
  /** Sections of the record page, in order. */
  sections?: readonly string[]
}

export interface RecordType extends RecordTypeDef {
  /** The fields declared, plus the common ones every record has. */
  fields: Record<string, FieldDef>
}

/** Fields every record has in its document. */
export const COMMON_FIELDS: Record<string, FieldDef> = {
  ownerId: { kind: 'reference', label: 'Owner', refTypes: ['user'], list: true, section: 'System' },
  deleted: { kind: 'boolean', label: 'Deleted', section: 'System', help: 'Soft delete: the record stays, hidden from lists.' },
}

/**
 * What the server keeps about every record outside its document (from the committed updates), so
 * no client can write them: an update that tries is refused as writing a server-owned field.
 */
export const META_FIELDS = ['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'version'] as const

export function defineRecordType(def: RecordTypeDef): RecordType {
  for (const key of Object.keys(def.fields)) {
    if (key in COMMON_FIELDS || (META_FIELDS as readonly string[]).includes(key)) throw new Error(`${def.type}.${key} is a common field`)
  }
  for (const key of def.titleFields) if (!def.fields[key]) throw new Error(`${def.type} is titled by an unknown field ${key}`)
  for (const [key, field] of Object.entries(def.fields)) {
    if ((field.kind === 'items') !== (field.item !== undefined)) throw new Error(`${def.type}.${key}: only items declare item fields`)
    for (const [sub, subDef] of Object.entries(field.item ?? {})) {
      if (!livesInFieldsMap(subDef) || subDef.writer === 'server') throw new Error(`${def.type}.${key}.${sub} must be a client-written scalar`)
    }
    if (field.initial !== undefined) {
      const problem = !livesInFieldsMap(field) || field.writer === 'server' ? 'only a client-written scalar has one' : valueProblem(field, field.initial)
      if (problem) throw new Error(`${def.type}.${key}'s initial value: ${problem}`)
    }
  }
  return { ...def, fields: { ...def.fields, ...COMMON_FIELDS } }
}

/** The values a new record starts with, in the app and through the API, from its fields' `initial`. */
export function initialValues(type: RecordType): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {}
  for (const [key, def] of Object.entries(type.fields)) if (def.initial !== undefined) values[key] = def.initial
  return values
}

/** The record's title from its field values ("Contoso Ltd", "Yvonne McKay"). */
export function titleOf(type: RecordType, values: Record<string, unknown>): string {
  return type.titleFields.map((key) => values[key]).filter((v) => typeof v === 'string' && v.trim() !== '').join(' ').trim()
}

/** The document roots besides `fields`: long texts, sets and keyed items, by name. */
export function extraRoots(type: RecordType): Record<string, RootKind> {
  const roots: Record<string, RootKind> = {}
  for (const [key, def] of Object.entries(type.fields)) if (def.kind === 'text' || def.kind === 'set' || def.kind === 'items') roots[key] = def.kind
  return roots
}
