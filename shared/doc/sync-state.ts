/**
 * Plain-value helpers over Yjs encodings, for code outside `shared/doc/`: state vectors, diffs,
 * applying updates, and whether a local update is covered by the server's `committed` snapshot.
 */
import * as Y from 'yjs'

export function stateVector(doc: Y.Doc): Uint8Array {
  return Y.encodeStateVector(doc)
}

export function encodeDiff(doc: Y.Doc, remoteStateVector?: Uint8Array): Uint8Array {
  return Y.encodeStateAsUpdate(doc, remoteStateVector)
}

export function applyUpdate(doc: Y.Doc, update: Uint8Array, origin?: unknown): void {
  Y.applyUpdate(doc, update, origin)
}

/** `Y.encodeSnapshot` of a document: its state vector and delete set (the `committed` payload). */
export function encodeCommittedSnapshot(doc: Y.Doc): Uint8Array {
  return Y.encodeSnapshot(Y.snapshot(doc))
}

/** True when a document has structs or deletions waiting on a clock gap. */
export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null
}

/**
 * What a document's pending structs and deletions wait for: client → a clock the document's state
 * must pass for them to make progress (the rule Yjs itself uses to retry pending structs: `clock <
 * state`). Deletions of structs not yet there count the same way.
 */
export function pendingNeeds(doc: Y.Doc): Map<number, number> {
  const needs = new Map<number, number>()
  const need = (client: number, clock: number) => {
    const known = needs.get(client)
    if (known === undefined || clock < known) needs.set(client, clock)
  }
  const { pendingStructs, pendingDs } = doc.store
  if (pendingStructs) for (const [client, clock] of pendingStructs.missing) need(client, clock)
  // Yjs' own re-encoding of the deletions it could not apply yet, never bytes from a client.
  if (pendingDs) Y.decodeUpdateV2(pendingDs).ds.clients.forEach((items, client) => { for (const item of items) need(client, item.clock) })
  return needs
}

/** True when the document's state has passed one of the clocks in `needs` (or there are none). */
export function mayProgress(doc: Y.Doc, needs: ReadonlyMap<number, number>): boolean {
  if (needs.size === 0) return true
  for (const [client, clock] of needs) if (clock < Y.getState(doc.store, client)) return true
  return false
}

/**
 * What a local update writes: its struct ranges and its deletions. Only for trusted bytes (the
 * client's own updates); untrusted bytes are only ever given to `Y.applyUpdate` (DESIGN.md §6).
 */
export interface UpdateFootprint {
  structs: Array<{ client: number; clock: number; length: number }>
  deletes: Array<{ client: number; clock: number; length: number }>
}

export function updateFootprint(update: Uint8Array): UpdateFootprint {
  const decoded = Y.decodeUpdate(update)
  const structs = decoded.structs.map((s) => ({ client: s.id.client, clock: s.id.clock, length: s.length }))
  const deletes: UpdateFootprint['deletes'] = []
  decoded.ds.clients.forEach((items, client) => {
    for (const item of items) deletes.push({ client, clock: item.clock, length: item.len })
  })
  return { structs, deletes }
}

export interface CommittedState {
  stateVector: Map<number, number>
  deleted: Map<number, Array<{ clock: number; len: number }>>
}

export function readCommittedSnapshot(snapshotBytes: Uint8Array): CommittedState {
  const snapshot = Y.decodeSnapshot(snapshotBytes)
  const deleted = new Map<number, Array<{ clock: number; len: number }>>()
  snapshot.ds.clients.forEach((items, client) => {
    deleted.set(client, items.map((i) => ({ clock: i.clock, len: i.len })).sort((x, y) => x.clock - y.clock))
  })
  return { stateVector: snapshot.sv, deleted }
}

/** True when the server's committed state holds every struct and deletion of a local update. */
export function isCommitted(footprint: UpdateFootprint, committed: CommittedState): boolean {
  for (const s of footprint.structs) {
    if ((committed.stateVector.get(s.client) ?? 0) < s.clock + s.length) return false
  }
  for (const d of footprint.deletes) {
    if (!rangeDeleted(committed.deleted.get(d.client), d.clock, d.length)) return false
  }
  return true
}

function rangeDeleted(ranges: Array<{ clock: number; len: number }> | undefined, clock: number, length: number): boolean {
  if (!ranges) return false
  let need = clock
  const end = clock + length
  for (const r of ranges) {
    if (r.clock > need) break
    if (r.clock + r.len > need) need = r.clock + r.len
    if (need >= end) return true
  }
  return need >= end
}
