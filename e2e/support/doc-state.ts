/**
 * Comparing record documents in the end-to-end tests: the shared comparable state (content,
 * state vector and delete set, order-independent) and the document storage holds.
 */
import * as Y from 'yjs'
import { sameState } from '../../shared/doc/comparable-state'

export { loadStoredDoc } from '../../server/testing/stored-doc'

/** Same state vector and delete set: the documents hold exactly the same structs and deletions. */
export function sameSnapshot(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))
}

/** Same structs, deletions, fields and the named long texts. */
export function converged(a: Y.Doc, b: Y.Doc, texts: readonly string[] = []): boolean {
  return sameState(a, b, texts)
}
