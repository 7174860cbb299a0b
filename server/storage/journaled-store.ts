/**
 * The embedded backend's document store: updates are durable once in the journal
 * (server/storage/update-journal.ts) and reach the database in batches, written behind.
 *
 * Why: on PGlite a commit runs on the server's only thread, and a record's projection row (one
 * entry in each of its twenty-odd indexes) costs a few hundred microseconds however small the edit.
 * Written behind, the rows of many updates share a transaction, and a record edited twenty times
 * in a batch gets its projection written once (server/storage/record-writes.ts keeps the last).
 *
 * Pacing: a batch waits `delayFactor` times as long as the last one took to write (an idle server
 * writes within a few milliseconds; a busy one spends at most about 1/delayFactor of its time in
 * the database), never longer than `maxDelayMs`, and is written in chunks of whole documents that
 * each take about `chunkBudgetMs`, yielding to the sockets in between. `flush()` writes at once
 * (a REST write answers with what it wrote); `stored()` waits for the batch, and `stored(ms)`
 * has it written within about `ms` (a request that reads the rows is waiting).
 *
 * Reads that must see every committed update (loading a document, its client bindings and owner)
 * add the updates not yet written; SQL over the projection and history sees them once `stored()`
 * resolves, which is when commit listeners (rules, catalog pokes) hear of a commit.
 *
 * The journal keeps no projection (a record's projection is most of a frame, and a function of its
 * document): on open, each replayed record document is loaded and projected again.
 *
 * Each batch's last transaction records its journal segment in `journal_state`, and the segments
 * are deleted after it commits; on open, the segments after the recorded one are written again. A
 * crash in the middle of a batch's chunks writes that batch's first chunks twice: a Yjs update
 * applied twice changes nothing, and history and projection rows are upserts.
 *
 * One document's rows the database refuses (a value it cannot hold that got past the checks: a
 * bug, but one that must not stop the server) would fail its batch on every try and hold back
 * every later one. So a failing chunk is written again document by document; when the database
 * takes a write that touches nothing while one document's rows keep failing, that document's
 * rows are set aside: written, as a journal payload, to `<dir>/quarantine/` and logged as an error,
 * and the batch goes on. When nothing is taken, the database is failing: the whole batch waits.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writevSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../logger'
import * as Y from 'yjs'
import { projectRecordDoc } from '../records/record-projection'
import { logWrites, type DocumentStore, type StoredUpdate } from './document-store'
import { decodeJournalBatch, encodeJournalBatch, encodeJournalFrame, type JournaledUpdate } from './journal-codec'
import { PendingBatch, recordOf, type DocBatch } from './pending-batch'
import type { ProjectedRecord, RecordedChange } from './record-rows'
import { recordWrites } from './record-writes'
import type { BatchPart, SqlDatabase } from './sql'
import { TimeSlices } from './time-slices'
import { FRAME_HEADER_BYTES, readSegments, UpdateJournal } from './update-journal'

export interface JournalOptions {
  delayFactor: number
  minDelayMs: number
  maxDelayMs: number
  chunkBudgetMs: number
  /**
   * So many updates waiting are written at once, whatever the pace; with twice as many waiting,
   * appends are held until the database catches up (back-pressure), or refused while it is failing.
   */
  maxWaitingRows: number
  /** A replayed record's projection, from its document (the journal keeps none): null for no record. */
  projectDoc(name: string, state: Y.Doc): ProjectedRecord | null
}

export const DEFAULT_JOURNAL_OPTIONS: JournalOptions = {
  delayFactor: 25, minDelayMs: 0, maxDelayMs: 2000, chunkBudgetMs: 25, maxWaitingRows: 20_000, projectDoc: projectRecordDoc,
}

/**
 * Estimated PGlite CPU in µs of a chunk: each statement costs a fixed part (planning, and opening
 * every index of its table: `records` has about sixty) and a part per row; measured on this kind
 * of machine with bench/storage/batch-parts.ts.
 */
const COST_US = { chunk: 2200, update: 25, history: 45, projection: 90 }
const NO_BYTES = new Uint8Array()
/** A batch is prepared on the main thread in slices of about this long (server/storage/time-slices.ts). */
const SLICE_MS = 1
/**
 * At most so many updates are merged into one log row. Yjs sorts its readers at every step of a
 * merge, so n updates of several writers cost about n² log n: 256 took about 1 ms at once, 64 take
 * about 0.12 ms, and per update 64 cost no more (bench-free measurement, 4 writers of one map).
 */
