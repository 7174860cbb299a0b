/** Test helper: a document built from what storage holds, the snapshot and the log after it. */
import * as Y from 'yjs'
import type { DocumentStore } from '../storage/document-store'

export async function loadStoredDoc(store: DocumentStore, docName: string): Promise<Y.Doc> {
  const { snapshot, updates } = await store.loadDocument(docName)
  const doc = new Y.Doc()
  if (snapshot) Y.applyUpdate(doc, snapshot)
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}
