/**
 * A room: one loaded record document and the connections editing it. It knows nothing of the
 * transport: a socket adapter (or a test) calls handleConnect / handleMessage / handleClose and
 * gives it connections that can `send` frames and `close`.
 *
 * Incoming bytes take one path (DESIGN.md §3a):
 *
 *   frame ─ parse ─▶ shadow copy ─▶ checks ─▶ commit (group) ─▶ live document ─▶ broadcast
 *
 * (The live document takes its commits in groups, when read: see `liveBehind`.)
 *
 * The shadow copy runs ahead of the live document by the updates that are committing ("in
 * flight"). Only the validated incoming bytes are stored, never anything re-encoded from the live
 * document. A refused update is neither stored nor broadcast, and the shadow is rebuilt from the
 * live document plus the updates in flight. Updates with a gap in a client's clock wait, bounded
 * in bytes and time, until the gap closes. The live document only ever holds committed state, so
 * every sync answer and broadcast is durable.
 */
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { isEmptyTransaction, summarizeTransaction, type ChangeSummary } from '../../shared/doc/change-summary'
import { encodeCommittedSnapshot, hasPending, mayProgress, pendingNeeds } from '../../shared/doc/sync-state'
import type { DocName } from '../../shared/doc-name'
import { CLOSE, ERROR, type ErrorCode } from '../../shared/errors'
import { writeCommitted } from '../../shared/protocol/committed'
import { FrameError, readClientFrame, writeAwareness, writeSyncStep1, writeSyncStep2, writeSyncUpdate } from '../../shared/protocol/messages'
import { updateId, writeRefused } from '../../shared/protocol/refused'
import type { Logger } from '../logger'
import type { Metrics } from '../metrics'
import type { DocumentStore } from '../storage/document-store'
import { TokenBucket } from '../auth/rate-limiter'
import { guardAwareness, type PresenceIdentity } from './awareness-guard'
import { runChecks, type Check } from './checks'
import { structCountsFit } from './struct-counts'
import { foldUpdates } from './fold'
import type { UpdateLog } from './update-log'
import type { DocRecorder } from './doc-recorder'
import { CREATED } from './commit-notice'

export interface RoomConnection {
  readonly id: string
  /** Who this connection writes as: `user:<id>`, `token:<id>`, `anonymous`. */
  readonly actor: string
  /** Our client, which opted in to the `committed` and `refused` messages. */
  readonly extensions: boolean
  /** May read and publish awareness but not write (viewers). Can change while connected. */
  readonly readOnly: boolean
  /** Who the session says this is: presence shows this, whatever the client claims. */
  readonly identity: PresenceIdentity | null
  send(frame: Uint8Array): void
  close(code: number, reason: string): void
}

export interface RoomLimits {
  maxFrameBytes: number
  /** How long an update may wait for a clock gap to close. */
  gapWaitMs: number
  /** Bytes of updates that may wait on gaps, per room. */
  gapMaxBytes: number
  /** Compact once this many updates are in the log. */
  compactAfterUpdates: number
  /** Messages per second a connection may send, and the burst it may save up. */
  messagesPerSecond: number
  messageBurst: number
  /** Presence: bytes of one state, and client ids one connection may speak for. */
  maxAwarenessStateBytes: number
  maxAwarenessClients: number
  /**
   * The trust boundary's per-message checks: client-id bindings, the awareness guard and the rate
   * limit. Always on; only the boundary-cost benchmark (bench/boundary-cost.ts) turns them off, to
   * measure what they cost. Nothing reads it from configuration.
   */
  trustChecks: boolean
}

/** At most so many committed updates wait to be applied to the live document. */
const LIVE_CATCH_UP = 64

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  maxFrameBytes: 4 * 1024 * 1024,
  gapWaitMs: 10_000,
  gapMaxBytes: 4 * 1024 * 1024,
  compactAfterUpdates: 500,
  // A person types at most ~20 keystrokes a second, each one message; sync step 2 and awareness
  // add a few. 100/s with a burst of 500 (a paste, a reconnect) is generous for people and stops
  // a flood within a second.
  messagesPerSecond: 100,
  messageBurst: 500,
  maxAwarenessStateBytes: 8 * 1024,
  maxAwarenessClients: 4,
  trustChecks: true,
}