const MAX_MERGED = 64
/** After a failed write, the next try waits this long, doubling up to the most. */
const RETRY_MS = 1000
const MAX_RETRY_MS = 30_000

interface Waiter {
  target: number
  resolve(): void
  reject(error: unknown): void
}

/** An append held while the database is behind: journaled, in order, once it catches up. */
interface Held {
  rows: StoredUpdate[]
  resolve(): void
  reject(error: unknown): void
}

/** With `maxWaitingRows` times this many updates waiting for the database, appends are held. */
const HOLD_FACTOR = 2

export async function openJournaledStore(
  inner: DocumentStore, db: SqlDatabase, dir: string, logger: Pick<Logger, 'warn' | 'error'>,
  options: JournalOptions = DEFAULT_JOURNAL_OPTIONS,
): Promise<DocumentStore> {
  const [mark] = await db.query<{ flushed_through: string | number }>('select flushed_through from journal_state where id = 1')
  const flushedThrough = Number(mark?.flushed_through ?? 0)
  // Replay what the database did not get before the last stop.
  const segments = readSegments(dir, flushedThrough)
  const setAside = quarantine(dir, logger)
  for (const { segment, frames, tornAt } of segments) {
    if (tornAt !== undefined) logger.warn('the journal ends in a partial frame (written as the process stopped); it was never reported committed', { segment, offset: tornAt })
    const batch = new PendingBatch()
    for (const row of await projectReplayed(inner, frames.flatMap(decodeJournalBatch), options.projectDoc)) batch.add(row)
    await writeBatch(db, batch, segment, options.chunkBudgetMs, setAside)
  }
  const journal = UpdateJournal.open(dir, flushedThrough)
  journal.discardThrough(journal.segment - 1)
  return new JournaledStore(inner, db, journal, setAside, logger, options)
}

/**
 * The replayed updates with their records' projections: each record document is loaded as the
 * database has it plus the segment's updates, and projected once (the batch writes only the last).
 */
async function projectReplayed(
  inner: DocumentStore, rows: JournaledUpdate[], projectDoc: JournalOptions['projectDoc'],
): Promise<StoredUpdate[]> {
  const projections = new Map<string, ProjectedRecord>()
  for (const doc of new Set(rows.filter((r) => r.record && !r.record.projection).map((r) => r.doc))) {
    const loaded = await inner.loadDocument(doc)
    const state = new Y.Doc({ gc: true })
    Y.transact(state, () => {
      if (loaded.snapshot) Y.applyUpdate(state, loaded.snapshot)
      for (const update of loaded.updates) Y.applyUpdate(state, update)
      for (const row of rows) if (row.doc === doc) Y.applyUpdate(state, row.update)
    })
    const projection = projectDoc(doc, state)
    state.destroy()
    // A document that had a record keeper when written is a record; its type cannot have gone.
    if (!projection) throw new Error(`the journal holds record rows of ${doc}, which is no record`)
    projections.set(doc, projection)
  }
  return rows.map(({ record, ...row }) => {
    if (!record) return row
    const { projection: kept, ...change } = record
    const projection = kept ?? projections.get(row.doc)!
    return { ...row, record: { ...change, project: () => projection } }
  })
}

/** Sets aside the rows of a document the database refuses; see the top of this file. */
type SetAside = (doc: string, entry: DocBatch, error: unknown) => void

/** The directory of set-aside rows, beside the journal's segments. */
export function quarantineDir(journalDir: string): string {
  return join(journalDir, 'quarantine')
}

