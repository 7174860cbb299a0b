/**
 * The local replica: every record document this user holds, in IndexedDB through idb-keyval, one
 * key per update (layout in `replica-entries.ts`). Loaded before a document's socket connects, so
 * the first sync step already carries what was done offline.
 *
 * Every write resolves only when its IndexedDB transaction completed: only then is an update saved
 * locally. Sequence numbers are taken inside the writing transaction (the last key plus one), so
 * several tabs on one namespace never overwrite each other's updates. Compaction folds what the
 * server already has into one update in one transaction; updates still waiting for the server stay
 * separate, because they are what is counted, uploaded and, on a refusal, dropped.
 */
import { clear, type UseStore } from 'idb-keyval'
import { createRecordDoc } from '../../shared/doc/record-doc'
import { applyUpdate, encodeDiff, isCommitted, readCommittedSnapshot, updateFootprint, type CommittedState } from '../../shared/doc/sync-state'
import { localKeyValStore } from './idb-open'
import { transact } from './idb-transaction'
import {
  ReplicaCorruptError, committedKey, committedValue, docUpdatesRange, parseCommittedValue,
  parseUpdateKey, parseUpdateValue, prefixRange, updateKey, updateValue, type UpdateKind,
} from './replica-entries'

export interface ReplicaDocument {
  docName: string
  /** Server state: received updates, compacted bases, committed local updates. */
  remote: Uint8Array[]
  /** Updates made here, in the order they were made; some may be committed already. */
  local: Uint8Array[]
  /** The latest `committed` snapshot saved for the document, if any. */
  committed: Uint8Array | null
}

export interface WaitingScan {
  /** Per document: its local updates and its committed snapshot. */
  docs: Map<string, { local: Uint8Array[]; committed: Uint8Array | null }>
  /** Documents whose entries could not be read; the others are complete. */
  corrupt: ReplicaCorruptError[]
}

export interface Replica {
  readonly namespace: string
  appendUpdate(docName: string, kind: UpdateKind, update: Uint8Array): Promise<void>
  loadDocument(docName: string): Promise<ReplicaDocument>
  saveCommitted(docName: string, snapshot: Uint8Array): Promise<void>
  /** Folds the remote and committed local updates into one; returns how many keys it replaced. */
  compactDocument(docName: string): Promise<{ folded: number; waiting: number }>
  /** Deletes the local updates the saved committed snapshot does not cover; returns how many. */
  dropWaiting(docName: string): Promise<number>
  /** Every document held, read from IndexedDB (every key: costs with the replica's size). */
  listDocuments(): Promise<string[]>
  /**
   * The documents held as this replica last knew them: read once (`listDocuments`, which also
   * refreshes it), then kept by this replica's own writes. Documents another tab stored since
   * the last `listDocuments` are missing until the next one.
   */
  knownDocuments(): Promise<ReadonlySet<string>>
  /** Which of these documents are held, asking IndexedDB about each: costs with how many are asked. */
  holding(docNames: Iterable<string>): Promise<Set<string>>
  scanWaiting(): Promise<WaitingScan>
  removeDocument(docName: string): Promise<void>
  /** Deletes everything of this namespace (sign-out after the user discarded waiting changes). */
  wipe(): Promise<void>
}

export const REPLICA_STORE_NAME = 'replica'

/** The IndexedDB database that holds a namespace's replica. */
export function replicaDatabaseName(namespace: string): string {
  return `tandem-replica:${namespace}`
}

export function openReplica(namespace: string): Replica {
  if (typeof namespace !== 'string' || namespace.length === 0) throw new Error('The local replica needs a namespace (the signed-in user\'s id).')
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here, so nothing can be kept offline.')
  return makeReplica(namespace, localKeyValStore(replicaDatabaseName(namespace), REPLICA_STORE_NAME))
}

/** Wipes one namespace's replica without touching any other. */
export function wipeReplica(namespace: string): Promise<void> {
  return clear(localKeyValStore(replicaDatabaseName(namespace), REPLICA_STORE_NAME))
}

/** Asks the browser not to evict the replica under storage pressure; false where it cannot. */
export async function requestPersistentStorage(storage: { persist?: () => Promise<boolean> } | undefined = globalThis.navigator?.storage): Promise<boolean> {
  if (!storage?.persist) return false
  try {
    return await storage.persist()
  } catch {
    return false
  }
}

