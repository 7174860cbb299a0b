/**
 * The local catalog in IndexedDB: per user (namespace) one database beside the replica, and the
 * one place where what comes out of it is parsed. Two object stores:
 *
 *   rows      key [workspaceId, id]   { v: 1, ws, id, type, order, docName, server, local }
 *             index `order` on [ws, type, order, id]: a type's rows in the order lists show them
 *   catalog   ['seq', workspaceId]             { v: 1, seq }   the last sequence pulled completely
 *             ['stale', workspaceId, docName]  { v: 1 }        held documents the server changed, not caught up yet
 *
 * `order` is the list's sort key of the row's title as shown (`orderKey`, our edit's title over
 * the server's), so a list's first page is read by key range without reading the other 100,000
 * rows, and the rest follows page by page already sorted (catalog.ts). `stale` is written in the
 * same transaction as the rows that made a document stale, so a reload between a pull and its
 * catch-up still catches the document up.
 *
 * Version 1 of the database (idb-keyval's one store, rows under ['row', workspaceId, id]) is
 * moved into `rows` when it is opened as version 2.
 */
import { parseDocName } from '../../shared/doc-name'
import { CatalogFormatError, readCatalogRow, type CatalogRow } from '../../shared/protocol/catalog'
import { openLocalDatabase } from './idb-open'
import { transact } from './idb-transaction'
import { orderKey } from './catalog-view'

export const CATALOG_FORMAT = 1
const DB_VERSION = 2
const META = 'catalog'
const ROWS = 'rows'
const ORDER = 'order'

/** A record changed here: its row as projected from the local document, until the server's catches up. */
export interface LocalEdit {
  title: string
  fields: Record<string, unknown>
  deleted: boolean
  ownerId: string | null
  accountId: string | null
  refTitles: Record<string, string>
  /** When it was made (milliseconds since the epoch). */
  at: number
}

export interface CatalogEntry {
  docName: string
  server: CatalogRow | null
  local: LocalEdit | null
}

/** Where a page of one type's rows ended: the `order` index key of its last row. */
export type PagePosition = [workspaceId: string, type: string, order: string, id: string]

export interface CatalogMeta {
  seq: number
  stale: Set<string>
  /** The stored sequence could not be read (it is then 0, so a pull brings everything again). */
  damaged: number
}

export interface CatalogPage {
  entries: Array<[string, CatalogEntry]>
  /** Entries that could not be read: dropped; the caller pulls everything again. */
  damaged: number
  /** Where to read on from; null when this was the type's last page. */
  next: PagePosition | null
}

export interface LoadedCatalog extends CatalogMeta {
  entries: Map<string, CatalogEntry>
}

export interface CatalogStore {
  /** The sequence and the stale marks of a workspace. */
  loadMeta(workspaceId: string): Promise<CatalogMeta>
  /** Up to `limit` rows of one type in list order (`orderKey`, then id), after `after`. */
  loadPage(workspaceId: string, type: string, after: PagePosition | null, limit: number): Promise<CatalogPage>
  /** The first record type after `after` (code-unit order) with rows in this workspace, or null. */
  nextType(workspaceId: string, after: string | null): Promise<string | null>
  /** These rows, those stored (a local edit of a row not loaded yet needs the server's row under it). */
  getEntries(workspaceId: string, ids: readonly string[]): Promise<Map<string, CatalogEntry>>
  /** Everything at once (tests, and small catalogs): meta and every row; damaged rows reset the sequence. */
  load(workspaceId: string): Promise<LoadedCatalog>
  /** Writes entries, adds stale documents and (when given) the new sequence, in one transaction. */
  save(workspaceId: string, change: { entries?: Array<[string, CatalogEntry]>; stale?: string[]; seq?: number }): Promise<void>
  /** Documents caught up: no longer stale. */
  clearStale(workspaceId: string, docNames: Iterable<string>): Promise<void>
  /** Forgets a workspace's rows, stale marks and sequence (the server's catalog was reset). */
  reset(workspaceId: string): Promise<void>
}

export function catalogDatabaseName(namespace: string): string {
  return `tandem-catalog:${namespace}`
}

export function openCatalogStore(namespace: string): CatalogStore {
  if (typeof namespace !== 'string' || namespace.length === 0) throw new Error('The local catalog needs a namespace (the signed-in user\'s id).')
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here, so nothing can be kept offline.')
  return makeCatalogStore(openCatalogDatabase(namespace))
}

/** Wipes one namespace's local catalog (sign-out, with `wipeReplica`). */
export async function wipeCatalog(namespace: string): Promise<void> {
  const db = await openCatalogDatabase(namespace)
  try {
    await transact(useBoth(Promise.resolve(db)), 'readwrite', (tx) => {
      tx.store.clear()
      tx.store.transaction.objectStore(ROWS).clear()
      return () => undefined
    })
  } finally {
    db.close()
  }
}