function quarantine(dir: string, logger: Pick<Logger, 'error'>): SetAside {
  let count = 0
  return (doc, entry, error) => {
    // A journal payload (journal-codec.ts): the updates as received, the record's rows on the last.
    const record = recordOf(entry)
    const rows: StoredUpdate[] = entry.log.map((row, i) => i === entry.log.length - 1 && record ? { ...row, record } : row)
    const folder = quarantineDir(dir)
    const file = join(folder, `${Date.now()}-${process.pid}-${++count}.journal`)
    mkdirSync(folder, { recursive: true })
    const fd = openSync(file, 'w')
    try {
      writevSync(fd, encodeJournalBatch(rows, { withProjection: true }))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    logger.error('the database refuses the rows of one document; its updates were set aside and the others written', {
      doc, updates: rows.length, file, error: String(error),
    })
  }
}

class JournaledStore implements DocumentStore {
  readonly kind
  readonly gatherMs = 0
  /** Appended, not yet handed to the database. */
  private pending = new PendingBatch()
  /** Being written now. */
  private writing = new PendingBatch()
  private appended = 0
  private written = 0
  private waiters: Waiter[] = []
  private held: Held[] = []
  private timer: ReturnType<typeof setTimeout> | null = null
  /** When the timer fires (`performance.now()` time). */
  private timerDue = 0
  /** A reader waits for the rows appended so far: the next batch starts by then. */
  private readerDue = Number.POSITIVE_INFINITY
  private urgent = false
  private lastWriteMs = 0
  private closed = false
  private current: Promise<void> | null = null
  private backoffMs = 0
  private retryAt = 0

  constructor(
    private readonly inner: DocumentStore,
    private readonly db: SqlDatabase,
    private readonly journal: UpdateJournal,
    private readonly setAside: SetAside,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
    private readonly options: JournalOptions,
  ) {
    this.kind = inner.kind
  }

  private get waiting(): number {
    return this.pending.rows + this.writing.rows
  }

  /**
   * Durable once the promise resolves: the rows are in the journal. When the database is behind by
   * `maxWaitingRows × HOLD_FACTOR` updates, the append is held (not journaled) until it catches
   * up: the group commit waits, and so do the rooms behind it, which is the back-pressure a flood
   * needs; the backlog, and the memory it holds, stay bounded. While the database is failing, an
   * append that would be held is refused instead (the room answers STORAGE_FAILED and the client
   * sends the change again later).
   */
  appendUpdates(rows: StoredUpdate[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the document store is closed'))
    if (rows.length === 0) return Promise.resolve()
    if (this.held.length > 0 || this.behind()) {
      if (this.backoffMs > 0) return Promise.reject(new Error('the database is failing and behind by too many updates'))
      return new Promise((resolve, reject) => this.held.push({ rows, resolve, reject }))
    }
    try {
      this.accept(rows)
    } catch (error) {
      return Promise.reject(error)
    }
    return Promise.resolve()
  }

  private behind(): boolean {
    return this.waiting >= this.options.maxWaitingRows * HOLD_FACTOR
  }

  /** Journals the rows (they are durable when this returns) and queues them for the database. */
  private accept(rows: StoredUpdate[]): void {
    this.journal.appendFrame(encodeJournalFrame(rows, FRAME_HEADER_BYTES))
    for (const row of rows) this.pending.add(row)
    this.appended += rows.length
    this.schedule()
  }

  /** Held appends, in order, as far as the database has caught up; or all refused with `error`. */
  private settleHeld(error: unknown): void {
    while (this.held.length > 0 && (error !== null || !this.behind())) {
      const held = this.held.shift()!
      if (error !== null) {
        held.reject(error)
        continue
      }
      try {
        this.accept(held.rows)
        held.resolve()
      } catch (failed) {
        held.reject(failed)
      }
    }
  }

  stored(withinMs?: number): Promise<void> {
    if (this.written >= this.appended) return Promise.resolve()
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ target: this.appended, resolve, reject }))
    // Only rows not yet being written need the next batch sooner (the rest are in the current one).
    if (withinMs !== undefined && this.pending.rows > 0) {
      this.readerDue = Math.min(this.readerDue, performance.now() + withinMs)
      this.schedule()
    }
    return done
  }

  flush(): Promise<void> {
    const done = this.stored()
    if (this.written < this.appended) {
      this.urgent = true
      this.schedule()
    }
    return done
  }

  async loadDocument(doc: string) {
    const unwritten = this.unwrittenOf(doc) // before the read: a row written meanwhile is in one or both
    const loaded = await this.inner.loadDocument(doc)
    return unwritten.length === 0 ? loaded : { snapshot: loaded.snapshot, updates: [...loaded.updates, ...unwritten.map((r) => r.update)] }
  }

  async clientBindings(doc: string) {
    const unwritten = this.unwrittenOf(doc)
    const bindings = await this.inner.clientBindings(doc)
    for (const row of unwritten) {
      for (const client of row.bindClients ?? []) if (!bindings.has(client)) bindings.set(client, row.actor)
    }
    return bindings
  }

  async docOwner(doc: string) {
    const claim = this.unwrittenOf(doc).find((r) => r.claimOwner)
    return (await this.inner.docOwner(doc)) ?? claim?.actor ?? null
  }

  async countUpdates(doc: string) {
    await this.stored()
    return this.inner.countUpdates(doc)
  }

  // Folds what is committed: waits for the batch (an update written later would stay in the log
  // after the snapshot, which is correct too, but leaves the log longer than asked).
  async compactDocument(doc: string, fold: Parameters<DocumentStore['compactDocument']>[1]) {
    await this.stored()
    return this.inner.compactDocument(doc, fold)
  }

  ensureWorkspace: DocumentStore['ensureWorkspace'] = (id, name) => this.inner.ensureWorkspace(id, name)
  workspaceExists: DocumentStore['workspaceExists'] = (id) => this.inner.workspaceExists(id)

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true // no write is scheduled from now on: the last one is ours
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.settleHeld(new Error('the document store is closed'))
    try {
      await this.current
      if (this.pending.rows > 0) await (this.current = this.write())
    } finally {
      this.journal.close()
      await this.inner.close()
    }
  }

  private unwrittenOf(doc: string): StoredUpdate[] {
    return [...this.writing.logOf(doc), ...this.pending.logOf(doc)]
  }

  private schedule(): void {
    if (this.closed || this.current) return // close() writes the last batch; a write in progress schedules the next
    if (this.pending.rows === 0) return
    const at = performance.now()
    // After a failed write, wait out the back-off whatever asks for speed.
    const retryIn = Math.max(0, this.retryAt - at)
    const { delayFactor, minDelayMs, maxDelayMs } = this.options
    const paced = Math.min(maxDelayMs, Math.max(minDelayMs, delayFactor * this.lastWriteMs), this.readerDue - at)
    const urgent = this.urgent || this.pending.rows >= this.options.maxWaitingRows
    const delay = Math.max(retryIn, urgent ? 0 : paced, 0)
    if (this.timer) {
      if (this.timerDue <= at + delay) return // already due as soon
      clearTimeout(this.timer)
    }
    this.timerDue = at + delay
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.closed) return
      this.current = this.write().finally(() => {
        this.current = null
        this.schedule()
      })
    }, delay)
  }

  private async write(): Promise<void> {
    this.urgent = false
    this.readerDue = Number.POSITIVE_INFINITY // the readers so far wait for this batch
    if (this.pending.rows === 0) return
    const segment = this.journal.rotate()
    const batch = this.pending
    this.pending = new PendingBatch()
    this.writing = batch
    const target = this.appended
    try {
      this.lastWriteMs = await writeBatch(this.db, batch, segment, this.options.chunkBudgetMs, this.setAside)
      this.written = target
      this.journal.discardThrough(segment)
      this.writing = new PendingBatch()
      this.backoffMs = 0
      this.settleWaiters(null)
      this.settleHeld(null)
    } catch (error) {
      // The journal still has them: keep them first in line and try again, backing off.
      this.backoffMs = Math.min(MAX_RETRY_MS, Math.max(RETRY_MS, this.backoffMs * 2))
      this.retryAt = performance.now() + this.backoffMs
      this.logger.error('could not write committed updates to the database; they stay in the journal and are retried', { error: String(error), retryInMs: this.backoffMs })
      this.pending = batch.concat(this.pending)
      this.writing = new PendingBatch()
      this.settleWaiters(error)
      this.settleHeld(error)
    }
  }

  private settleWaiters(error: unknown): void {
    const still: Waiter[] = []
    for (const w of this.waiters) {
      if (error !== null) w.reject(error)
      else if (w.target <= this.written) w.resolve()
      else still.push(w)
    }
    this.waiters = still
  }
}