export interface RoomDeps {
  store: DocumentStore
  log: UpdateLog
  checks: readonly Check[]
  metrics: Metrics
  logger: Logger
  limits: RoomLimits
  /** The record keeper of a document (projection and field history), or null for none. */
  recorderFor?(doc: DocName, name: string): DocRecorder | null
  /**
   * Called after the commits of a turn of the event loop, with the fields they changed (scalar
   * field names and root names; `CREATED` when the document's first update was among them).
   */
  onCommitted(docName: string, fields: ReadonlySet<string>): void
  /** Called when the room has no connections and nothing in flight, or failed. */
  onIdle(room: Room): void
}

export type IngestResult =
  | { status: 'committed' }
  | { status: 'refused'; code: ErrorCode; message: string; details: Record<string, unknown> }

/** Where an update came from: a connection, or a request acting for someone (catch-up, REST). */
interface Source {
  conn: RoomConnection | null
  actor: string
  /** Made by the server itself (REST after validation, commands, repairs): may write server-owned fields. */
  trusted?: boolean
}

interface GapEntry {
  source: Source
  update: Uint8Array
  at: number
  /** What it waits for (`pendingNeeds`): retried only once the shadow has passed one of these. */
  needs: Map<number, number>
  resolve(result: IngestResult): void
}

type RoomState = 'loading' | 'ready' | 'failed' | 'closed'

interface ConnState {
  /** Awareness client ids this connection speaks for. */
  awarenessIds: Set<number>
  /** Every client id it ever published presence for: the per-connection limit counts these. */
  claimed: Set<number>
  bucket: TokenBucket
}

export class Room {
  private live = new Y.Doc({ gc: true })
  private shadow = new Y.Doc({ gc: true })
  private awareness: awarenessProtocol.Awareness
  private readonly conns = new Map<RoomConnection, ConnState>()
  /** Yjs client id → the actor it is bound to in this document (DESIGN.md §6). */
  private bindings = new Map<number, string>()
  /**
   * Client id → the actor that first showed presence with it, while the room is loaded. Presence
   * reveals a client id before its first write: without this, someone else could write or show
   * presence with it first (say while its user is offline), and that user's edits or presence
   * would then be refused.
   */
  private readonly presenceOf = new Map<number, string>()
  private owner: string | null = null
  private readonly inflight: Uint8Array[] = []
  /**
   * Committed updates not yet applied to the live document: applied together, in one transaction,
   * when it is read (a sync answer, a rebuild, the committed snapshot) or once there are
   * `LIVE_CATCH_UP` of them. Applying each as it committed cost a Yjs transaction per update,
   * mostly for nobody: the broadcast sends the committed bytes.
   */
  private readonly liveBehind: Uint8Array[] = []
  /** The fields each update in flight changes, in the same order. */
  private readonly inflightFields: string[][] = []
  /** Fields changed by commits since the last notice. */
  private committedFields = new Set<string>()
  private readonly gaps: GapEntry[] = []
  private gapBytes = 0
  private gapTimer: ReturnType<typeof setTimeout> | null = null
  /** What the last update that met a gap waits for. */
  private lastNeeds = new Map<number, number>()
  private readonly beforeReady: Array<() => void> = []
  private readonly idleWaiters: Array<() => void> = []
  /** What the last update applied to the shadow changed (null: nothing), taken in afterTransaction. */
  private lastChange: ChangeSummary | null = null
  private readonly recorder: DocRecorder | null
  private committedScheduled = false
  private compacting = false
  private uncompacted = 0
  private holds = 0
  state: RoomState = 'loading'
  readonly ready: Promise<void>

  constructor(readonly name: string, readonly doc: DocName, private readonly deps: RoomDeps) {
    this.recorder = deps.recorderFor?.(doc, name) ?? null
    this.awareness = new awarenessProtocol.Awareness(this.live)
    this.awareness.setLocalState(null) // the server has no presence of its own
    this.awareness.on('update', this.onAwarenessUpdate)
    this.watchShadow()
    this.ready = this.load()
  }

