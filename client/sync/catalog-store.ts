/**
 * The local catalog in IndexedDB (idb-keyval): per user (namespace) one database beside the
 * replica, per workspace these keys, and the one place where what comes out of them is parsed:
 *
 *   ['seq', workspaceId]              { v: 1, seq }              the last sequence pulled completely
 *   ['row', workspaceId, id]          { v: 1, server, local }    the server's row and our own edit over it
 *   ['stale', workspaceId, docName]   { v: 1 }                   held documents the server changed, not caught up yet
 *
 * `stale` is written in the same transaction as the rows that made a document stale, so a reload
 * between a pull and its catch-up still catches the document up.
 */
import { clear, createStore, type UseStore } from 'idb-keyval'
import { CatalogFormatError, readCatalogRow, type CatalogRow } from '../../shared/protocol/catalog'
import { transact } from './idb-transaction'

export const CATALOG_FORMAT = 1

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

export interface LoadedCatalog {
  seq: number
  entries: Map<string, CatalogEntry>
  stale: Set<string>
  /** Entries that could not be read: dropped, and the sequence reset so a pull brings them again. */
  damaged: number
}

export interface CatalogStore {
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

const STORE_NAME = 'catalog'

export function openCatalogStore(namespace: string): CatalogStore {
  if (typeof namespace !== 'string' || namespace.length === 0) throw new Error('The local catalog needs a namespace (the signed-in user\'s id).')
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here, so nothing can be kept offline.')
  return makeCatalogStore(createStore(catalogDatabaseName(namespace), STORE_NAME))
}

/** Wipes one namespace's local catalog (sign-out, with `wipeReplica`). */
export function wipeCatalog(namespace: string): Promise<void> {
  return clear(createStore(catalogDatabaseName(namespace), STORE_NAME))
}

const range = (prefix: string, workspaceId: string) => IDBKeyRange.bound([prefix, workspaceId], [prefix, workspaceId, []], true, true)

function makeCatalogStore(store: UseStore): CatalogStore {
  return {
    load(workspaceId) {
      return transact(store, 'readonly', (tx) => {
        let seq = 0
        let damaged = 0
        const entries = new Map<string, CatalogEntry>()
        const stale = new Set<string>()
        tx.on(tx.store.get(['seq', workspaceId]), (value) => {
          if (value === undefined) return
          const record = value as { v?: unknown; seq?: unknown } | null
          if (record?.v === CATALOG_FORMAT && typeof record.seq === 'number' && Number.isSafeInteger(record.seq) && record.seq >= 0) seq = record.seq
          else damaged++
        })
        let rowKeys: IDBValidKey[] = []
        tx.on(tx.store.getAllKeys(range('row', workspaceId)), (keys) => { rowKeys = keys })
        tx.on(tx.store.getAll(range('row', workspaceId)), (values) => values.forEach((value, i) => {
          const id = (rowKeys[i] as unknown[])[2]
          const entry = typeof id === 'string' ? parseEntry(workspaceId, id, value) : null
          if (entry) entries.set(id as string, entry)
          else damaged++
        }))
        tx.on(tx.store.getAllKeys(range('stale', workspaceId)), (keys) => {
          for (const key of keys) if (typeof (key as unknown[])[2] === 'string') stale.add((key as string[])[2]!)
        })
        return () => ({ seq: damaged > 0 ? 0 : seq, entries, stale, damaged })
      })
    },

    save(workspaceId, change) {
      return transact(store, 'readwrite', (tx) => {
        for (const [id, entry] of change.entries ?? []) {
          if (entry.server === null && entry.local === null) tx.store.delete(['row', workspaceId, id])
          else tx.store.put({ v: CATALOG_FORMAT, docName: entry.docName, server: entry.server, local: entry.local }, ['row', workspaceId, id])
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
        tx.store.delete(range('row', workspaceId))
        tx.store.delete(range('stale', workspaceId))
        tx.store.delete(['seq', workspaceId])
        return () => undefined
      })
    },
  }
}

/** A stored entry, or null when it cannot be read (it is then pulled again). */
function parseEntry(workspaceId: string, id: string, value: unknown): CatalogEntry | null {
  if (typeof value !== 'object' || value === null) return null
  const record = value as Record<string, unknown>
  if (record.v !== CATALOG_FORMAT || typeof record.docName !== 'string' || !record.docName.startsWith(`${workspaceId}/`)) return null
  try {
    const server = record.server === null ? null : readCatalogRow(record.server, id)
    const local = record.local === null ? null : parseLocalEdit(record.local)
    if (!local && !server) return null
    return { docName: record.docName, server, local }
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