/** Opens (creating or upgrading) the catalog database. Closes itself when a newer version is opened elsewhere. */
export function openCatalogDatabase(namespace: string): Promise<IDBDatabase> {
  return openLocalDatabase(catalogDatabaseName(namespace), DB_VERSION, (request, event) => {
    const db = request.result
    const meta = db.objectStoreNames.contains(META) ? request.transaction!.objectStore(META) : db.createObjectStore(META)
    if (db.objectStoreNames.contains(ROWS)) return
    const rows = db.createObjectStore(ROWS, { keyPath: ['ws', 'id'] })
    rows.createIndex(ORDER, ['ws', 'type', 'order', 'id'])
    if (event.oldVersion >= 1) moveVersion1Rows(meta, rows)
  })
}

/** Version 1 kept rows under ['row', workspaceId, id] in the one store: each goes to `rows`. */
function moveVersion1Rows(meta: IDBObjectStore, rows: IDBObjectStore): void {
  const cursor = meta.openCursor(IDBKeyRange.bound(['row'], ['row', []]))
  cursor.onsuccess = () => {
    const at = cursor.result
    if (!at) return
    const [, ws, id] = at.key as unknown[]
    const value = at.value as { docName?: unknown; server?: unknown; local?: unknown } | null
    const entry = typeof value === 'object' && value !== null && typeof value.docName === 'string'
      ? { docName: value.docName, server: value.server, local: value.local } as CatalogEntry : null
    const title = entry && ((entry.local as { title?: unknown } | null)?.title ?? (entry.server as { title?: unknown } | null)?.title)
    if (typeof ws === 'string' && typeof id === 'string' && entry && typeof title === 'string') rows.put(storedRow(ws, id, entry, title))
    // Not movable: the sequence goes, so the next pull brings the row again.
    else if (typeof ws === 'string') meta.delete(['seq', ws])
    at.delete()
    at.continue()
  }
}

/** The record type of an entry: the server's row's, or the one its document name says. */
function typeOf(entry: CatalogEntry): string {
  return entry.server?.type ?? parseDocName(entry.docName)?.type ?? ''
}

/** The title a list shows for an entry: our edit's over the server's. */
function titleOf(entry: CatalogEntry): string {
  return entry.local?.title ?? entry.server?.title ?? ''
}

function storedRow(ws: string, id: string, entry: CatalogEntry, title = titleOf(entry)) {
  return { v: CATALOG_FORMAT, ws, id, type: typeOf(entry), order: orderKey(title), docName: entry.docName, server: entry.server, local: entry.local }
}

/** A UseStore (as `transact` takes it) whose transactions span both stores; `tx.store` is `catalog`. */
function useBoth(db: Promise<IDBDatabase>) {
  return <T>(mode: IDBTransactionMode, callback: (store: IDBObjectStore) => T | PromiseLike<T>): Promise<T> =>
    db.then((d) => callback(d.transaction([META, ROWS], mode).objectStore(META)))
}

const metaRange = (prefix: string, workspaceId: string) => IDBKeyRange.bound([prefix, workspaceId], [prefix, workspaceId, []], true, true)
const workspaceRows = (workspaceId: string) => IDBKeyRange.bound([workspaceId], [workspaceId, []], true, true)

