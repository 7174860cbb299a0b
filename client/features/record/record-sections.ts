/**
 * The sections of a record page from its type's schema: each section's fields in schema order.
 * A field without a known section goes to the first one; a `record-type` field that is the type of
 * a polymorphic reference is not shown on its own (the reference's picker writes both).
 */
import type { FieldDef } from '../../../shared/schema/field'
import type { RecordType } from '../../../shared/schema/record-type'

export interface PageSection {
  title: string
  fields: Array<[string, FieldDef]>
}

export function sectionsOf(type: RecordType): PageSection[] {
  const typeFields = new Set(Object.values(type.fields).map((d) => d.typeField).filter(Boolean))
  const titles = type.sections ?? ['Details', 'System']
  const fallback = titles[0]!
  return titles.map((title) => ({
    title,
    fields: Object.entries(type.fields).filter(([key, def]) => !typeFields.has(key) && (def.section && titles.includes(def.section) ? def.section : fallback) === title),
  })).filter((s) => s.fields.length > 0)
}
