/**
 * A document session: one record the user has open. Its Y.Doc is loaded from the replica first,
 * then a stock y-websocket `WebsocketProvider` connects (with `tandem=1`, so the server sends our
 * `committed` and `refused` messages) and carries presence through its awareness.
 *
 * Every update the doc emits is appended to the replica: as `remote` when it came from the server
 * (the provider or a catch-up), as `local` otherwise, and local ones count as waiting in the ledger
 * until a `committed` snapshot covers them.
 *
 * On `refused` (DESIGN.md §3a) the session keeps what the user had as a draft, drops the
 * document's waiting local updates, and reloads it from what the server has under a new Yjs
 * client id, with a new provider. The Y.Doc therefore changes: the app follows `current`.
 */
import { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { applyUpdate } from '../../shared/doc/sync-state'
import { CLOSE, ERROR } from '../../shared/errors'
import type { Refusal } from '../../shared/protocol/refused'
import { PROTOCOL_PARAM, PROTOCOL_VERSION } from '../../shared/protocol/version'
import { draftOf, type Draft } from './draft'
import { registerExtensions } from './extension-handlers'
import { makeObservable, when, type Observable } from './observable'
import type { Replica } from './replica'
import { docFromReplica, freshClientId, serverDocFromReplica } from './replica-doc'
import { ReplicaCorruptError } from './replica-entries'
import { SYNC_PROBLEM, problem, type SyncProblem } from './sync-problems'
import type { WaitingLedger } from './waiting-ledger'

/** `offline`: no socket · `syncing`: connected, first exchange not done · `synced` · `closed`: refused for good. */
export type SessionStatus = 'offline' | 'syncing' | 'synced' | 'closed'

export type WebSocketClass = typeof WebSocket

export interface RefusalNotice {
  docName: string
  code: string
  message: string
  updateId: string
  details: Record<string, unknown>
  /** What the user had that the server refused, as plain values. */
  draft: Draft
  at: number
}

export interface DocSessionOptions {
  docName: string
  replica: Replica
  ledger: WaitingLedger
  /** The sync endpoint, e.g. `wss://host/sync`; the document name is appended. */
  syncUrl: string
  WebSocket: WebSocketClass
  connect: boolean
  /** Compact the document's replica after this many appended updates. */
  compactEvery: number
  maxBackoffTime?: number
  report(problem: SyncProblem): void
  /** Called on every status change (the client derives its connection state from it). */
  changed(): void
  /** Called once the last holder closed the session. */
  closed(session: DocSession): void
}

/** Origin of updates applied from a catch-up answer: server state, stored as `remote`. */
export const CATCH_UP_ORIGIN = Symbol('catch-up')

export class DocSession {
  readonly docName: string
  private readonly currentValue: ReturnType<typeof makeObservable<{ doc: Y.Doc; awareness: Awareness }>>
  private readonly statusValue = makeObservable<SessionStatus>('offline')
  private readonly refusalValue = makeObservable<RefusalNotice | null>(null)
  private readonly readOnlyValue = makeObservable(false)
  private provider: WebsocketProvider
  private readonly pending = new Set<Promise<void>>()
  private wantConnected: boolean
  private closedForGood = false
  private restarting: Promise<void> | null = null
  private refs = 1
  private sinceCompaction = 0
  private compacting: Promise<unknown> | null = null
  private shutDown = false

  /** Loads the document from the replica, then connects (unless the client is offline by intent). */
  static async open(options: DocSessionOptions): Promise<DocSession> {
    const stored = await options.replica.loadDocument(options.docName)
    return new DocSession(options, docFromReplica(stored))
  }

  private constructor(private readonly options: DocSessionOptions, doc: Y.Doc) {
    this.docName = options.docName
    this.wantConnected = options.connect
    const awareness = new Awareness(doc)
    this.currentValue = makeObservable({ doc, awareness })
    doc.on('update', this.onUpdate)
    this.provider = this.makeProvider(doc, awareness)
    this.connectProvider()
  }

  /** The current Y.Doc and its awareness; both are replaced when the server refuses a change. */
  get current(): Observable<{ doc: Y.Doc; awareness: Awareness }> {
    return this.currentValue
  }

  get doc(): Y.Doc {
    return this.currentValue.get().doc
  }

  get awareness(): Awareness {
    return this.currentValue.get().awareness
  }

  get status(): Observable<SessionStatus> {
    return this.statusValue
  }

  /** Local changes of this document the server has not committed. */
  get waiting(): Observable<number> {
    return this.options.ledger.count(this.docName)
  }

  /** The last refusal, with its draft; null until one happens. */
  get refusal(): Observable<RefusalNotice | null> {
    return this.refusalValue
  }

  /** True once the server said this user may not write the document. */
  get readOnly(): Observable<boolean> {
    return this.readOnlyValue
  }

  /** Resolves when every update so far is saved in IndexedDB. */
  async whenSaved(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending])
  }

  /** Resolves once the socket has done its first exchange with the server. */
  whenSynced(): Promise<unknown> {
    return when(this.statusValue, (s) => s === 'synced')
  }

  retain(): this {
    this.refs++
    return this
  }

  connect(): void {
    this.wantConnected = true
    if (!this.closedForGood && !this.restarting) this.provider.connect()
  }

  disconnect(): void {
    this.wantConnected = false
    this.provider.disconnect()
  }

  /** Reconnects now rather than after the backoff (the network came back, the tab became visible). */
  reconnect(): void {
    if (!this.wantConnected || this.closedForGood || this.restarting || this.provider.wsconnected) return
    this.provider.wsUnsuccessfulReconnects = 0
    if (this.provider.ws === null) this.provider.connect()
  }

  /** Applies server state from a catch-up answer. */
  applyRemote(update: Uint8Array): void {
    applyUpdate(this.doc, update, CATCH_UP_ORIGIN)
  }

  /**
   * The server refused this document's local changes: keep them as a draft, drop them, reload
   * from the server's state under a new client id. Used for the socket's `refused` message and for
   * a refused catch-up.
   */
  refuse(refusal: Refusal): Promise<void> {
    if (this.restarting || this.shutDown) return this.restarting ?? Promise.resolve()
    const old = this.currentValue.get()
    // Stop at once: nothing more of the refused client id may reach the server or the replica.
    old.doc.off('update', this.onUpdate)
    this.provider.destroy()
    this.refreshStatus()
    this.restarting = this.reload(old, refusal).catch((error: unknown) => {
      this.closedForGood = true
      this.options.report(problem(
        error instanceof ReplicaCorruptError ? SYNC_PROBLEM.REPLICA_CORRUPT : SYNC_PROBLEM.LOCAL_SAVE_FAILED, this.docName,
        `The server refused a change to this record, and reloading it failed: ${(error as Error).message}`,
        { code: refusal.code },
      ))
    }).finally(() => {
      this.restarting = null
      this.refreshStatus()
    })
    return this.restarting
  }

  /** Releases one holder; the last one disconnects, saves, compacts and frees the document. */
  async close(): Promise<void> {
    if (--this.refs > 0 || this.shutDown) return
    this.shutDown = true
    await this.restarting
    const { doc, awareness } = this.currentValue.get()
    this.provider.destroy()
    awareness.destroy()
    doc.off('update', this.onUpdate)
    await this.whenSaved()
    await this.compacting
    await this.options.replica.compactDocument(this.docName).catch(() => {
      // A failed compaction leaves the keys as they were; the next one folds them.
    })
    doc.destroy()
    this.statusValue.set('offline')
    this.options.closed(this)
  }

  /** Closes whatever the number of holders (the client is shutting down). */
  forceClose(): Promise<void> {
    this.refs = 1
    return this.close()
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  private makeProvider(doc: Y.Doc, awareness: Awareness): WebsocketProvider {
    const provider = new WebsocketProvider(this.options.syncUrl, this.docName, doc, {
      connect: false,
      awareness,
      params: { [PROTOCOL_PARAM]: String(PROTOCOL_VERSION) },
      WebSocketPolyfill: this.options.WebSocket,
      // Tabs share the replica and each syncs through the server: a BroadcastChannel peer's
      // unconfirmed update would otherwise be stored here as server state.
      disableBc: true,
      ...(this.options.maxBackoffTime !== undefined ? { maxBackoffTime: this.options.maxBackoffTime } : {}),
    })
    registerExtensions(provider, {
      committed: (snapshot) => this.onCommitted(snapshot),
      refused: (refusal) => { void this.refuse(refusal) },
      malformed: (message) => this.options.report(problem(SYNC_PROBLEM.PROTOCOL, this.docName, `The server sent something this app cannot read (${message}). Reload the app.`)),
    })
    provider.on('status', () => this.refreshStatus())
    provider.on('sync', () => this.refreshStatus())
    provider.on('closed', ({ code, reason }) => this.onClosedForGood(code, reason))
    return provider
  }

  private connectProvider(): void {
    if (this.wantConnected) this.provider.connect()
    this.refreshStatus()
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    const remote = origin === this.provider || origin === CATCH_UP_ORIGIN
    if (!remote) this.options.ledger.addLocal(this.docName, update)
    this.track(this.options.replica.appendUpdate(this.docName, remote ? 'remote' : 'local', update).then(() => {
      if (++this.sinceCompaction >= this.options.compactEvery) this.compact()
    }))
  }

  private onCommitted(snapshot: Uint8Array): void {
    let changed: boolean
    try {
      changed = this.options.ledger.commit(this.docName, snapshot)
    } catch (error) {
      return this.options.report(problem(SYNC_PROBLEM.PROTOCOL, this.docName, `The server sent a committed snapshot that does not decode (${(error as Error).message}).`))
    }
    if (changed) this.track(this.options.replica.saveCommitted(this.docName, snapshot))
  }

  private onClosedForGood(code: number, reason: string): void {
    this.closedForGood = true
    if (code === CLOSE.FORBIDDEN.code) this.readOnlyValue.set(true)
    this.refreshStatus()
    this.options.report(problem(SYNC_PROBLEM.CLOSED, this.docName,
      `The server stopped syncing this record (${reason || 'no reason given'}, ${code}). Your changes stay on this device.`,
      { code: reason || String(code) }))
  }

  private async reload(old: { doc: Y.Doc; awareness: Awareness }, refusal: Refusal): Promise<void> {
    await this.whenSaved()
    // Save the newest snapshot first, so that what the server did commit is kept, not dropped.
    const snapshot = this.options.ledger.snapshot(this.docName)
    if (snapshot) await this.options.replica.saveCommitted(this.docName, snapshot)
    const fresh = serverDocFromReplica(await this.options.replica.loadDocument(this.docName), freshClientId(old.doc.clientID))
    const draft = draftOf(old.doc, fresh)
    await this.options.replica.dropWaiting(this.docName)
    this.options.ledger.drop(this.docName)
    const awareness = new Awareness(fresh)
    awareness.setLocalState(old.awareness.getLocalState())
    old.awareness.destroy()
    fresh.on('update', this.onUpdate)
    this.provider = this.makeProvider(fresh, awareness)
    this.currentValue.set({ doc: fresh, awareness })
    this.connectProvider()
    old.doc.destroy()
    if (refusal.code === ERROR.FORBIDDEN) this.readOnlyValue.set(true)
    const notice: RefusalNotice = { docName: this.docName, ...refusal, draft, at: Date.now() }
    this.refusalValue.set(notice)
    this.options.report(problem(SYNC_PROBLEM.REFUSED, this.docName, refusal.message, { code: refusal.code, draft, details: refusal.details }))
  }

  private compact(): void {
    if (this.compacting) return
    this.sinceCompaction = 0
    this.compacting = this.options.replica.compactDocument(this.docName).catch((error: unknown) => {
      if (error instanceof ReplicaCorruptError) this.options.report(problem(SYNC_PROBLEM.REPLICA_CORRUPT, this.docName, error.message))
    }).finally(() => { this.compacting = null })
  }

  private track(write: Promise<void>): void {
    const tracked = write.catch((error: unknown) => {
      this.options.report(problem(SYNC_PROBLEM.LOCAL_SAVE_FAILED, this.docName,
        `A change could not be saved on this device (${(error as Error).message}); it is kept in memory and sent to the server when online.`))
    }).finally(() => this.pending.delete(tracked))
    this.pending.add(tracked)
  }

  private refreshStatus(): void {
    const p = this.provider
    const status: SessionStatus = this.closedForGood ? 'closed'
      : this.restarting || !p.wsconnected ? 'offline'
      : p.synced ? 'synced' : 'syncing'
    this.statusValue.set(status)
    this.options.changed()
  }
}
