/**
 * REST writes as edits of the record's document (DESIGN.md §3, §6): a body is validated against the
 * schema, then applied through `room.edit` as the caller, so it is checked, committed, projected
 * and in field history in one transaction, broadcast to open editors, and merged with offline edits
 * like any other edit. Long texts change by a minimal diff, sets by adding and removing members,
 * scalars by setting only the keys given.
 */
import { HTTPException } from 'hono/http-exception'
import type * as Y from 'yjs'
import { addToSet, readSet, removeFromSet, replaceKeyedItems, writeFields, writeText, type KeyedItems, type Scalar } from '../../../shared/doc/record-doc'
import type { RecordType } from '../../../shared/schema/record-type'
import { validateValues } from '../../../shared/schema/validate'
import type { Services } from '../../services'
import { ValidationError } from '../validation'

/** Kinds where an empty string means "no value" (clearing the field), as forms send it. */
const EMPTY_MEANS_NONE = new Set(['email', 'phone', 'url', 'enum', 'record-type', 'reference', 'date', 'datetime', 'integer', 'number', 'money', 'boolean'])

/** Validates a create (`partial: false`) or a patch; a 400 names every failing field. */
export function checkedValues(type: RecordType, body: Record<string, unknown>, partial: boolean): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) {
    const def = type.fields[key]
    values[key] = def && value === '' && EMPTY_MEANS_NONE.has(def.kind) ? null : value
  }
  const errors = validateValues(type, values, { partial })
  if (Object.keys(errors).length > 0) throw new ValidationError(errors)
  return values
}

/** Writes validated values into a record document: only what differs from what it holds. */
export function applyValues(doc: Y.Doc, type: RecordType, values: Record<string, unknown>): void {
  const scalars: Record<string, Scalar | undefined> = {}
  for (const [key, value] of Object.entries(values)) {
    const def = type.fields[key]!
    if (def.kind === 'text') {
      writeText(doc, key, typeof value === 'string' ? value : '')
    } else if (def.kind === 'set') {
      const next = new Set(Array.isArray(value) ? (value as string[]) : [])
      const current = readSet(doc, key)
      const removed = current.filter((member) => !next.has(member))
      const added = [...next].filter((member) => !current.includes(member))
      if (removed.length > 0) removeFromSet(doc, key, removed)
      if (added.length > 0) addToSet(doc, key, added)
    } else if (def.kind === 'items') {
      replaceKeyedItems(doc, key, (value ?? {}) as KeyedItems)
    } else {
      scalars[key] = value === null ? undefined : (value as Scalar)
    }
  }
  writeFields(doc, scalars)
}

/** Runs an edit of a record's document as `actor`; a refusal is a 400 naming why (or 503). */
export async function editDocument(services: Services, docName: string, actor: string, mutate: (doc: Y.Doc) => void): Promise<boolean> {
  const room = services.rooms.open(docName)
  if (!room) throw new HTTPException(404, { message: 'No such record.' })
  room.hold()
  try {
    const result = await room.edit(actor, mutate)
    if (result.status === 'refused') {
      const unavailable = result.code === 'SERVER_SHUTTING_DOWN' || result.code === 'STORAGE_FAILED'
      throw new HTTPException(unavailable ? 503 : 400, { message: `The change was refused: ${result.message}` })
    }
    return result.changed
  } finally {
    room.release()
  }
}
