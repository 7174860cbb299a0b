/**
 * Building Y.Docs from what the replica holds: the whole local state, or only the part the server
 * is known to have (for a reload after a refusal, and as the base a draft is measured against).
 */
import type * as Y from 'yjs'
import { createRecordDoc } from '../../shared/doc/record-doc'
import { applyUpdate, isCommitted, readCommittedSnapshot, updateFootprint } from '../../shared/doc/sync-state'
import type { ReplicaDocument } from './replica'
import { ReplicaCorruptError } from './replica-entries'

/** Everything held locally: server state plus local updates. */
export function docFromReplica(stored: ReplicaDocument, clientId?: number): Y.Doc {
  return build(stored.docName, [...stored.remote, ...stored.local], clientId)
}

/** Only what the server has: the remote updates and the local ones the saved snapshot covers. */
export function serverDocFromReplica(stored: ReplicaDocument, clientId?: number): Y.Doc {
  let covered: Uint8Array[] = []
  if (stored.committed) {
    try {
      const committed = readCommittedSnapshot(stored.committed)
      covered = stored.local.filter((u) => isCommitted(updateFootprint(u), committed))
    } catch (error) {
      throw new ReplicaCorruptError(stored.docName, 'committed', `the saved updates do not decode: ${(error as Error).message}`)
    }
  }
  return build(stored.docName, [...stored.remote, ...covered], clientId)
}

/** A client id for a document reloaded after a refusal: any but the refused one (DESIGN.md §3a). */
export function freshClientId(previous: number): number {
  let id = previous
  while (id === previous) id = Math.floor(Math.random() * 0x1_0000_0000) >>> 0
  return id
}

function build(docName: string, updates: Uint8Array[], clientId?: number): Y.Doc {
  const doc = createRecordDoc(clientId)
  try {
    doc.transact(() => {
      updates.forEach((update, i) => {
        try {
          applyUpdate(doc, update)
        } catch (error) {
          throw new ReplicaCorruptError(docName, `update ${i}`, `it does not apply as a Yjs update: ${(error as Error).message}`)
        }
      })
    })
  } catch (error) {
    doc.destroy()
    throw error
  }
  return doc
}
