/**
 * The record keeper of one document (DESIGN.md §5): after each accepted update it works out the
 * field history — old and new value of every field that changed, and the values that lost to a
 * concurrent write — and whether the record's links or search text may have changed; the
 * projection itself is computed when its row is written (once per batch behind the journal). An edit that continues the same person's last edit of a
 * field within a few minutes rewrites that history row, so typing a name is one change, not twelve.
 */
import type * as Y from 'yjs'
import type { ChangeSummary } from '../../shared/doc/change-summary'
import { FIELDS_ROOT, readRecord, rereadRecord } from '../../shared/doc/record-doc'
import type { DocName } from '../../shared/doc-name'
import { uuidv7 } from '../../shared/ids'
import { projectionInputs } from '../../shared/schema/projection'
import { extraRoots, type RecordType } from '../../shared/schema/record-type'
import type { HistoryEntry, ProjectedRecord, RecordedChange } from '../storage/record-rows'
import type { DocRecorder } from '../sync/doc-recorder'
import { projectRecord } from './record-projection'

/** How long after a person's last edit of a field their next edit of it still continues it. */
export const COALESCE_MS = 5 * 60_000

export function createRecordRecorder(type: RecordType, doc: DocName, docName: string, now: () => number = Date.now): DocRecorder {
  const roots = extraRoots(type)
  const inputs = projectionInputs(type)
  let previous: Record<string, unknown> = {}
  /** No update accepted since the load. */
  let fresh = true
  const lastEdit = new Map<string, HistoryEntry>()

  return {
    load(live: Y.Doc) {
      previous = readRecord(live, roots)
    },

    accepted(shadow: Y.Doc, change: ChangeSummary, actor: string, actorOf: (client: number) => string = () => actor): RecordedChange {
      const values = readChanged(shadow, roots, previous, change)
      const at = now()
      const history: HistoryEntry[] = []
      const changed: string[] = []
      for (const field of changedFields(change)) {
        const before = previous[field] ?? null
        const after = values[field] ?? null
        if (sameValue(before, after)) continue
        changed.push(field)
        const last = lastEdit.get(field)
        const entry: HistoryEntry = last && last.actor === actor && at - last.at < COALESCE_MS
          ? { ...last, new: after, at }
          : { id: uuidv7(at), doc: docName, workspaceId: doc.workspaceId, recordId: doc.recordId, field, old: before, new: after, actor, at, kind: 'edit' }
        lastEdit.set(field, entry)
        history.push(entry)
      }
      for (const lost of change.lost) {
        history.push({
          id: uuidv7(at), doc: docName, workspaceId: doc.workspaceId, recordId: doc.recordId, field: lost.field,
          old: values[lost.field] ?? null, new: lost.value ?? null, actor: actorOf(lost.client), at, kind: 'lost',
        })
        // The next edit of the field starts a new row: the story has a loser in it.
        lastEdit.delete(lost.field)
      }
      previous = values
      // The flags without projecting: links and search text are functions of a few fields, so
      // they can only have changed when one of those did. The first update after a load sets
      // both: the stored rows may predate the projection.
      const linksChanged = fresh || changed.some((field) => inputs.links.has(field))
      const searchChanged = fresh || changed.some((field) => inputs.search.has(field))
      fresh = false
      return { project: projector(type, doc, values), history, linksChanged, searchChanged }
    },
  }
}

// A function made here, not named where it is used: tsx names every such function as it is made
// (`__name`), which showed in profiles of this per-update path.
function projector(type: RecordType, doc: DocName, values: Record<string, unknown>): () => ProjectedRecord {
  return () => projectRecord(type, doc, values)
}

/** The record after an update: the fields and roots it changed read again, the rest as before. */
function readChanged(shadow: Y.Doc, roots: Record<string, 'text' | 'set' | 'items'>, previous: Record<string, unknown>, change: ChangeSummary): Record<string, unknown> {
  const keys: string[] = []
  const changedRoots: string[] = []
  for (const root of change.roots) {
    if (root.root === FIELDS_ROOT) keys.push(...root.keys)
    else changedRoots.push(root.root)
  }
  // A type nested in the fields map is no field value the schema knows: read everything.
  if (change.nestedRoots.includes(FIELDS_ROOT)) return readRecord(shadow, roots)
  return rereadRecord(shadow, roots, previous, keys, [...changedRoots, ...change.nestedRoots])
}

function changedFields(change: ChangeSummary): string[] {
  const fields: string[] = []
  for (const root of change.roots) {
    if (root.root === 'fields') fields.push(...root.keys)
    else fields.push(root.root)
  }
  // An edit inside a root (a field of a keyed item) changes that root's value.
  for (const root of change.nestedRoots) if (!fields.includes(root)) fields.push(root)
  return fields
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i])
  return false
}
