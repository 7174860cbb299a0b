/**
 * Prefetch: while online, fetch into the local replica the documents of the records a list shows,
 * so that everything the user has seen listed can be opened and edited offline (issue 5). Without
 * it, a record never opened on this device has no local document, and offline its page could only
 * be an empty form.
 *
 *   prefetch(names) ─▶ queue the names not held, not open, not fetched already
 *   (after `delay`, online only) ─▶ one catch-up request per batch of ≤ `batchSize`, an empty state
 *   vector and no update per document ─▶ the server's whole state stored as `remote`, its
 *   committed snapshot saved ─▶ a pause ─▶ the next batch
 *   (each request, its answer's parsing and each document's writes wait while the user scrolls or
 *   types: `quiet`)
 *
 * Documents come from the server's Yjs state only, never from the catalog's JSON rows. The latest call's
 * names go first, in their order (the top of the list the user looks at now). A failed request puts its batch back
 * and waits for the next `online`; a denied document (private) or one the server has nothing of is
 * not fetched, nor asked for again.
 * A row whose version moved while its document was being fetched is handed to the ordinary
 * catch-up, so an edit committed between the server's answer and the next catalog pull is not
 * missed. Nothing is fetched once the replica holds `limit` documents (default 20,000): every
 * catch-up round lists the held documents, so the replica should not grow to a whole
 * 100,000-record workspace.
 */
import * as Y from 'yjs'
import type { CatchUpRequestDoc } from '../../shared/protocol/catch-up'
import { postCatchUp } from './catch-up-request'
import type { Observable } from './observable'
import type { Replica } from './replica'

export interface PrefetchDeps {
  replica: Pick<Replica, 'listDocuments' | 'appendUpdate' | 'saveCommitted'>
  fetch: typeof fetch
  serverUrl: string
  workspaceId: string
  /** True while the client is connected: batches go out only then, and resume when it comes back. */
  online: Observable<boolean>
  /** True while a session holds (or is loading) the document: its socket brings it. */
  isOpen(docName: string): boolean
  /** The catalog's version of a document's row, to notice a change while it was fetched. */
  versionOf(docName: string): number | undefined
  /** Hands documents to the ordinary catch-up. */
  catchUp(docNames: string[]): void
  /**
   * Resolves once the user is not scrolling or typing (quiet-gate.ts): each request, the parsing
   * of its answer and each document's writes wait for it, so none of this work lands in a frame
   * the user is watching.
   */
  quiet?: () => Promise<void>
}

export interface PrefetchOptions {
  /** Documents per request (the server allows 500). Default 250. */
  batchSize?: number
  /** Before the first batch after names arrive, so a list's first render and catch-up go first. Default 1500 ms. */
  delay?: number
  /** Between batches, so a 100,000-row list does not hog the server or the device. Default 1000 ms. */
  pause?: number
  /**
   * No fetching once the replica holds this many documents. Default 20,000: every held document is
   * listed by each catch-up round, so a replica of 100,000 documents would make every poke slow.
   */
  limit?: number
}

/** An empty state vector: "I have nothing of this document". */
const NOTHING = Y.encodeStateVector(new Map<number, number>())

/** The server's answer for a document it has nothing of: no structs, no deletions (`[0, 0]`). */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 0 || (update.length === 2 && update[0] === 0 && update[1] === 0)
}

export class Prefetcher {
  /** Waiting to be fetched; batches are taken from the end. */
  private readonly queue = new Set<string>()
  /** Held here (from the replica, or fetched by this prefetcher): never asked for again. */
  private known: Set<string> | null = null
  /** Denied, or empty on the server: not asked for again in this client's life. */
  private readonly absent = new Set<string>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private running: Promise<void> | null = null
  private stopped = false
  /** A request failed: nothing more goes out until the client comes online again. */
  private failed = false
  private readonly stopOnline: () => void
  private readonly batchSize: number
  private readonly delay: number
  private readonly pause: number
  private readonly limit: number

  constructor(private readonly deps: PrefetchDeps, options: PrefetchOptions = {}) {
    this.batchSize = Math.min(500, Math.max(1, options.batchSize ?? 250))
    this.delay = options.delay ?? 1500
    this.pause = options.pause ?? 1000
    this.limit = options.limit ?? 20_000
    this.stopOnline = deps.online.subscribe((online) => {
      if (!online) return
      this.failed = false
      this.schedule(0)
    })
  }

