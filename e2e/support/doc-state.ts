/**
 * Comparing record documents in tests. `Y.Doc#toJSON()` only lists the root types a document has
 * already asked for, and a map's keys come out in the order that replica happened to integrate
 * them, so two converged documents can print differently; these helpers read the roots by name
 * through the record model, compare values regardless of key order, and compare state vectors
 * and delete sets.
 */
import { isDeepStrictEqual } from 'node:util'
import * as Y from 'yjs'
import { readFields, readText, type FieldValues } from '../../shared/doc/record-doc'
import type { DocumentStore } from '../../server/storage/document-store'

export interface RecordContent {
  fields: FieldValues
  texts: Record<string, string>
}

export function recordContent(doc: Y.Doc, texts: readonly string[] = []): RecordContent {
  return { fields: readFields(doc), texts: Object.fromEntries(texts.map((name) => [name, readText(doc, name)])) }
}

/** Same state vector and delete set: the documents hold exactly the same structs and deletions. */
export function sameSnapshot(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))
}

/** Same structs, deletions and content of the given roots. */
export function converged(a: Y.Doc, b: Y.Doc, texts: readonly string[] = []): boolean {
  return sameSnapshot(a, b) && isDeepStrictEqual(recordContent(a, texts), recordContent(b, texts))
}

/** A document built from what storage holds: the snapshot and the log after it. */
export async function loadStoredDoc(store: DocumentStore, docName: string): Promise<Y.Doc> {
  const { snapshot, updates } = await store.loadDocument(docName)
  const doc = new Y.Doc()
  if (snapshot) Y.applyUpdate(doc, snapshot)
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}
