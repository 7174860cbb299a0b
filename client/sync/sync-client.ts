/**
 * The sync client of one workspace for one user (namespace): the local replica, the open document
 * sessions, the live channel and the batched catch-up, with framework-free observables for the
 * connection state, the number of changes waiting for the server, and problems to show.
 *
 *   start ─▶ count waiting changes, load the local catalog ─▶ live channel ─(hello)─▶ catch-up
 *   catalog poke (a newer sequence) ─▶ catch-up
 *   online / visible ─▶ reconnect the live channel and every session now, not after the backoff
 *
 * A catch-up pulls the catalog since its sequence (`catalog.ts`), then sends one batched request
 * for the held documents whose rows changed (stale) plus those with waiting local changes; open
 * documents are left to their sockets. Document pokes are not followed: the catalog poke covers
 * every committed record, dependents' rows included.
 */
import { parseDocName } from '../../shared/doc-name'
import { LocalCatalog } from './catalog'
import { catalogDatabaseName } from './catalog-store'
import { catchUpDocuments, type CatchUpDeps } from './catch-up'
import { DocSession, type WebSocketClass } from './doc-session'
import { watchLocalDatabases, type LocalDatabaseEvent } from './idb-open'
import { LiveChannel } from './live-channel'
import { makeObservable, type Observable } from './observable'
import { documentIsVisible, watchReconnectTriggers, type EventTargetLike } from './reconnect-triggers'
import { Prefetcher, type PrefetchOptions } from './prefetch'
import { listenForActivity, makeQuietGate } from './quiet-gate'
import { openReplica, replicaDatabaseName, type Replica } from './replica'
import { ReplicaCorruptError } from './replica-entries'
import { SYNC_PROBLEM, problem, type SyncProblem } from './sync-problems'
import { WaitingLedger } from './waiting-ledger'

/** `offline`: not connected · `syncing`: connected, catching up or a document is syncing · `online`: all caught up. */
export type ConnectionState = 'online' | 'offline' | 'syncing'

export interface SyncClientOptions {
  /** The server's origin, `http(s)://host[:port]` (the app passes `location.origin`). */
  serverUrl: string
  workspaceId: string
  /** Whose replica this is: the signed-in user's id. */
  namespace: string
  /** Defaults to the global WebSocket; Node tests pass `ws`. */
  WebSocket?: WebSocketClass
  fetch?: typeof fetch
  /** Where `online` and `visibilitychange` arrive; defaults to the global `window`. */
  window?: EventTargetLike
  isVisible?: () => boolean
  /** Connect on start (default true); false starts offline until `connect()`. */
  connect?: boolean
  /** Of the held documents, those the server changed since the last catch-up; default: the catalog's answer. */
  documentsChangedOnServer?: (held: string[]) => Promise<string[]> | string[]
  /** Rows per catalog page (default 500; the server allows 1000). */
  catalogPageSize?: number
  /** Compact a document's replica after this many updates (default 200). */
  compactEvery?: number
  maxBackoffTime?: number
  /** Batch size and pacing of `prefetch` (tests make it quick). */
  prefetch?: PrefetchOptions
  /** Background work waits while `window` sees the user scroll or type, and this long after (default 300 ms). */
  quietMs?: number
}

const MAX_PROBLEMS = 50
const UPDATED_ELSEWHERE_MESSAGE = 'Tandem was updated in another tab, so this tab stopped using the local copy; reload this tab to keep working.'
const UPGRADE_BLOCKED_MESSAGE = 'Close other Tandem tabs to finish updating the local copy; it is ready as soon as they are closed.'

export function makeSyncClient(options: SyncClientOptions): SyncClient {
  return new SyncClient(options)
}

export class SyncClient {
  readonly replica: Replica
  /** Every record's row for lists and search, with own edits at once (`catalog.ts`). */
  readonly catalog: LocalCatalog
  private readonly following = new Map<string, () => void>()
  private readonly ledger = new WaitingLedger()
  private readonly opening = new Map<string, Promise<DocSession>>()
  private readonly open = new Map<string, DocSession>()
  private readonly connectionValue = makeObservable<ConnectionState>('offline')
  private readonly onlineValue = makeObservable(false)
  private readonly prefetcher: Prefetcher
  private readonly problemsValue = makeObservable<readonly SyncProblem[]>([])
  private readonly live: LiveChannel
  private readonly WS: WebSocketClass
  private readonly serverUrl: string
  private readonly syncUrl: string
  private wantConnected: boolean
  private started: Promise<void> | null = null
  private stopTriggers = () => {}
  private readonly stopActivity: () => void
  private readonly stopWatchingDatabases: () => void
  private readonly catchUpQueue = new Set<string>()
  private catchUpHeld = false
  /** Read the held documents from IndexedDB at the next round, not from what the replica knows. */
  private relistHeld = true
  private catchingUp: Promise<void> | null = null
  private destroyed = false

