/**
 * Validation of plain values against a record type: for REST bodies and forms, before anything is
 * written to a document. Returns every problem at once, by field, so a form can show each at its
 * field and an API caller can fix them all in one go.
 */
import { isServerOwned, type FieldDef } from './field'
import { META_FIELDS, type RecordType } from './record-type'
import { isEmptyValue, itemsProblem, memberProblem, valueProblem } from './values'

export type FieldErrors = Record<string, string>

export interface ValidateOptions {
  /** A patch: only the keys given are checked, and required fields may be absent. */
  partial: boolean
  /** The server writes server-owned fields (commands); clients and API callers may not. */
  byServer?: boolean
}

export function validateValues(type: RecordType, values: Record<string, unknown>, options: ValidateOptions): FieldErrors {
  const errors: FieldErrors = {}
  for (const [key, value] of Object.entries(values)) {
    const def = type.fields[key]
    if ((META_FIELDS as readonly string[]).includes(key)) {
      errors[key] = `${key} is set by the server only`
    } else if (!def) {
      errors[key] = `${type.label} has no field "${key}"`
    } else if (isServerOwned(def) && !options.byServer) {
      errors[key] = `${def.label} is set by the server only`
    } else if (def.required && isEmptyValue(value)) {
      errors[key] = `${def.label} is required`
    } else {
      const reason = def.kind === 'set' ? setProblem(def, value) : def.kind === 'items' ? itemsProblem(def, value) : valueProblem(def, value)
      if (reason) errors[key] = `${def.label} ${reason}`
    }
  }
  if (!options.partial) {
    for (const [key, def] of Object.entries(type.fields)) {
      if (def.required && !(key in values) && !errors[key]) errors[key] = `${def.label} is required`
    }
  }
  for (const [key, def] of Object.entries(type.fields)) {
    // A polymorphic reference needs its type beside it.
    if (def.typeField && !isEmptyValue(values[key]) && key in values && !(def.typeField in values) && !options.partial && !errors[def.typeField]) {
      errors[def.typeField] = `${type.fields[def.typeField]?.label ?? def.typeField} is required with ${def.label}`
    }
  }
  return errors
}

function setProblem(def: FieldDef, value: unknown): string | null {
  if (!Array.isArray(value) || value.some((m) => typeof m !== 'string')) return 'must be a list'
  if (def.max !== undefined && value.length > def.max) return `may have at most ${def.max} members`
  for (const member of value as string[]) {
    const reason = memberProblem(def, member)
    if (reason) return `: "${member}" ${reason}`
  }
  return null
}
