/**
 * Folds a snapshot and the updates after it into one update, for compaction. Never
 * `Y.mergeUpdates` (superlinear on long lists, and it decodes bytes without the checks):
 * load into a document, apply, encode (DESIGN.md §5).
 */
import * as Y from 'yjs'

export function foldUpdates(snapshot: Uint8Array | null, updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true })
  try {
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot)
      for (const update of updates) Y.applyUpdate(doc, update)
    })
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
