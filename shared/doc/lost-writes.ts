/**
 * Noticing that my write of a field lost to a concurrent write (DESIGN.md §2): two edits of one
 * field that did not see each other are both kept by Yjs only until they meet, then the one from
 * the higher client id stays. The person whose value was replaced must be told, with both values.
 *
 * A map entry written by someone who had seen my value names my entry as its origin; a concurrent
 * one names what came before mine. So a remote entry replacing my entry without naming it as its
 * origin is a write that did not see mine: mine lost. A colleague who simply changed my value after
 * seeing it is no conflict. This works the same after hours offline, unlike any time window.
 */
import * as Y from 'yjs'
import { FIELDS_ROOT, type Scalar } from './record-doc'

export interface LostWrite {
  field: string
  /** My value, which lost. */
  mine: Scalar
  /** The value that replaced it. */
  theirs: Scalar | undefined
  /** The Yjs client id that wrote the winning value (to name the person through awareness). */
  by: number
}

/** Calls `listener` for each of this document's own field writes replaced by a concurrent remote write; returns the stop. */
export function observeLostWrites(doc: Y.Doc, listener: (lost: LostWrite) => void): () => void {
  const fields = doc.getMap<Scalar>(FIELDS_ROOT)
  const handler = (event: Y.YMapEvent<Scalar>) => {
    if (event.transaction.local) return
    for (const [key, change] of event.changes.keys) {
      if (change.action === 'add') continue
      // A key's entries form a list; the current one is last, the value it replaced just left of it.
      const current = (fields as unknown as { _map: Map<string, Y.Item> })._map.get(key)
      const replaced = current?.left
      if (!current || !replaced || replaced.id.client !== doc.clientID || current.id.client === doc.clientID) continue
      const sawMine = current.origin !== null && current.origin.client === replaced.id.client &&
        current.origin.clock === replaced.id.clock + replaced.length - 1
      if (sawMine) continue
      listener({
        field: key,
        mine: change.oldValue as Scalar,
        theirs: fields.get(key),
        by: current.id.client,
      })
    }
  }
  fields.observe(handler)
  return () => fields.unobserve(handler)
}