  /** Queues the documents not held here yet; returns at once (the fetching is in the background). */
  prefetch(docNames: Iterable<string>): void {
    if (this.stopped || (this.known?.size ?? 0) >= this.limit) return
    let added = false
    const names = [...docNames]
    // Taken from the end: the latest call goes first, and within it the first names (a list's top).
    for (let i = names.length - 1; i >= 0; i--) {
      const name = names[i]!
      if (this.known?.has(name) || this.absent.has(name)) continue
      // Re-adding moves a name to the end.
      if (!this.queue.delete(name)) added = true
      this.queue.add(name)
    }
    if (added) this.schedule(this.delay)
  }

  /** How many documents wait to be fetched. */
  get queued(): number {
    return this.queue.size
  }

  /** Resolves when no batch is scheduled or out (queue empty, offline, or waiting after a failure). */
  async idle(): Promise<void> {
    while (this.timer || this.running) {
      if (this.running) await this.running
      else await new Promise((resolve) => setTimeout(resolve, 10))
      if (!this.deps.online.get()) return
    }
  }

  stop(): Promise<void> {
    this.stopped = true
    this.stopOnline()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    return this.running ?? Promise.resolve()
  }

  private schedule(ms: number): void {
    if (this.stopped || this.failed || this.running || this.queue.size === 0) return
    if (this.timer) {
      if (ms > 0) return
      clearTimeout(this.timer)
    }
    this.timer = setTimeout(() => {
      this.timer = null
      if (!this.deps.online.get() || this.running) return
      this.running = this.drain().finally(() => {
        this.running = null
        // More to fetch: the next batch after a pause (not after a failure: after the next `online`).
        if (this.queue.size > 0 && this.deps.online.get()) this.schedule(this.pause)
      })
    }, ms)
  }

  private async drain(): Promise<void> {
    // What the replica holds is read once (listing every key of a large replica is not free); a
    // document a session stores later and closes before its batch may be fetched once more, which
    // only adds the same state again.
    await this.deps.quiet?.()
    if (this.stopped) return
    if (!this.known) {
      this.known = new Set(await this.deps.replica.listDocuments())
      for (const name of this.known) this.queue.delete(name)
    }
    const known = this.known
    if (known.size >= this.limit) {
      this.queue.clear()
      return
    }
    const batch: string[] = []
    for (const name of [...this.queue].reverse()) {
      if (batch.length >= Math.min(this.batchSize, this.limit - known.size)) break
      this.queue.delete(name)
      if (!this.deps.isOpen(name)) batch.push(name)
    }
    if (batch.length === 0 || this.stopped) return
    await this.deps.quiet?.()
    if (this.stopped) {
      for (const name of batch) this.queue.add(name)
      return
    }
    const versions = new Map(batch.map((name) => [name, this.deps.versionOf(name)]))
    const request: CatchUpRequestDoc[] = batch.map((name) => ({ name, stateVector: NOTHING, update: new Uint8Array() }))
    let answers
    try {
      // An answer that comes while the user scrolls is parsed (250 documents' states) once they stop.
      answers = await postCatchUp(this.deps.fetch, this.deps.serverUrl, this.deps.workspaceId, request, this.deps.quiet)
    } catch {
      // Offline, or the server is restarting: these go back, asked for again once back online.
      for (const name of batch) this.queue.add(name)
      this.failed = true
      return
    }
    const moved: string[] = []
    for (const answer of answers) {
      if (answer.status === 'denied' || (answer.status === 'ok' && isEmptyUpdate(answer.missing))) {
        this.absent.add(answer.name)
        continue
      }
      if (answer.status !== 'ok') continue
      await this.deps.quiet?.()
      known.add(answer.name)
      // A session that opened meanwhile gets the same from its socket, and keeps its own snapshot.
      if (this.deps.isOpen(answer.name)) continue
      await this.deps.replica.appendUpdate(answer.name, 'remote', answer.missing)
      if (answer.committed.length > 0) await this.deps.replica.saveCommitted(answer.name, answer.committed)
      if (this.deps.versionOf(answer.name) !== versions.get(answer.name)) moved.push(answer.name)
    }
    if (moved.length > 0) this.deps.catchUp(moved)
  }
}