  get connectionCount(): number {
    return this.conns.size
  }

  /** Connections plus holds: while above zero the room stays loaded. */
  get references(): number {
    return this.conns.size + this.holds
  }

  hold(): void {
    this.holds++
  }

  release(): void {
    this.holds--
    this.maybeIdle()
  }

  // ── transport-facing ──────────────────────────────────────────────────────────────────────

  handleConnect(conn: RoomConnection): void {
    if (this.state === 'loading') {
      this.conns.set(conn, this.connState())
      this.beforeReady.push(() => this.greet(conn))
      return
    }
    if (this.state !== 'ready') {
      conn.close(CLOSE.STORAGE_FAILED.code, CLOSE.STORAGE_FAILED.reason)
      return
    }
    this.conns.set(conn, this.connState())
    this.greet(conn)
  }

  handleMessage(conn: RoomConnection, data: Uint8Array | string): void {
    const state = this.conns.get(conn)
    if (!state) return
    if (this.deps.limits.trustChecks && !state.bucket.take()) return this.closeWith(conn, CLOSE.RATE_LIMITED)
    if (typeof data === 'string') return this.closeWith(conn, CLOSE.TEXT_FRAME)
    if (data.length > this.deps.limits.maxFrameBytes) return this.closeWith(conn, CLOSE.FRAME_TOO_LARGE)
    if (this.state === 'loading') {
      this.beforeReady.push(() => this.dispatch(conn, data))
      return
    }
    this.dispatch(conn, data)
  }

  private dispatch(conn: RoomConnection, data: Uint8Array): void {
    if (this.state !== 'ready' || !this.conns.has(conn)) return
    let message
    try {
      message = readClientFrame(data)
    } catch (error) {
      if (error instanceof FrameError) return this.closeWith(conn, CLOSE.MALFORMED_FRAME)
      throw error
    }
    switch (message.type) {
      case 'sync-step1': {
        let answer: Uint8Array
        try {
          answer = Y.encodeStateAsUpdate(this.committed(), message.stateVector)
        } catch {
          return this.closeWith(conn, CLOSE.MALFORMED_FRAME)
        }
        conn.send(writeSyncStep2(answer))
        return
      }
      case 'sync-step2':
      case 'sync-update':
        void this.ingest({ conn, actor: conn.actor }, message.update)
        return
      case 'awareness':
        this.applyAwareness(conn, message.update)
        return
      case 'query-awareness':
        conn.send(this.encodeAllAwareness())
        return
      default: {
        const never: never = message
        throw new Error(`unhandled message ${JSON.stringify(never)}`)
      }
    }
  }

