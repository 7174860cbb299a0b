/**
 * The schema check of one update (DESIGN.md §3a): what the update alone decides — root names and
 * shapes, unknown keys, value types, limits and enums, server-owned fields. The server runs it on
 * the shadow copy with the update applied; the client can run it before it sends anything.
 *
 * It never looks at other records: a reference to a record that has not arrived yet is fine.
 */
import type * as Y from 'yjs'
import { ERROR } from '../errors'
import { isServerOwned, livesInFieldsMap, type FieldDef } from '../schema/field'
import { META_FIELDS, type RecordType } from '../schema/record-type'
import { memberProblem, valueProblem, isEmptyValue } from '../schema/values'
import type { ChangeSummary } from './change-summary'
import { isUuid } from '../ids'
import { countKeyedItems, FIELDS_ROOT, keyedItemShapes, readField, readSet, readText } from './record-doc'

export interface SchemaProblem {
  code: typeof ERROR.UNKNOWN_ROOT | typeof ERROR.UNKNOWN_FIELD | typeof ERROR.SERVER_OWNED_FIELD
    | typeof ERROR.INVALID_VALUE | typeof ERROR.REQUIRED_FIELD
  field: string
  message: string
}

/**
 * The first problem of a change, or null. `byServer` allows server-owned fields (server edits and
 * commands). Only what changed is checked, so a record written under an older, looser schema does
 * not block edits of its other fields.
 */
export function checkChange(type: RecordType, change: ChangeSummary, doc: Y.Doc, byServer: boolean): SchemaProblem | null {
  for (const root of change.roots) {
    if (root.root === FIELDS_ROOT) {
      if (root.listChange) return problem(ERROR.UNKNOWN_ROOT, FIELDS_ROOT, '"fields" must be a map of field values')
      for (const key of root.keys) {
        const found = checkFieldValue(type, key, readField(doc, key), byServer)
        if (found) return found
      }
      continue
    }
    const def = type.fields[root.root]
    if (!def || livesInFieldsMap(def)) {
      return problem(ERROR.UNKNOWN_ROOT, root.root, `${type.label} has no part called "${root.root}"`)
    }
    if (isServerOwned(def) && !byServer) return serverOwned(root.root, def)
    if (def.kind === 'items') {
      if (root.listChange) return problem(ERROR.UNKNOWN_ROOT, root.root, `${def.label} must be a map of items`)
      const found = checkItems(def, root.root, doc, root.keys)
      if (found) return found
    } else if (def.kind === 'text') {
      if (root.keys.length > 0) return problem(ERROR.UNKNOWN_ROOT, root.root, `${def.label} must be text`)
      const reason = valueProblem(def, readText(doc, root.root))
      if (reason) return problem(ERROR.INVALID_VALUE, root.root, `${def.label} ${reason}`)
    } else {
      if (root.listChange) return problem(ERROR.UNKNOWN_ROOT, root.root, `${def.label} must be a set`)
      const members = readSet(doc, root.root)
      if (def.max !== undefined && members.length > def.max) {
        return problem(ERROR.INVALID_VALUE, root.root, `${def.label} may have at most ${def.max} members`)
      }
      for (const member of root.keys) {
        if (!members.includes(member)) continue // removed
        const reason = memberProblem(def, member)
        if (reason) return problem(ERROR.INVALID_VALUE, root.root, `${def.label}: "${member}" ${reason}`)
      }
    }
  }
  for (const lost of change.lost) {
    // A value that lost to a concurrent write is still in the update's bytes and in history: it
    // must be a value of its field as much as a winning one (not whether the field may be empty).
    if (!lost.incoming) continue
    const found = checkFieldValue(type, lost.field, lost.value ?? null, byServer, false)
    if (found) return found
  }
  for (const nested of change.nestedRoots) {
    // Only keyed items hold nested types (each item's map). The summary does not say which item
    // changed below the root, so every item of that root is checked (at most `max` of them).
    const def = type.fields[nested]
    if (def?.kind !== 'items') return problem(ERROR.UNKNOWN_ROOT, nested, `"${nested}" may not hold nested types`)
    if (isServerOwned(def) && !byServer) return serverOwned(nested, def)
    const found = checkItems(def, nested, doc)
    if (found) return found
  }
  return null
}

/** Keyed items: ids are record-style UUIDs, each item a map of its declared fields, valid values. */
function checkItems(def: FieldDef, root: string, doc: Y.Doc, ids?: readonly string[]): SchemaProblem | null {
  if (def.max !== undefined && countKeyedItems(doc, root) > def.max) {
    return problem(ERROR.INVALID_VALUE, root, `${def.label} may have at most ${def.max} items`)
  }
  const fields = def.item ?? {}
  for (const item of keyedItemShapes(doc, root, ids)) {
    if (!isUuid(item.id)) return problem(ERROR.INVALID_VALUE, root, `${def.label}: "${item.id}" is not an item id`)
    if (!item.isMap) return problem(ERROR.INVALID_VALUE, root, `${def.label}: each item must be a map of its fields`)
    for (const key of item.nestedKeys) return problem(ERROR.INVALID_VALUE, `${root}.${key}`, `${def.label}: "${key}" must be a plain value`)
    for (const [key, value] of Object.entries(item.values)) {
      const sub = fields[key]
      if (!sub) return problem(ERROR.UNKNOWN_FIELD, `${root}.${key}`, `${def.label} items have no field "${key}"`)
      if (sub.required && isEmptyValue(value)) return problem(ERROR.REQUIRED_FIELD, `${root}.${key}`, `${def.label}: ${sub.label} is required`)
      const reason = valueProblem(sub, value)
      if (reason) return problem(ERROR.INVALID_VALUE, `${root}.${key}`, `${def.label}: ${sub.label} ${reason}`)
    }
    for (const [key, sub] of Object.entries(fields)) {
      if (sub.required && !(key in item.values)) return problem(ERROR.REQUIRED_FIELD, `${root}.${key}`, `${def.label}: ${sub.label} is required`)
    }
  }
  return null
}

function checkFieldValue(type: RecordType, key: string, value: unknown, byServer: boolean, current = true): SchemaProblem | null {
  if ((META_FIELDS as readonly string[]).includes(key)) {
    return problem(ERROR.SERVER_OWNED_FIELD, key, `"${key}" is set by the server only`)
  }
  const def = type.fields[key]
  if (!def || !livesInFieldsMap(def)) {
    return problem(ERROR.UNKNOWN_FIELD, key, `${type.label} has no field "${key}"`)
  }
  if (isServerOwned(def) && !byServer) return serverOwned(key, def)
  if (value === undefined) {
    return def.required ? problem(ERROR.REQUIRED_FIELD, key, `${def.label} is required`) : null
  }
  if (current && def.required && isEmptyValue(value)) return problem(ERROR.REQUIRED_FIELD, key, `${def.label} is required`)
  const reason = valueProblem(def, value)
  return reason ? problem(ERROR.INVALID_VALUE, key, `${def.label} ${reason}`) : null
}

function serverOwned(field: string, def: FieldDef): SchemaProblem {
  return problem(ERROR.SERVER_OWNED_FIELD, field, `${def.label} is set by the server only`)
}

function problem(code: SchemaProblem['code'], field: string, message: string): SchemaProblem {
  return { code, field, message }
}