function makeCatalogStore(db: Promise<IDBDatabase>): CatalogStore {
  const store = useBoth(db)
  const loadMeta = (workspaceId: string) => transact(store, 'readonly', (tx) => {
    let seq = 0
    let damaged = 0
    const stale = new Set<string>()
    tx.on(tx.store.get(['seq', workspaceId]), (value) => {
      if (value === undefined) return
      const record = value as { v?: unknown; seq?: unknown } | null
      if (record?.v === CATALOG_FORMAT && typeof record.seq === 'number' && Number.isSafeInteger(record.seq) && record.seq >= 0) seq = record.seq
      else damaged++
    })
    tx.on(tx.store.getAllKeys(metaRange('stale', workspaceId)), (keys) => {
      for (const key of keys) if (typeof (key as unknown[])[2] === 'string') stale.add((key as string[])[2]!)
    })
    return () => ({ seq: damaged > 0 ? 0 : seq, stale, damaged })
  })

  return {
    loadMeta,

    loadPage(workspaceId, type, after, limit) {
      return transact(store, 'readonly', (tx) => {
        const lower = after ?? [workspaceId, type]
        const range = IDBKeyRange.bound(lower, [workspaceId, type, []], after !== null, true)
        const entries: Array<[string, CatalogEntry]> = []
        let damaged = 0
        let next: PagePosition | null = null
        tx.on(tx.store.transaction.objectStore(ROWS).index(ORDER).getAll(range, limit), (values) => {
          for (const value of values) {
            const parsed = parseStored(workspaceId, value)
            if (parsed) entries.push(parsed)
            else damaged++
          }
          const last = values.at(-1) as { type: string; order: string; id: string } | undefined
          if (last && values.length === limit) next = [workspaceId, last.type, last.order, last.id]
        })
        return () => ({ entries, damaged, next })
      })
    },

    nextType(workspaceId, after) {
      return transact(store, 'readonly', (tx) => {
        const range = after === null
          ? IDBKeyRange.bound([workspaceId], [workspaceId, []], true, true)
          : IDBKeyRange.bound([workspaceId, after, []], [workspaceId, []], true, true)
        let type: string | null = null
        tx.on(tx.store.transaction.objectStore(ROWS).index(ORDER).openKeyCursor(range), (cursor) => {
          const key = cursor?.key as unknown[] | undefined
          if (typeof key?.[1] === 'string') type = key[1]
        })
        return () => type
      })
    },

    getEntries(workspaceId, ids) {
      return transact(store, 'readonly', (tx) => {
        const found = new Map<string, CatalogEntry>()
        const rows = tx.store.transaction.objectStore(ROWS)
        for (const id of ids) {
          tx.on(rows.get([workspaceId, id]), (value) => {
            const parsed = value === undefined ? null : parseStored(workspaceId, value)
            if (parsed) found.set(parsed[0], parsed[1])
          })
        }
        return () => found
      })
    },

    async load(workspaceId) {
      const meta = await loadMeta(workspaceId)
      const entries = new Map<string, CatalogEntry>()
      let damaged = meta.damaged
      await transact(store, 'readonly', (tx) => {
        tx.on(tx.store.transaction.objectStore(ROWS).getAll(workspaceRows(workspaceId)), (values) => {
          for (const value of values) {
            const parsed = parseStored(workspaceId, value)
            if (parsed) entries.set(parsed[0], parsed[1])
            else damaged++
          }
        })
        return () => undefined
      })
      return { seq: damaged > 0 ? 0 : meta.seq, stale: meta.stale, damaged, entries }
    },

    save(workspaceId, change) {
      return transact(store, 'readwrite', (tx) => {
        const rows = tx.store.transaction.objectStore(ROWS)
        for (const [id, entry] of change.entries ?? []) {
          if (entry.server === null && entry.local === null) rows.delete([workspaceId, id])
          else rows.put(storedRow(workspaceId, id, entry))
        }
        for (const docName of change.stale ?? []) tx.store.put({ v: CATALOG_FORMAT }, ['stale', workspaceId, docName])
        if (change.seq !== undefined) tx.store.put({ v: CATALOG_FORMAT, seq: change.seq }, ['seq', workspaceId])
        return () => undefined
      })
    },

    clearStale(workspaceId, docNames) {
      return transact(store, 'readwrite', (tx) => {
        for (const docName of docNames) tx.store.delete(['stale', workspaceId, docName])
        return () => undefined
      })
    },

    reset(workspaceId) {
      return transact(store, 'readwrite', (tx) => {
        tx.store.transaction.objectStore(ROWS).delete(workspaceRows(workspaceId))
        tx.store.delete(metaRange('stale', workspaceId))
        tx.store.delete(['seq', workspaceId])
        return () => undefined
      })
    },
  }
}

/** A stored row as [id, entry], or null when it cannot be read (it is then pulled again). */
function parseStored(workspaceId: string, value: unknown): [string, CatalogEntry] | null {
  if (typeof value !== 'object' || value === null) return null
  const record = value as Record<string, unknown>
  const id = record.id
  if (record.v !== CATALOG_FORMAT || record.ws !== workspaceId || typeof id !== 'string' || typeof record.docName !== 'string'
    || !record.docName.startsWith(`${workspaceId}/`)) return null
  try {
    const server = record.server === null ? null : readCatalogRow(record.server, id)
    const local = record.local === null ? null : parseLocalEdit(record.local)
    if (!local && !server) return null
    return [id, { docName: record.docName, server, local }]
  } catch (error) {
    if (error instanceof CatalogFormatError) return null
    throw error
  }
}

function parseLocalEdit(value: unknown): LocalEdit {
  const edit = value as Record<string, unknown> | null
  const ok = typeof edit === 'object' && edit !== null && typeof edit.title === 'string' && typeof edit.deleted === 'boolean'
    && typeof edit.at === 'number' && typeof edit.fields === 'object' && edit.fields !== null && typeof edit.refTitles === 'object' && edit.refTitles !== null
    && (edit.ownerId === null || typeof edit.ownerId === 'string') && (edit.accountId === null || typeof edit.accountId === 'string')
  if (!ok) throw new CatalogFormatError('a local edit is not in the stored shape')
  return edit as unknown as LocalEdit
}
