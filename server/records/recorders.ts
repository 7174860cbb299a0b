/** The record keeper for a document, by its type; null for a type that has no schema. */
import type { DocName } from '../../shared/doc-name'
import { recordType } from '../../shared/records'
import type { DocRecorder } from '../sync/doc-recorder'
import { createRecordRecorder } from './record-recorder'

export function recorderFor(doc: DocName, name: string): DocRecorder | null {
  const type = recordType(doc.type)
  return type ? createRecordRecorder(type, doc, name) : null
}
