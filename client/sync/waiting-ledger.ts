/**
 * Which local changes the server has not committed yet, per document: the footprints of the local
 * updates, checked against the latest `committed` snapshot (`isCommitted`, which also covers pure
 * deletions). Both sources are persisted in the replica, so a reload counts the same changes as
 * waiting until a snapshot covers them.
 */
import {
  isCommitted, readCommittedSnapshot, updateFootprint, type CommittedState, type UpdateFootprint,
} from '../../shared/doc/sync-state'
import { makeObservable, type Observable, type WritableObservable } from './observable'

interface DocLedger {
  name: string
  waiting: UpdateFootprint[]
  committed: CommittedState | null
  snapshot: Uint8Array | null
  count: WritableObservable<number>
}

export class WaitingLedger {
  private readonly docs = new Map<string, DocLedger>()
  /** Documents with waiting changes, kept as they change: a catch-up round asks after every keystroke. */
  private readonly waitingNames = new Set<string>()
  private readonly totalValue = makeObservable(0)
  private readonly clearedListeners = new Set<(docName: string) => void>()

  /** Local changes of every document the server has not committed. */
  get total(): Observable<number> {
    return this.totalValue
  }

  /** The waiting count of one document. */
  count(docName: string): Observable<number> {
    return this.doc(docName).count
  }

  /** Calls `listener` each time a document's last waiting change is committed or dropped. */
  onCleared(listener: (docName: string) => void): () => void {
    this.clearedListeners.add(listener)
    return () => this.clearedListeners.delete(listener)
  }

  /** Documents with at least one waiting change. */
  waitingDocuments(): string[] {
    return [...this.waitingNames]
  }

  /** The latest snapshot seen for a document (to upload only what it does not cover). */
  snapshot(docName: string): Uint8Array | null {
    return this.docs.get(docName)?.snapshot ?? null
  }

  /** Sets a document's state from the replica: its local updates and its saved snapshot. */
  load(docName: string, local: Uint8Array[], snapshot: Uint8Array | null): void {
    const doc = this.doc(docName)
    doc.snapshot = snapshot
    doc.committed = snapshot ? readCommittedSnapshot(snapshot) : null
    doc.waiting = local.map(updateFootprint).filter((f) => !this.covered(doc, f))
    this.changed(doc)
  }

  addLocal(docName: string, update: Uint8Array): void {
    const doc = this.doc(docName)
    const footprint = updateFootprint(update)
    if (this.covered(doc, footprint)) return
    doc.waiting.push(footprint)
    this.changed(doc)
  }

  /** Records a `committed` snapshot; returns false when it is the one already known. */
  commit(docName: string, snapshot: Uint8Array): boolean {
    const doc = this.doc(docName)
    if (doc.snapshot && sameBytes(doc.snapshot, snapshot)) return false
    doc.snapshot = snapshot
    doc.committed = readCommittedSnapshot(snapshot)
    doc.waiting = doc.waiting.filter((f) => !this.covered(doc, f))
    this.changed(doc)
    return true
  }

  /** Forgets a document's waiting changes (they were refused and dropped). */
  drop(docName: string): void {
    const doc = this.doc(docName)
    doc.waiting = []
    this.changed(doc)
  }

  private covered(doc: DocLedger, footprint: UpdateFootprint): boolean {
    return doc.committed !== null && isCommitted(footprint, doc.committed)
  }

  private doc(docName: string): DocLedger {
    let doc = this.docs.get(docName)
    if (!doc) this.docs.set(docName, (doc = { name: docName, waiting: [], committed: null, snapshot: null, count: makeObservable(0) }))
    return doc
  }

  private changed(doc: DocLedger): void {
    const before = doc.count.get()
    if (doc.waiting.length > 0) this.waitingNames.add(doc.name)
    else this.waitingNames.delete(doc.name)
    // The total moves by this document's difference: summing every document cost with all held.
    const total = this.totalValue.get() + doc.waiting.length - before
    doc.count.set(doc.waiting.length)
    this.totalValue.set(total)
    if (before > 0 && doc.waiting.length === 0) for (const listener of this.clearedListeners) listener(doc.name)
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
