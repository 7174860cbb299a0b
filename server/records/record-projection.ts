/**
 * A record's projection (the `records` and `record_search` rows) from its values or from its
 * document: the record keeper projects what it read, a journal replay projects the replayed
 * document (server/storage/journaled-store.ts), the same way.
 */
import type * as Y from 'yjs'
import { readRecord } from '../../shared/doc/record-doc'
import { parseDocName, type DocName } from '../../shared/doc-name'
import { recordType } from '../../shared/records'
import { projectValues } from '../../shared/schema/projection'
import { extraRoots, type RecordType } from '../../shared/schema/record-type'
import type { ProjectedRecord } from '../storage/record-rows'

export function projectRecord(type: RecordType, doc: DocName, values: Record<string, unknown>): ProjectedRecord {
  return { workspaceId: doc.workspaceId, type: type.type, id: doc.recordId, data: values, ...projectValues(type, doc.recordId, values) }
}

/** The projection of a record document's state; null for a name that is no record of a known type. */
export function projectRecordDoc(name: string, state: Y.Doc): ProjectedRecord | null {
  const doc = parseDocName(name)
  const type = doc ? recordType(doc.type) : undefined
  if (!doc || !type) return null
  return projectRecord(type, doc, readRecord(state, extraRoots(type)))
}