function makeReplica(namespace: string, store: UseStore): Replica {
  let known: Promise<Set<string>> | null = null
  /** Lists every held document and keeps the answer as what is known; a failed listing is not kept. */
  const relist = () => {
    const listing = listDocuments()
    known = listing
    listing.catch(() => { if (known === listing) known = null })
    return listing
  }
  const listDocuments = () => transact(store, 'readonly', (tx) => {
    const names = new Set<string>()
    for (const kind of ['remote', 'local'] as const) {
      tx.on(tx.store.getAllKeys(prefixRange(kind)), (keys) => {
        for (const key of keys) {
          const parsed = parseUpdateKey(key)
          if (parsed) names.add(parsed.docName)
        }
      })
    }
    return () => names
  })
  return {
    namespace,

    async appendUpdate(docName, kind, update) {
      await transact(store, 'readwrite', (tx) => {
        tx.on(tx.store.openKeyCursor(docUpdatesRange(kind, docName), 'prev'), (cursor) => {
          const last = cursor ? parseUpdateKey(cursor.key)?.seq ?? -1 : -1
          tx.store.put(updateValue(update), updateKey(kind, docName, Math.floor(last) + 1))
        })
        return () => undefined
      })
      // A listing begun before this write finished reads before it (transactions run in order), so
      // the name is added to whichever set that listing produces.
      void known?.then((names) => names.add(docName), () => {})
    },

    loadDocument(docName) {
      return transact(store, 'readonly', (tx) => {
        const remote = readUpdates(tx.store, 'remote', docName, tx.on)
        const local = readUpdates(tx.store, 'local', docName, tx.on)
        const committed = readCommitted(tx.store, docName, tx.on)
        return () => ({ docName, remote: remote().map((e) => e.update), local: local().map((e) => e.update), committed: committed() })
      })
    },

    saveCommitted(docName, snapshot) {
      return transact(store, 'readwrite', (tx) => {
        tx.store.put(committedValue(snapshot), committedKey(docName))
        return () => undefined
      })
    },

    compactDocument(docName) {
      return transact(store, 'readwrite', (tx) => {
        const remote = readUpdates(tx.store, 'remote', docName, tx.on)
        const local = readUpdates(tx.store, 'local', docName, tx.on)
        const committed = readCommitted(tx.store, docName, tx.on)
        let outcome = { folded: 0, waiting: 0 }
        // Requests on one store complete in order, so the committed read's handler runs last.
        tx.on(tx.store.count(committedKey(docName)), () => {
          const state = parseSnapshot(docName, committed())
          const covered = local().filter((e) => state !== null && isCommittedEntry(docName, e, state))
          const folding = [...remote(), ...covered]
          outcome = { folded: folding.length, waiting: local().length - covered.length }
          if (folding.length <= 1 && covered.length === 0) {
            outcome.folded = 0
            return
          }
          const base = foldUpdates(docName, folding)
          for (const entry of folding) tx.store.delete(entry.key)
          // Every remote key was folded and deleted, so the base takes the first sequence.
          tx.store.put(updateValue(base), updateKey('remote', docName, 0))
        })
        return () => outcome
      })
    },

    dropWaiting(docName) {
      return transact(store, 'readwrite', (tx) => {
        const local = readUpdates(tx.store, 'local', docName, tx.on)
        const committed = readCommitted(tx.store, docName, tx.on)
        let dropped = 0
        tx.on(tx.store.count(committedKey(docName)), () => {
          const state = parseSnapshot(docName, committed())
          for (const entry of local()) {
            if (state !== null && isCommittedEntry(docName, entry, state)) continue
            tx.store.delete(entry.key)
            dropped++
          }
        })
        return () => dropped
      })
    },

    async listDocuments() {
      return [...await relist()].sort()
    },

    knownDocuments() {
      return known ?? relist()
    },

    holding(docNames) {
      const asked = [...new Set(docNames)]
      return transact(store, 'readonly', (tx) => {
        const held = new Set<string>()
        for (const name of asked) {
          for (const kind of ['remote', 'local'] as const) {
            tx.on(tx.store.openKeyCursor(docUpdatesRange(kind, name)), (cursor) => { if (cursor) held.add(name) })
          }
        }
        return () => held
      })
    },

    scanWaiting() {
      return transact(store, 'readonly', (tx) => {
        const docs: WaitingScan['docs'] = new Map()
        const corrupt = new Map<string, ReplicaCorruptError>()
        const entry = (docName: string) => {
          let doc = docs.get(docName)
          if (!doc) docs.set(docName, (doc = { local: [], committed: null }))
          return doc
        }
        readPrefix(tx.store, 'local', tx.on, (key, value) => {
          const parsed = parseUpdateKey(key)
          if (!parsed) return
          try {
            entry(parsed.docName).local.push(parseUpdateValue(parsed.docName, key, value))
          } catch (error) {
            if (!(error instanceof ReplicaCorruptError)) throw error
            corrupt.set(parsed.docName, error)
          }
        })
        // Only the snapshots of documents with local updates: a replica of thousands of prefetched
        // documents would otherwise be read whole at every start (issue 5: seconds of main thread).
        // Requests of one transaction answer in order: this one's answer comes after the reads above.
        tx.on(tx.store.count(prefixRange('local')), () => {
          for (const docName of docs.keys()) {
            const key = committedKey(docName)
            tx.on(tx.store.get(key), (value) => {
              if (value === undefined) return
              try {
                entry(docName).committed = parseCommittedValue(docName, key, value)
              } catch (error) {
                if (!(error instanceof ReplicaCorruptError)) throw error
                corrupt.set(docName, error)
              }
            })
          }
        })
        return () => {
          for (const docName of corrupt.keys()) docs.delete(docName)
          for (const [docName, doc] of docs) if (doc.local.length === 0) docs.delete(docName)
          return { docs, corrupt: [...corrupt.values()] }
        }
      })
    },

    async removeDocument(docName) {
      await transact(store, 'readwrite', (tx) => {
        tx.store.delete(docUpdatesRange('remote', docName))
        tx.store.delete(docUpdatesRange('local', docName))
        tx.store.delete(committedKey(docName))
        return () => undefined
      })
      void known?.then((names) => names.delete(docName), () => {})
    },

    async wipe() {
      await clear(store)
      known = null
    },
  }
}