  handleClose(conn: RoomConnection): void {
    const state = this.conns.get(conn)
    if (!state) return
    this.conns.delete(conn)
    if (state.awarenessIds.size > 0 && this.state === 'ready') {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...state.awarenessIds], null)
    }
    // Updates of a gone connection that still wait on a gap are dropped: the client resends
    // everything the server lacks when it reconnects (sync step 2).
    for (const entry of this.gaps.filter((e) => e.source.conn === conn)) {
      this.dropGap(entry, { status: 'refused', code: ERROR.CLOCK_GAP_NEVER_CLOSED, message: 'connection closed', details: {} })
    }
    this.maybeIdle()
  }

  // ── request-facing (catch-up, REST, server edits) ────────────────────────────────────────

  /** Runs an update from a request through the same path as a socket update. */
  submit(update: Uint8Array, actor: string): Promise<IngestResult> {
    return this.ingest({ conn: null, actor }, update)
  }

  /**
   * A server-side edit (REST, commands, repairs) made on the latest accepted state, as `actor`, with
   * a fresh Yjs client id, through the same path as any update. `mutate` writes through shared/doc.
   * Resolves `committed` with no update when the edit changed nothing, and otherwise once the edit
   * is committed and readable by SQL (its projection and history), so the caller can answer with it.
   */
  async edit(actor: string, mutate: (doc: Y.Doc) => void): Promise<IngestResult & { changed: boolean }> {
    await this.ready
    if (this.state !== 'ready') return { ...refusal(ERROR.SERVER_SHUTTING_DOWN, 'the document is not loaded'), changed: false }
    const scratch = new Y.Doc({ gc: true })
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.shadow))
    const before = Y.encodeStateVector(scratch)
    mutate(scratch)
    const update = Y.encodeStateAsUpdate(scratch, before)
    const changed = !sameVector(before, Y.encodeStateVector(scratch)) || hasDeletions(update)
    scratch.destroy()
    if (!changed) return { status: 'committed', changed: false }
    const result = await this.ingest({ conn: null, actor, trusted: true }, update)
    // Committed (in the journal) whatever the database says now: a failed write is retried, and
    // the caller must not hear "failed" for an edit that stands (a retried create would double).
    if (result.status === 'committed') await this.deps.store.flush().catch(() => {})
    return { ...result, changed: true }
  }

  /** The latest accepted state (committed or committing) as a document of its own, for reading. */
  snapshotDoc(): Y.Doc {
    const copy = new Y.Doc({ gc: true })
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.shadow))
    return copy
  }

  /** What a client with this state vector lacks, and the committed snapshot, once idle. */
  async answer(stateVector: Uint8Array): Promise<{ missing: Uint8Array; committed: Uint8Array }> {
    await this.idle()
    return { missing: Y.encodeStateAsUpdate(this.committed(), stateVector), committed: encodeCommittedSnapshot(this.committed()) }
  }

  /** Resolves when the room has loaded and no update is in flight. */
  async idle(): Promise<void> {
    await this.ready
    if (this.inflight.length === 0 || this.state !== 'ready') return
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve))
  }

  /** The committed document's full state, for tests and diagnostics. */
  encodeState(): Uint8Array {
    return Y.encodeStateAsUpdate(this.committed())
  }

  /** Closes every connection and frees the documents, awareness and timers. */
  destroy(code: number = CLOSE.SHUTTING_DOWN.code, reason: string = CLOSE.SHUTTING_DOWN.reason): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    for (const conn of [...this.conns.keys()]) conn.close(code, reason)
    this.conns.clear()
    for (const entry of [...this.gaps]) {
      this.dropGap(entry, { status: 'refused', code: ERROR.SERVER_SHUTTING_DOWN, message: 'the document was unloaded', details: {} })
    }
    if (this.gapTimer) clearTimeout(this.gapTimer)
    this.gapTimer = null
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.live.destroy()
    this.liveBehind.length = 0
    this.shadow.destroy()
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  // ── loading ──────────────────────────────────────────────────────────────────────────────

  private async load(): Promise<void> {
    try {
      const [{ snapshot, updates }, bindings, owner] = await Promise.all([
        this.deps.store.loadDocument(this.name), this.deps.store.clientBindings(this.name), this.deps.store.docOwner(this.name),
      ])
      if (this.state !== 'loading') return
      this.bindings = bindings
      this.owner = owner
      this.live.transact(() => {
        if (snapshot) Y.applyUpdate(this.live, snapshot)
        for (const update of updates) Y.applyUpdate(this.live, update)
      })
      this.uncompacted = updates.length
      this.recorder?.load(this.live)
      this.rebuildShadow()
      this.state = 'ready'
      for (const run of this.beforeReady.splice(0)) run()
    } catch (error) {
      if (this.state !== 'loading') return
      this.deps.logger.error('document failed to load', { doc: this.name, error: String(error) })
      this.fail()
    }
  }

  private greet(conn: RoomConnection): void {
    if (!this.conns.has(conn)) return
    conn.send(writeSyncStep1(Y.encodeStateVector(this.committed())))
    if (this.awareness.getStates().size > 0) conn.send(this.encodeAllAwareness())
    if (conn.extensions) conn.send(writeCommitted(encodeCommittedSnapshot(this.committed())))
  }

  // ── the incoming-bytes path ──────────────────────────────────────────────────────────────

  private ingest(source: Source, update: Uint8Array): Promise<IngestResult> {
    if (this.state !== 'ready') {
      return Promise.resolve(refusal(ERROR.SERVER_SHUTTING_DOWN, 'the document is not loaded'))
    }
    const applied = this.applyToShadow(update, source)
    if (applied === 'malformed') {
      return Promise.resolve(this.refuse(source, update, refusal(ERROR.MALFORMED_UPDATE, 'the update is not a valid Yjs update')))
    }
    if (applied === 'gap') {
      return source.conn?.readOnly ? Promise.resolve(this.refuseReadOnly(source, update)) : this.waitOnGap(source, update)
    }
    const result = this.accept(source, update, applied)
    this.retryGaps()
    return result
  }

  /** Applies an update to the shadow copy; says what it did without changing the live document. */
  private applyToShadow(update: Uint8Array, source: Source): ChangeSummary | null | 'malformed' | 'gap' {
    this.lastChange = null
    // Yjs would allocate a slot per claimed struct before reading any (see struct-counts.ts).
    if (!structCountsFit(update)) return 'malformed'
    try {
      Y.applyUpdate(this.shadow, update, source)
    } catch {
      // A truncated update can integrate half its structs before it throws.
      this.rebuildShadow()
      return 'malformed'
    }
    if (hasPending(this.shadow)) {
      this.lastNeeds = pendingNeeds(this.shadow)
      this.rebuildShadow()
      return 'gap'
    }
    return this.lastChange as ChangeSummary | null
  }

  private accept(source: Source, update: Uint8Array, change: ChangeSummary | null): Promise<IngestResult> {
    if (change === null) {
      // Nothing new (a duplicate, or an empty sync step 2): nothing to store.
      return Promise.resolve({ status: 'committed' })
    }
    if (source.conn?.readOnly) {
      // Read-only connections may sync (an empty sync step 2 is fine) but never change anything.
      this.rebuildShadow()
      return Promise.resolve(this.refuseReadOnly(source, update))
    }
    // Structs may only be written with client ids bound to this actor (or to nobody yet).
    const trust = this.deps.limits.trustChecks
    const forged = trust ? change.clients.find((client) => {
      const bound = this.bindings.get(client) ?? this.presenceOf.get(client)
      return bound !== undefined && bound !== source.actor
    }) : undefined
    if (forged !== undefined) {
      this.rebuildShadow()
      return Promise.resolve(this.refuse(source, update, refusal(ERROR.FORBIDDEN_CLIENT_ID,
        `this change writes as Yjs client ${forged}, which belongs to another user`, { clientId: forged })))
    }
    const refused = runChecks(this.deps.checks, {
      doc: this.doc, docName: this.name, actor: source.actor, trusted: source.trusted === true, change, shadow: this.shadow,
    })
    if (refused) {
      this.rebuildShadow()
      return Promise.resolve(this.refuse(source, update, refusal(refused.code, refused.message, { check: refused.check, ...refused.details })))
    }
    this.inflight.push(update)
    this.inflightFields.push(fieldsOf(change, this.owner === null))
    const clientId = change.clients.length === 1 ? change.clients[0]! : null
    // Bind new client ids now (not at commit), so a forgery racing this update is refused too.
    // A loop, not a filter with a closure: this runs for every edit, and the list is almost always empty.
    const bindClients: number[] = []
    if (trust) {
      for (const client of change.clients) if (!this.bindings.has(client)) bindClients.push(client)
    }
    for (const client of bindClients) this.bindings.set(client, source.actor)
    const claimOwner = this.owner === null
    if (claimOwner) this.owner = source.actor
    const record = this.recorder?.accepted(this.shadow, change, source.actor, (client) => this.bindings.get(client) ?? source.actor) ?? undefined
    return this.deps.log.append({ doc: this.name, update, actor: source.actor, clientId, bindClients, claimOwner, record }).then(
      () => this.afterCommit(source),
      this.commitFailed,
    )
  }

  /** One function for every commit's failure, not a closure per edit. */
  private readonly commitFailed = (error: unknown): IngestResult => {
    this.deps.logger.error('commit failed', { doc: this.name, error: String(error) })
    this.fail()
    return refusal(ERROR.STORAGE_FAILED, 'the server could not store the change; it will be sent again')
  }

  private afterCommit(source: Source): IngestResult {
    if (this.state !== 'ready') return refusal(ERROR.SERVER_SHUTTING_DOWN, 'the document was unloaded')
    // Commits resolve in the order they were appended, so the oldest in flight is this one.
    const update = this.inflight.shift()!
    for (const field of this.inflightFields.shift()!) this.committedFields.add(field)
    this.liveBehind.push(update)
    if (this.liveBehind.length >= LIVE_CATCH_UP) this.committed()
    // The bytes as committed, not re-encoded from the live document (which only an 'update'
    // listener would make Yjs do): the same content, the receivers skip what they have.
    this.broadcast(writeSyncUpdate(update), source.conn)
    this.deps.metrics.updatesCommitted.inc()
    this.uncompacted++
    this.scheduleCommitted()
    if (this.inflight.length === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve()
      this.maybeIdle()
    }
    if (this.uncompacted >= this.deps.limits.compactAfterUpdates) this.compact()
    return { status: 'committed' }
  }

  private refuse(source: Source, update: Uint8Array, result: Extract<IngestResult, { status: 'refused' }>): IngestResult {
    this.deps.metrics.updatesRefused.inc({ code: result.code })
    const conn = source.conn
    if (conn) {
      if (result.code === ERROR.MALFORMED_UPDATE) {
        this.closeWith(conn, CLOSE.MALFORMED_UPDATE)
      } else if (result.code === ERROR.CLOCK_GAP_TOO_LARGE || result.code === ERROR.CLOCK_GAP_NEVER_CLOSED) {
        this.closeWith(conn, CLOSE.CLOCK_GAP)
      } else if (conn.extensions) {
        conn.send(writeRefused({ code: result.code, message: result.message, updateId: updateId(update), details: result.details }))
      } else {
        this.closeWith(conn, result.code === ERROR.FORBIDDEN ? CLOSE.FORBIDDEN : CLOSE.REFUSED)
      }
    }
    return result
  }

  private refuseReadOnly(source: Source, update: Uint8Array): IngestResult {
    return this.refuse(source, update, refusal(ERROR.FORBIDDEN, 'you may read this record but not change it'))
  }

  // ── clock gaps ───────────────────────────────────────────────────────────────────────────

  private waitOnGap(source: Source, update: Uint8Array): Promise<IngestResult> {
    if (this.gapBytes + update.length > this.deps.limits.gapMaxBytes) {
      return Promise.resolve(this.refuse(source, update,
        refusal(ERROR.CLOCK_GAP_TOO_LARGE, 'too many updates are waiting for earlier updates that never came')))
    }
    return new Promise((resolve) => {
      this.gaps.push({ source, update, at: Date.now(), needs: this.lastNeeds, resolve })
      this.gapBytes += update.length
      this.armGapTimer()
    })
  }

  /**
   * After an update is accepted, waiting updates may now fit: try them until none makes progress.
   * Only those whose needs the shadow has passed are tried: trying one costs a shadow rebuild, and
   * trying every one after every update let a client stall the server with many small gaps.
   */
  private retryGaps(): void {
    let progress = true
    while (progress && this.gaps.length > 0 && this.state === 'ready') {
      progress = false
      for (const entry of [...this.gaps]) {
        if (!mayProgress(this.shadow, entry.needs)) continue
        const applied = this.applyToShadow(entry.update, entry.source)
        if (applied === 'gap') {
          entry.needs = this.lastNeeds
          continue
        }
        this.removeGap(entry)
        progress = true
        if (applied === 'malformed') {
          entry.resolve(this.refuse(entry.source, entry.update, refusal(ERROR.MALFORMED_UPDATE, 'the update is not a valid Yjs update')))
        } else {
          void this.accept(entry.source, entry.update, applied).then(entry.resolve)
        }
      }
    }
  }

  private armGapTimer(): void {
    if (this.gapTimer || this.gaps.length === 0) return
    // Not Math.min(...spread): there can be more waiting updates than a call takes arguments.
    const oldest = this.gaps.reduce((min, e) => Math.min(min, e.at), Number.POSITIVE_INFINITY)
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null
      const now = Date.now()
      for (const entry of this.gaps.filter((e) => now - e.at >= this.deps.limits.gapWaitMs)) {
        this.dropGap(entry, this.refuse(entry.source, entry.update,
          refusal(ERROR.CLOCK_GAP_NEVER_CLOSED, 'the update waited too long for earlier updates that never came')) as Extract<IngestResult, { status: 'refused' }>)
      }
      this.armGapTimer()
    }, Math.max(0, oldest + this.deps.limits.gapWaitMs - Date.now()))
    this.gapTimer.unref?.()
  }

  private removeGap(entry: GapEntry): void {
    const index = this.gaps.indexOf(entry)
    if (index < 0) return
    this.gaps.splice(index, 1)
    this.gapBytes -= entry.update.length
    if (this.gaps.length === 0 && this.gapTimer) {
      clearTimeout(this.gapTimer)
      this.gapTimer = null
    }
  }

  private dropGap(entry: GapEntry, result: IngestResult): void {
    this.removeGap(entry)
    entry.resolve(result)
  }

  // ── live document, awareness, notifications ──────────────────────────────────────────────

  private rebuildShadow(): void {
    this.shadow.destroy()
    this.shadow = new Y.Doc({ gc: true })
    this.watchShadow()
    this.shadow.transact(() => {
      Y.applyUpdate(this.shadow, Y.encodeStateAsUpdate(this.committed()))
      for (const update of this.inflight) Y.applyUpdate(this.shadow, update)
    }, 'rebuild')
  }

  private watchShadow(): void {
    this.shadow.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin !== 'rebuild') this.lastChange = isEmptyTransaction(tr) ? null : summarizeTransaction(tr)
    })
  }

  private broadcast(frame: Uint8Array, except: RoomConnection | null): void {
    for (const conn of this.conns.keys()) if (conn !== except) conn.send(frame)
  }

  /** The live document with every commit applied: read it only through this. */
  private committed(): Y.Doc {
    if (this.liveBehind.length > 0) {
      const updates = this.liveBehind.splice(0)
      this.live.transact(() => {
        for (const update of updates) Y.applyUpdate(this.live, update)
      })
    }
    return this.live
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed]
    const ids = this.conns.get(origin as RoomConnection)?.awarenessIds
    if (ids) {
      for (const id of [...added, ...updated]) ids.add(id)
      for (const id of removed) ids.delete(id)
    }
    const frame = writeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
    for (const conn of this.conns.keys()) if (conn !== origin) conn.send(frame)
  }

  private connState(): ConnState {
    return { awarenessIds: new Set(), claimed: new Set(), bucket: new TokenBucket(this.deps.limits.messagesPerSecond, this.deps.limits.messageBurst) }
  }

  /** Presence passes the guard (identity from the session, own client ids only, size) first. */
  private applyAwareness(conn: RoomConnection, update: Uint8Array): void {
    if (!this.deps.limits.trustChecks) return awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn)
    const { awarenessIds: mine, claimed } = this.conns.get(conn)!
    // A client id is another's when another actor wrote or showed presence with it first, or holds
    // it now; the same user's other socket (one the network dropped) hands it over.
    const guarded = guardAwareness(update, conn.identity, claimed, (clientId) => {
      const owner = this.bindings.get(clientId) ?? this.presenceOf.get(clientId)
      if (owner !== undefined && owner !== conn.actor) return true
      for (const [other, state] of this.conns) if (other.actor !== conn.actor && state.awarenessIds.has(clientId)) return true
      return false
    }, { maxStateBytes: this.deps.limits.maxAwarenessStateBytes, maxClientsPerConnection: this.deps.limits.maxAwarenessClients },
    (clientId, clock, removal) => {
      // What y-protocols' applyAwarenessUpdate would ignore: an older clock, or the same one unless it removes a state.
      const known = this.awareness.meta.get(clientId)?.clock ?? 0
      return clock < known || (clock === known && !(removal && this.awareness.states.has(clientId)))
    })
    if (!guarded.ok) {
      this.deps.logger.debug('awareness refused', { doc: this.name, reason: guarded.reason })
      return this.closeWith(conn, CLOSE.AWARENESS_REFUSED)
    }
    for (const id of guarded.clients) {
      if (claimed.has(id)) continue
      for (const state of this.conns.values()) state.awarenessIds.delete(id)
      mine.add(id)
      claimed.add(id)
      if (!this.presenceOf.has(id)) this.presenceOf.set(id, conn.actor)
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, guarded.update, conn)
  }

  /** The connections that match, e.g. a user's when their access changed. */
  connectionsOf(predicate: (conn: RoomConnection) => boolean): RoomConnection[] {
    return [...this.conns.keys()].filter(predicate)
  }

  private encodeAllAwareness(): Uint8Array {
    return writeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]))
  }

  /**
   * One `committed` per group commit, however many of the room's updates it held: the group's
   * commits resolve together, each in a microtask queued before this one, so this runs once they
   * all have (and not on a later turn of the event loop, which cost an extra turn per commit).
   */
  private scheduleCommitted(): void {
    if (this.committedScheduled) return
    this.committedScheduled = true
    queueMicrotask(() => {
      this.committedScheduled = false
      // The commit is durable whatever became of the room since: listeners (rules, pokes) hear of it.
      const fields = this.committedFields
      this.committedFields = new Set()
      this.deps.onCommitted(this.name, fields)
      if (this.state !== 'ready') return
      let frame: Uint8Array | null = null
      for (const conn of this.conns.keys()) {
        if (!conn.extensions) continue
        frame ??= writeCommitted(encodeCommittedSnapshot(this.committed()))
        conn.send(frame)
      }
    })
  }

  private compact(): void {
    if (this.compacting) return
    this.compacting = true
    // Every update committed so far is folded (a store may have merged several into one log row,
    // so the rows it folded do not count them); those committed meanwhile stay counted.
    const counted = this.uncompacted
    this.deps.store.compactDocument(this.name, foldUpdates).then(
      () => { this.uncompacted = Math.max(0, this.uncompacted - counted) },
      (error: unknown) => this.deps.logger.warn('compaction failed; the log is kept', { doc: this.name, error: String(error) }),
    ).finally(() => {
      this.compacting = false
      this.maybeIdle()
    })
  }

  /** Closes one connection with a reason (access revoked, session ended). */
  closeWith(conn: RoomConnection, close: { code: number; reason: string }): void {
    this.deps.metrics.socketsClosed.inc({ reason: close.reason })
    conn.close(close.code, close.reason)
    this.handleClose(conn)
  }

  /** Storage failed: close everyone (they reconnect and resend) and let the room be reloaded. */
  private fail(): void {
    if (this.state === 'failed' || this.state === 'closed') return
    this.destroy(CLOSE.STORAGE_FAILED.code, CLOSE.STORAGE_FAILED.reason)
    this.state = 'failed'
    this.deps.onIdle(this)
  }

  private maybeIdle(): void {
    if (this.state === 'ready' && this.references === 0 && this.inflight.length === 0 && !this.compacting) {
      this.deps.onIdle(this)
    }
  }
}

function fieldsOf(change: ChangeSummary, first: boolean): string[] {
  const fields: string[] = first ? [CREATED] : []
  for (const root of change.roots) {
    if (root.root === 'fields') fields.push(...root.keys)
    else fields.push(root.root)
  }
  for (const nested of change.nestedRoots) fields.push(nested)
  return fields
}

function sameVector(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

/** True when an update carries a non-empty delete set (its last bytes are the delete set). */
function hasDeletions(update: Uint8Array): boolean {
  return Y.decodeUpdate(update).ds.clients.size > 0
}

function refusal(code: ErrorCode, message: string, details: Record<string, unknown> = {}): Extract<IngestResult, { status: 'refused' }> {
  return { status: 'refused', code, message, details }
}
