/**
 * The batched catch-up (DESIGN.md §3): for many held documents at once, send each one's state
 * vector and, when it has waiting local changes, the update the server's committed state lacks;
 * store what the server answers as missing, and record its committed snapshot. Documents open in a
 * session are left to their socket; if one opened while the request was out, its answer goes into
 * the session's doc.
 */
import * as Y from 'yjs'
import type { CatchUpRequestDoc, CatchUpResponseDoc } from '../../shared/protocol/catch-up'
import { applyUpdate, encodeDiff, readCommittedSnapshot, stateVector } from '../../shared/doc/sync-state'
import { CATCH_UP_ORIGIN, type DocSession } from './doc-session'
import { draftOf } from './draft'
import { postCatchUp } from './catch-up-request'
import type { Replica, ReplicaDocument } from './replica'
import { docFromReplica, serverDocFromReplica } from './replica-doc'
import { ReplicaCorruptError } from './replica-entries'
import { SYNC_PROBLEM, problem, type SyncProblem } from './sync-problems'
import type { WaitingLedger } from './waiting-ledger'

export interface CatchUpDeps {
  replica: Replica
  ledger: WaitingLedger
  fetch: typeof fetch
  serverUrl: string
  workspaceId: string
  /** True while a session holds (or is loading) the document: its socket syncs it. */
  isOpen(docName: string): boolean
  /** The loaded session of a document, if any. */
  session(docName: string): DocSession | null
  /** False once the client went offline on purpose or closed: no further request is sent. */
  online(): boolean
  report(problem: SyncProblem): void
}

/** Documents per request and bytes per request, well under the server's limits (500, 32 MiB). */
const MAX_DOCS = 200
const MAX_BYTES = 8 * 1024 * 1024

interface Prepared {
  request: CatchUpRequestDoc
  doc: Y.Doc
  stored: ReplicaDocument
}

/** Catches up the given documents that are held here and not open; throws `CatchUpError` when a request fails. */
export async function catchUpDocuments(deps: CatchUpDeps, docNames: Iterable<string>): Promise<void> {
  // Only the named documents are looked up: listing every held one costs with the replica's size
  // (80–170 ms at 14,000 documents), and a round runs after every committed keystroke.
  const candidates = [...new Set(docNames)].filter((name) => !deps.isOpen(name))
  const held = candidates.length > 0 ? await deps.replica.holding(candidates) : new Set<string>()
  const targets = candidates.filter((name) => held.has(name) && !deps.isOpen(name))
  let batch: Prepared[] = []
  let bytes = 0
  try {
    for (const name of targets) {
      const prepared = await prepare(deps, name)
      if (!prepared) continue
      batch.push(prepared)
      bytes += prepared.request.stateVector.length + prepared.request.update.length + name.length
      if (batch.length >= MAX_DOCS || bytes >= MAX_BYTES) {
        await exchange(deps, batch)
        batch = []
        bytes = 0
      }
    }
    if (batch.length > 0) await exchange(deps, batch)
  } finally {
    for (const prepared of batch) prepared.doc.destroy()
  }
}

async function prepare(deps: CatchUpDeps, name: string): Promise<Prepared | null> {
  try {
    const stored = await deps.replica.loadDocument(name)
    const doc = docFromReplica(stored)
    const snapshot = deps.ledger.snapshot(name) ?? stored.committed
    const update = deps.ledger.count(name).get() > 0 ? encodeDiff(doc, committedStateVector(snapshot)) : new Uint8Array()
    return { request: { name, stateVector: stateVector(doc), update }, doc, stored }
  } catch (error) {
    // One unreadable document must not keep the others from catching up.
    const message = error instanceof ReplicaCorruptError ? error.message
      : `The local copy of ${name} could not be read (${(error as Error).message}); it is left out of this catch-up.`
    deps.report(problem(SYNC_PROBLEM.REPLICA_CORRUPT, name, message))
    return null
  }
}

async function exchange(deps: CatchUpDeps, batch: Prepared[]): Promise<void> {
  try {
    // Changes made after "offline" (or a sign-out) began must stay here: a round that started
    // online and is still reading the replica sends nothing more.
    if (!deps.online()) return
    const answers = await postCatchUp(deps.fetch, deps.serverUrl, deps.workspaceId, batch.map((p) => p.request))
    const byName = new Map(batch.map((p) => [p.request.name, p]))
    for (const answer of answers) {
      try {
        await apply(deps, byName.get(answer.name)!, answer)
      } catch (error) {
        if (error instanceof ReplicaCorruptError) deps.report(problem(SYNC_PROBLEM.REPLICA_CORRUPT, answer.name, error.message))
        else deps.report(problem(SYNC_PROBLEM.PROTOCOL, answer.name, `The server's catch-up answer for this record cannot be applied (${(error as Error).message}).`))
      }
    }
  } finally {
    for (const prepared of batch) prepared.doc.destroy()
    batch.length = 0
  }
}

async function apply(deps: CatchUpDeps, prepared: Prepared, answer: CatchUpResponseDoc): Promise<void> {
  const name = answer.name
  if (answer.status === 'denied') {
    deps.report(problem(SYNC_PROBLEM.DENIED, name, 'The server does not know this record, or this account may not read it; it stays on this device only.', { code: answer.code }))
    return
  }
  if (answer.committed.length > 0 && deps.ledger.commit(name, answer.committed)) {
    await deps.replica.saveCommitted(name, answer.committed)
  }
  const session = deps.session(name)
  if (answer.status === 'refused') {
    if (session) return session.refuse({ code: answer.code, message: answer.message, updateId: '', details: {} })
    // What the user has (with the server's news) against what the server has: the draft.
    integrate(prepared.doc, answer.missing)
    const server = serverDocFromReplica(await deps.replica.loadDocument(name))
    try {
      const news = integrate(server, answer.missing)
      const draft = draftOf(prepared.doc, server)
      await deps.replica.dropWaiting(name)
      deps.ledger.drop(name)
      if (news) await deps.replica.appendUpdate(name, 'remote', news)
      deps.report(problem(SYNC_PROBLEM.REFUSED, name, answer.message, { code: answer.code, draft }))
    } finally {
      server.destroy()
    }
    return
  }
  if (session) {
    if (answer.missing.length > 0) session.applyRemote(answer.missing)
    return
  }
  const news = integrate(prepared.doc, answer.missing)
  if (news) await deps.replica.appendUpdate(name, 'remote', news)
  if (news || prepared.stored.remote.length > 1 || prepared.stored.local.length > 0) await deps.replica.compactDocument(name)
}

/** Applies server bytes; returns what actually changed the doc (to store), or null. */
function integrate(doc: Y.Doc, missing: Uint8Array): Uint8Array | null {
  if (missing.length === 0) return null
  let news: Uint8Array | null = null
  const capture = (update: Uint8Array) => { news = news ? Y.mergeUpdates([news, update]) : update }
  doc.on('update', capture)
  try {
    applyUpdate(doc, missing, CATCH_UP_ORIGIN)
  } finally {
    doc.off('update', capture)
  }
  return news
}

/** The state vector of a committed snapshot, so the upload carries only what it does not cover. */
function committedStateVector(snapshot: Uint8Array | null): Uint8Array | undefined {
  if (!snapshot) return undefined
  return Y.encodeStateVector(readCommittedSnapshot(snapshot).stateVector)
}