/**
 * Writes a batch in chunks of whole documents (a document's updates, history and projection in one
 * transaction), the last with the journal mark; returns the ms spent on it (the database's time and
 * the main thread's preparing the rows, not the turns given to the sockets in between).
 */
async function writeBatch(db: SqlDatabase, batch: PendingBatch, segment: number, budgetMs: number, setAside: SetAside): Promise<number> {
  const chunks: Array<Array<[string, DocBatch]>> = []
  let chunk: Array<[string, DocBatch]> = []
  let cost = COST_US.chunk
  for (const item of batch.docs) {
    chunk.push(item)
    const record = item[1].record
    cost += COST_US.update + (record ? COST_US.projection + record.history.size * COST_US.history : 0)
    if (cost >= budgetMs * 1000) {
      chunks.push(chunk)
      chunk = []
      cost = COST_US.chunk
    }
  }
  chunks.push(chunk)
  const slices = new TimeSlices(SLICE_MS)
  const started = performance.now()
  for (let i = 0; i < chunks.length; i++) {
    const docs = chunks[i]!
    const last = i === chunks.length - 1
    if (i > 0) await slices.pause()
    try {
      await db.insertRows([...await chunkParts(docs, slices), ...(last ? [markStatement(segment)] : [])])
    } catch (error) {
      await writeOneByOne(db, docs, setAside, slices)
      if (last) await db.insertRows([markStatement(segment)])
    }
  }
  return performance.now() - started - slices.pausedMs
}

