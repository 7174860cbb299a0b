/**
 * Where documents live: an append-only log of committed updates plus one snapshot per document,
 * and the workspaces they belong to. One implementation over `SqlDatabase`, so PGlite and
 * PostgreSQL run the same SQL; `document-store.contract.ts` is the suite both must pass.
 */
import type { BatchPart, SqlDatabase } from './sql'
import type { RecordedChange } from './record-rows'
import { recordWrites } from './record-writes'

export interface StoredUpdate {
  doc: string
  update: Uint8Array
  /** Who wrote it: `user:<id>`, `token:<id>`, `server`, or `anonymous` until sign-in exists. */
  actor: string
  /** The Yjs client id the update wrote with, when it wrote with exactly one. */
  clientId: number | null
  /** Client ids this update binds to its actor (first use in the document). */
  bindClients?: readonly number[]
  /** The document's first write: its actor becomes the owner. */
  claimOwner?: boolean
  /** The record's projection and field history as of this update, committed with it. */
  record?: RecordedChange
}

export interface LoadedDocument {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
}

/** Folds a snapshot (or nothing) and the updates after it into one new snapshot. */
export type Fold = (snapshot: Uint8Array | null, updates: Uint8Array[]) => Uint8Array

export interface DocumentStore {
  readonly kind: 'pglite' | 'postgres'
  /**
   * How long group commit should gather updates when busy (server/sync/update-log.ts): a database
   * transaction's cost is mostly fixed, so gathering pays; an append to the journal costs one write.
   */
  readonly gatherMs: number
  loadDocument(doc: string): Promise<LoadedDocument>
  /**
   * Appends the updates durably, in the given order: when it resolves they survive the process
   * being killed. Their rows (log, field history, projection) are readable by SQL once `stored()`
   * resolves.
   */
  appendUpdates(rows: StoredUpdate[]): Promise<void>
  /**
   * Resolves once everything appended before the call is readable by SQL: at the store's own pace,
   * or within about `withinMs` when given (a request waits to read it).
   */
  stored(withinMs?: number): Promise<void>
  /** Like `stored()`, but writes what waits now (a REST write answers with what it wrote). */
  flush(): Promise<void>
  /** Folds a document's log into its snapshot and trims the log, in one transaction. */
  compactDocument(doc: string, fold: Fold): Promise<{ folded: number }>
  countUpdates(doc: string): Promise<number>
  /** Which actor each Yjs client id of the document is bound to. */
  clientBindings(doc: string): Promise<Map<number, string>>
  /** The document's owner (its first writer), or null for a document never written. */
  docOwner(doc: string): Promise<string | null>
  ensureWorkspace(id: string, name: string): Promise<void>
  workspaceExists(id: string): Promise<boolean>
  close(): Promise<void>
}

export function createDocumentStore(db: SqlDatabase): DocumentStore {
  return {
    kind: db.kind,
    gatherMs: 2,

    async loadDocument(doc) {
      // One statement, so it reads one consistent snapshot of both tables even under READ
      // COMMITTED: a compaction committing in between cannot make rows vanish from the answer.
      const rows = await db.query<{ part: number; bytes: Uint8Array }>(
        `select 0 as part, state as bytes, 0::bigint as id from doc_snapshots where doc = $1
         union all
         select 1 as part, update as bytes, id from doc_updates where doc = $1
         order by part, id`, [doc])
      const snapshot = rows[0]?.part === 0 ? bytes(rows[0].bytes) : null
      return { snapshot, updates: rows.filter((r) => r.part === 1).map((r) => bytes(r.bytes)) }
    },

    async appendUpdates(rows) {
      await db.insertRows(appendWrites(rows))
    },

    stored: () => Promise.resolve(),
    flush: () => Promise.resolve(),

    async compactDocument(doc, fold) {
      return db.transaction(async (tx) => {
        // One compaction per document at a time, across processes: a second one waits here.
        await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [doc])
        const [snap] = await tx.query<{ state: Uint8Array; compacted_updates: number }>(
          'select state, compacted_updates from doc_snapshots where doc = $1', [doc])
        const rows = await tx.query<{ id: number; update: Uint8Array }>(
          'select id, update from doc_updates where doc = $1 order by id', [doc])
        if (rows.length === 0) return { folded: 0 }
        const state = fold(snap ? bytes(snap.state) : null, rows.map((r) => bytes(r.update)))
        const ids = rows.map((r) => Number(r.id))
        const upto = ids[ids.length - 1]!
        await tx.query(
          `insert into doc_snapshots (doc, state, upto_id, compacted_updates) values ($1, $2, $3, $4)
           on conflict (doc) do update set state = excluded.state, upto_id = excluded.upto_id,
             compacted_updates = excluded.compacted_updates, updated_at = now()`,
          [doc, state, upto, Number(snap?.compacted_updates ?? 0) + rows.length])
        // Delete exactly the rows folded, by id: a row another process commits meanwhile stays.
        await tx.query('delete from doc_updates where doc = $1 and id = any($2::bigint[])', [doc, ids])
        return { folded: rows.length }
      })
    },

    async countUpdates(doc) {
      const [row] = await db.query<{ n: number }>('select count(*)::int as n from doc_updates where doc = $1', [doc])
      return Number(row?.n ?? 0)
    },

    async clientBindings(doc) {
      const rows = await db.query<{ client_id: number; actor: string }>('select client_id, actor from doc_clients where doc = $1', [doc])
      return new Map(rows.map((r) => [Number(r.client_id), r.actor]))
    },

    async docOwner(doc) {
      const [row] = await db.query<{ owner: string }>('select owner from doc_owners where doc = $1', [doc])
      return row?.owner ?? null
    },

    async ensureWorkspace(id, name) {
      await db.query('insert into workspaces (id, name) values ($1, $2) on conflict (id) do nothing', [id, name])
    },

    async workspaceExists(id) {
      return (await db.query('select 1 from workspaces where id = $1', [id])).length > 0
    },

    close: () => db.close(),
  }
}

/**
 * What appending `rows` writes, for one transaction: the updates, the client-id bindings and owner
 * claims they carry, the field history and the records' projection.
 */
export function appendWrites(rows: readonly StoredUpdate[]): BatchPart[] {
  return [...logWrites(rows), ...recordWrites(rows)]
}

/** The log rows of `rows`: the updates, and the client-id bindings and owner claims they carry. */
export function logWrites(rows: readonly StoredUpdate[]): BatchPart[] {
  return [
    { table: 'doc_updates', columns: ['doc', 'update', 'actor', 'client_id'], rows: rows.map((r) => [r.doc, r.update, r.actor, r.clientId]) },
    { table: 'doc_clients', columns: ['doc', 'client_id', 'actor'], ignoreConflicts: true,
      rows: rows.flatMap((r) => (r.bindClients ?? []).map((client) => [r.doc, client, r.actor])) },
    { table: 'doc_owners', columns: ['doc', 'owner'], ignoreConflicts: true,
      rows: rows.filter((r) => r.claimOwner).map((r) => [r.doc, r.actor]) },
  ]
}

/** Both drivers return bytea as a Uint8Array (pg: a Buffer); hand out plain views. */
function bytes(value: Uint8Array): Uint8Array {
  return value instanceof Uint8Array && value.constructor === Uint8Array
    ? value
    : new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
}