  constructor(private readonly options: SyncClientOptions) {
    const WS = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketClass }).WebSocket
    if (!WS) throw new Error('No WebSocket implementation: pass one as the `WebSocket` option (in Node, the `ws` package).')
    this.WS = WS
    this.serverUrl = options.serverUrl.replace(/\/+$/, '')
    if (!/^https?:\/\//.test(this.serverUrl)) throw new Error(`The server URL must start with http:// or https://, not "${options.serverUrl}".`)
    const wsBase = this.serverUrl.replace(/^http/, 'ws')
    this.syncUrl = `${wsBase}/sync`
    // Watched before the databases open: a blocked upgrade is announced right after the open.
    this.stopWatchingDatabases = watchLocalDatabases(
      [replicaDatabaseName(options.namespace), catalogDatabaseName(options.namespace)],
      (event) => this.localDatabaseEvent(event))
    this.replica = openReplica(options.namespace)
    this.catalog = new LocalCatalog({
      namespace: options.namespace,
      workspaceId: options.workspaceId,
      serverUrl: this.serverUrl,
      fetch: this.fetch,
      waitingDocuments: () => this.ledger.waitingDocuments(),
      hasWaiting: (name) => this.ledger.count(name).get() > 0,
      ...(options.catalogPageSize !== undefined ? { pageSize: options.catalogPageSize } : {}),
    })
    // A pull that started while a document still waited keeps its local row (the server's may lack
    // the edit); once the server has committed it, a pull now brings the row that holds it. The
    // poke alone may have come before the `committed` (another socket), leaving the row pending.
    // The same holds for changes a catch-up uploaded: their answer clears them here too.
    this.ledger.onCleared((name) => {
      if (this.wantConnected && !this.destroyed && this.catalog.hasLocalEdit(name)) void this.catchUp()
    })
    this.wantConnected = options.connect ?? true
    this.live = new LiveChannel(`${wsBase}/live/${encodeURIComponent(options.workspaceId)}`, WS, {
      opened: () => {
        this.relistHeld = true
        void this.catchUp()
      },
      // The catalog poke that goes with every document poke drives the catch-up.
      poked: () => {},
      catalogMoved: (seq) => { if (seq > this.catalog.seq.get()) void this.catchUp() },
      closedForGood: (code, reason) => this.report(problem(SYNC_PROBLEM.LIVE_CHANNEL_CLOSED, null,
        `The server closed the live channel for good (${reason || 'no reason given'}, ${code}); changes by others show when a record is opened.`, { code: reason || String(code) })),
    }, options.maxBackoffTime)
    this.live.state.subscribe(() => this.refreshConnection())
    const gate = makeQuietGate(options.quietMs !== undefined ? { quietMs: options.quietMs } : {})
    this.stopActivity = listenForActivity(gate, options.window ?? (globalThis as { window?: EventTargetLike }).window)
    this.prefetcher = new Prefetcher({
      replica: this.replica,
      fetch: this.fetch,
      serverUrl: this.serverUrl,
      workspaceId: options.workspaceId,
      online: this.onlineValue,
      isOpen: (name) => this.opening.has(name),
      versionOf: (name) => this.catalog.get(parseDocName(name)?.recordId ?? '')?.version,
      catchUp: (names) => { void this.catchUp(names) },
      quiet: gate.quiet,
    }, options.prefetch)
  }

  get connection(): Observable<ConnectionState> {
    return this.connectionValue
  }

  /** Local changes, over every held document, the server has not committed yet. */
  get waiting(): Observable<number> {
    return this.ledger.total
  }

  get problems(): Observable<readonly SyncProblem[]> {
    return this.problemsValue
  }

  /** Counts the waiting changes kept in the replica, then connects (unless started offline). */
  start(): Promise<void> {
    this.started ??= this.load()
    return this.started
  }

  /** Opens a record's session (loaded from the replica first); each open needs its own `close()`. */
  async openDocument(docName: string): Promise<DocSession> {
    const parsed = parseDocName(docName)
    if (!parsed || parsed.workspaceId !== this.options.workspaceId) {
      throw new Error(`"${docName}" is not a record of workspace ${this.options.workspaceId} (<workspaceId>/<type>/<recordId>).`)
    }
    if (this.destroyed) throw new Error('This sync client was closed (signed out); open documents through a new one.')
    await this.start()
    const existing = this.opening.get(docName)
    if (existing) return (await existing).retain()
    const opening = DocSession.open({
      docName,
      replica: this.replica,
      ledger: this.ledger,
      syncUrl: this.syncUrl,
      WebSocket: this.WS,
      connect: this.wantConnected,
      compactEvery: this.options.compactEvery ?? 200,
      ...(this.options.maxBackoffTime !== undefined ? { maxBackoffTime: this.options.maxBackoffTime } : {}),
      report: (p) => this.report(p),
      changed: () => this.refreshConnection(),
      closed: (session) => {
        this.following.get(session.docName)?.()
        this.following.delete(session.docName)
        this.opening.delete(session.docName)
        this.open.delete(session.docName)
        this.refreshConnection()
      },
    })
    this.opening.set(docName, opening)
    try {
      const session = await opening
      this.open.set(docName, session)
      this.following.set(docName, this.catalog.follow(docName, session.current))
      this.refreshConnection()
      return session
    } catch (error) {
      this.opening.delete(docName)
      if (error instanceof ReplicaCorruptError) this.report(problem(SYNC_PROBLEM.REPLICA_CORRUPT, docName, error.message))
      throw error
    }
  }

  /** Goes online: the live channel, every open session, then a catch-up. */
  connect(): void {
    if (this.destroyed) return
    this.wantConnected = true
    if (this.started) this.live.connect()
    for (const session of this.open.values()) session.connect()
    this.refreshConnection()
  }

  /** Goes offline on purpose: every socket closes; edits keep being saved locally and counted. */
  disconnect(): void {
    this.wantConnected = false
    this.live.disconnect()
    for (const session of this.open.values()) session.disconnect()
    this.refreshConnection()
  }

  /**
   * Catches up now: the given documents, or (without) those the server changed plus those with
   * waiting changes. Resolves when no catch-up is left to run; failures become problems.
   */
  catchUp(docNames?: Iterable<string>): Promise<void> {
    if (docNames) for (const name of docNames) this.catchUpQueue.add(name)
    else this.catchUpHeld = true
    if (!this.catchingUp) {
      this.catchingUp = this.drainCatchUps()
      this.refreshConnection()
    }
    return this.catchingUp
  }

  /**
   * Fetches, in the background while online, the documents of these records that have no local
   * copy yet, so they open and can be edited offline (`prefetch.ts`). Lists call it with their rows.
   */
  prefetch(docNames: Iterable<string>): void {
    if (!this.destroyed) this.prefetcher.prefetch(docNames)
  }

  /** Resolves when every change made so far is saved in IndexedDB. */
  async whenSaved(): Promise<void> {
    await Promise.all([...this.open.values()].map((s) => s.whenSaved()))
    await this.catalog.whenSaved()
  }

  dismissProblem(dismissed: SyncProblem): void {
    this.problemsValue.set(this.problemsValue.get().filter((p) => p !== dismissed))
  }

  /** Closes every session and socket; the replica stays (wipe it with `wipeReplica` on sign-out). */
  async destroy(): Promise<void> {
    if (this.destroyed) return
    this.destroyed = true
    this.wantConnected = false
    this.stopTriggers()
    this.stopActivity()
    this.stopWatchingDatabases()
    this.live.disconnect()
    await this.prefetcher.stop()
    const sessions = await Promise.allSettled([...this.opening.values()])
    await Promise.all(sessions.map((s) => s.status === 'fulfilled' ? s.value.forceClose() : undefined))
    await this.catchingUp
    await this.catalog.whenSaved().catch(() => {})
    this.refreshConnection()
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  private async load(): Promise<void> {
    const [scan] = await Promise.all([this.replica.scanWaiting(), this.catalog.load()])
    for (const error of scan.corrupt) this.report(problem(SYNC_PROBLEM.REPLICA_CORRUPT, error.docName, error.message))
    for (const [docName, doc] of scan.docs) {
      try {
        this.ledger.load(docName, doc.local, doc.committed)
      } catch (error) {
        this.report(problem(SYNC_PROBLEM.REPLICA_CORRUPT, docName,
          `The local copy of ${docName} is damaged (its waiting changes do not decode: ${(error as Error).message}).`))
      }
    }
    if (this.destroyed) return
    const target = this.options.window ?? (globalThis as { window?: EventTargetLike }).window
    this.stopTriggers = watchReconnectTriggers(target, this.options.isVisible ?? documentIsVisible, () => this.reconnectNow())
    if (this.wantConnected) this.live.connect()
  }

  private reconnectNow(): void {
    if (!this.wantConnected || this.destroyed) return
    this.live.reconnectNow()
    for (const session of this.open.values()) session.reconnect()
  }

  private async drainCatchUps(): Promise<void> {
    // Let `catchUp` store this promise before the loop can finish and clear it.
    await Promise.resolve()
    try {
      while (this.wantConnected && !this.destroyed && (this.catchUpHeld || this.catchUpQueue.size > 0)) {
        const names = new Set(this.catchUpQueue)
        this.catchUpQueue.clear()
        const held = this.catchUpHeld
        this.catchUpHeld = false
        try {
          let pullFailure: Error | null = null
          if (held) {
            const found = await this.documentsToCatchUp()
            for (const name of found.names) names.add(name)
            pullFailure = found.pullFailure
          }
          await catchUpDocuments(this.catchUpDeps, names)
          await this.catalog.caughtUp(names)
          // Shown only when the catch-up itself went through: one failed round is one problem.
          if (pullFailure) this.report(problem(SYNC_PROBLEM.CATCH_UP_FAILED, null, pullFailure.message))
        } catch (error) {
          // Retried on the next reconnect or poke: a failed catch-up loses nothing locally.
          this.report(problem(SYNC_PROBLEM.CATCH_UP_FAILED, null, (error as Error).message))
          break
        }
      }
    } finally {
      this.catchingUp = null
      this.refreshConnection()
    }
  }

  /**
   * Held documents the server changed (after a catalog pull) plus those with waiting changes. When
   * the pull fails, what was stale before and what waits still catch up.
   */
  private async documentsToCatchUp(): Promise<{ names: string[]; pullFailure: Error | null }> {
    // What is held is listed once per connection (another tab may have stored documents since),
    // then kept up to date by this tab's writes: a round after a keystroke must not read every key.
    const held = this.relistHeld ? new Set(await this.replica.listDocuments()) : await this.replica.knownDocuments()
    this.relistHeld = false
    let pullFailure: Error | null = null
    try {
      await this.catalog.pull(held)
    } catch (error) {
      pullFailure = error as Error
    }
    const changed = this.options.documentsChangedOnServer ? await this.options.documentsChangedOnServer([...held].sort()) : this.catalog.staleDocuments()
    return { names: [...new Set([...changed, ...this.ledger.waitingDocuments()])], pullFailure }
  }

  private get fetch(): typeof fetch {
    return this.options.fetch ?? globalThis.fetch.bind(globalThis)
  }

  private get catchUpDeps(): CatchUpDeps {
    return {
      replica: this.replica,
      ledger: this.ledger,
      fetch: this.fetch,
      serverUrl: this.serverUrl,
      workspaceId: this.options.workspaceId,
      isOpen: (name) => this.opening.has(name),
      session: (name) => this.open.get(name) ?? null,
      online: () => this.wantConnected && !this.destroyed,
      report: (p) => this.report(p),
    }
  }

  /** An upgrade by another tab (a newer build) or of this one (waiting for older tabs), said to the user. */
  private localDatabaseEvent(event: LocalDatabaseEvent): void {
    const blocked = (p: SyncProblem) => p.kind === SYNC_PROBLEM.UPGRADE_BLOCKED
    if (event === 'replaced') {
      this.report(problem(SYNC_PROBLEM.UPDATED_ELSEWHERE, null, UPDATED_ELSEWHERE_MESSAGE))
    } else if (event === 'blocked') {
      this.report(problem(SYNC_PROBLEM.UPGRADE_BLOCKED, null, UPGRADE_BLOCKED_MESSAGE))
    } else if (this.problemsValue.get().some(blocked)) {
      // Unblocked: the upgrade went on, so there is nothing left to do about it.
      this.problemsValue.set(this.problemsValue.get().filter((p) => !blocked(p)))
    }
  }

  /** The same problem again replaces the earlier one, so a flapping network does not pile them up. */
  private report(p: SyncProblem): void {
    const others = this.problemsValue.get().filter((q) => q.kind !== p.kind || q.docName !== p.docName || q.message !== p.message)
    this.problemsValue.set([...others, p].slice(-MAX_PROBLEMS))
  }

  private refreshConnection(): void {
    let state: ConnectionState
    if (!this.wantConnected || this.live.state.get() !== 'open') {
      state = 'offline'
    } else if (this.catchingUp || [...this.open.values()].some((s) => s.status.get() === 'syncing' || s.status.get() === 'offline')) {
      state = 'syncing'
    } else {
      state = 'online'
    }
    this.connectionValue.set(state)
    this.onlineValue.set(state !== 'offline')
  }
}