interface StoredUpdate {
  key: IDBValidKey
  seq: number
  update: Uint8Array
}

type On = <R>(request: IDBRequest<R>, then: (result: R) => void) => void

/** Reads a document's updates of one kind, parsed; the getter is valid once the requests succeeded. */
function readUpdates(store: IDBObjectStore, kind: UpdateKind, docName: string, on: On): () => StoredUpdate[] {
  const range = docUpdatesRange(kind, docName)
  let keys: IDBValidKey[] = []
  let entries: StoredUpdate[] = []
  on(store.getAllKeys(range), (result) => { keys = result })
  on(store.getAll(range), (values) => {
    entries = values.map((value, i) => {
      const key = keys[i]!
      const parsed = parseUpdateKey(key)
      if (!parsed) throw new ReplicaCorruptError(docName, key, 'the key is not [kind, document, sequence]')
      return { key, seq: parsed.seq, update: parseUpdateValue(docName, key, value) }
    })
  })
  return () => entries
}

function readCommitted(store: IDBObjectStore, docName: string, on: On): () => Uint8Array | null {
  const key = committedKey(docName)
  let snapshot: Uint8Array | null = null
  on(store.get(key), (value) => {
    snapshot = value === undefined ? null : parseCommittedValue(docName, key, value)
  })
  return () => snapshot
}

function readPrefix(store: IDBObjectStore, prefix: UpdateKind | 'committed', on: On, each: (key: IDBValidKey, value: unknown) => void): void {
  const range = prefixRange(prefix)
  let keys: IDBValidKey[] = []
  on(store.getAllKeys(range), (result) => { keys = result })
  on(store.getAll(range), (values) => values.forEach((value, i) => each(keys[i]!, value)))
}

function parseSnapshot(docName: string, snapshot: Uint8Array | null): CommittedState | null {
  if (snapshot === null) return null
  try {
    return readCommittedSnapshot(snapshot)
  } catch (error) {
    throw new ReplicaCorruptError(docName, committedKey(docName), `the committed snapshot does not decode: ${(error as Error).message}`)
  }
}

function isCommittedEntry(docName: string, entry: StoredUpdate, committed: CommittedState): boolean {
  let footprint
  try {
    footprint = updateFootprint(entry.update)
  } catch (error) {
    throw new ReplicaCorruptError(docName, entry.key, `the update does not decode: ${(error as Error).message}`)
  }
  return isCommitted(footprint, committed)
}

/** Load, apply, encode: never `Y.mergeUpdates` over a long list (DESIGN.md §5). */
function foldUpdates(docName: string, entries: StoredUpdate[]): Uint8Array {
  const doc = createRecordDoc()
  try {
    doc.transact(() => {
      for (const entry of entries) {
        try {
          applyUpdate(doc, entry.update)
        } catch (error) {
          throw new ReplicaCorruptError(docName, entry.key, `the update does not apply: ${(error as Error).message}`)
        }
      }
    })
    return encodeDiff(doc)
  } finally {
    doc.destroy()
  }
}