/**
 * The statements of a chunk: its log rows, then each record's history and projection. Prepared a
 * document at a time in slices of the main thread (merging a document's updates and projecting
 * its record take a few tens of microseconds; a chunk's worth at once held up every socket for
 * milliseconds).
 */
async function chunkParts(docs: Array<[string, DocBatch]>, slices: TimeSlices): Promise<BatchPart[]> {
  const log: StoredUpdate[] = []
  const records: StoredUpdate[] = []
  for (const [doc, entry] of docs) {
    if (slices.due()) await slices.pause()
    for (const row of mergedLog(entry.log)) log.push(row)
    const record = recordOf(entry)
    if (record) records.push({ doc, update: NO_BYTES, actor: entry.record!.actor, clientId: null, record: projected(record) })
  }
  if (slices.due()) await slices.pause()
  return [...logWrites(log), ...recordWrites(records)]
}

/** The change with its projection computed now (the batch's rows are written from it). */
function projected(record: RecordedChange): RecordedChange {
  const projection = record.project()
  return { ...record, project: () => projection }
}

/**
 * A chunk the database refused, one document a transaction. A document refused twice while the
 * database takes a write is set aside; when it takes none, this throws and the batch waits.
 */
async function writeOneByOne(db: SqlDatabase, docs: Array<[string, DocBatch]>, setAside: SetAside, slices: TimeSlices): Promise<void> {
  const refused: Array<[string, DocBatch]> = []
  for (const item of docs) {
    try {
      await db.insertRows(await chunkParts([item], slices))
    } catch {
      refused.push(item)
    }
  }
  if (refused.length === 0) return
  await db.insertRows([PROBE])
  for (const item of refused) {
    try {
      await db.insertRows(await chunkParts([item], slices))
    } catch (error) {
      setAside(item[0], item[1], error)
    }
  }
}

/** A write that changes nothing: does the database take writes at all? */
const PROBE: BatchPart = {
  text: `insert into journal_state (id, flushed_through) values (1, 0)
    on conflict (id) do update set flushed_through = journal_state.flushed_through`,
  params: [],
}

/**
 * The log rows of a chunk with each document's updates by one actor merged into one (as compaction
 * would: the same content, fewer rows; `Y.mergeUpdates` is cheap on a few updates of one writer,
 * so groups stay small). The journal keeps the bytes as received until the database has these.
 */
function mergedLog(rows: readonly StoredUpdate[]): StoredUpdate[] {
  const groups = new Map<string, StoredUpdate[]>()
  const merged: StoredUpdate[] = []
  const close = (group: StoredUpdate[]) => {
    if (group.length === 1) {
      merged.push(group[0]!)
      return
    }
    const clients = new Set(group.map((r) => r.clientId))
    merged.push({
      doc: group[0]!.doc,
      update: Y.mergeUpdates(group.map((r) => r.update)),
      actor: group[0]!.actor,
      clientId: clients.size === 1 ? group[0]!.clientId : null,
      bindClients: group.flatMap((r) => r.bindClients ?? []),
      claimOwner: group.some((r) => r.claimOwner),
    })
  }
  for (const row of rows) {
    const key = `${row.doc}\u0000${row.actor}`
    let group = groups.get(key)
    if (!group) groups.set(key, (group = []))
    group.push(row)
    if (group.length === MAX_MERGED) {
      close(group)
      groups.delete(key)
    }
  }
  for (const group of groups.values()) close(group)
  return merged
}

function markStatement(segment: number): BatchPart {
  return {
    text: `insert into journal_state (id, flushed_through) values (1, $1)
      on conflict (id) do update set flushed_through = excluded.flushed_through`,
    params: [segment],
  }
}
