/**
 * The layout of the local replica in IndexedDB, and the one place where what comes out of it is
 * parsed. One object store per namespace holds, under array keys:
 *
 *   ['remote', docName, seq]   { v: 1, update }     server state: updates received from the server,
 *                                                    compacted bases, committed local updates
 *   ['local', docName, seq]    { v: 1, update }     made here; waiting until a committed snapshot
 *                                                    covers it (then compaction folds it into remote)
 *   ['committed', docName]     { v: 1, snapshot }   the latest `committed` snapshot from the server
 *
 * Local and remote updates live under separate prefixes so that counting what waits reads only the
 * local ones, and so that a refusal can drop them without touching the server's state.
 */
export const REPLICA_FORMAT = 1

export type UpdateKind = 'local' | 'remote'
export type UpdateKey = [UpdateKind, string, number]
export type CommittedKey = ['committed', string]

export class ReplicaCorruptError extends Error {
  override readonly name = 'ReplicaCorruptError'
  constructor(readonly docName: string, readonly key: unknown, reason: string) {
    super(`The local copy of ${docName} is damaged (entry ${JSON.stringify(key)}: ${reason}). ` +
      'Other documents are not affected; discard this document\'s local copy to fetch it again from the server.')
  }
}

export function updateKey(kind: UpdateKind, docName: string, seq: number): UpdateKey {
  return [kind, docName, seq]
}

export function committedKey(docName: string): CommittedKey {
  return ['committed', docName]
}

/** Every update key of one document of one kind. */
export function docUpdatesRange(kind: UpdateKind, docName: string): IDBKeyRange {
  return IDBKeyRange.bound([kind, docName, -Infinity], [kind, docName, Infinity])
}

/** Every key under a prefix: arrays sort after strings, so `[prefix, []]` is above `[prefix, <any name>, …]`. */
export function prefixRange(prefix: UpdateKind | 'committed'): IDBKeyRange {
  return IDBKeyRange.bound([prefix], [prefix, []], true, true)
}

export function updateValue(update: Uint8Array): { v: number; update: Uint8Array } {
  return { v: REPLICA_FORMAT, update }
}

export function committedValue(snapshot: Uint8Array): { v: number; snapshot: Uint8Array } {
  return { v: REPLICA_FORMAT, snapshot }
}

/** The document name and sequence of a key under `local` or `remote`, or null if it is not one. */
export function parseUpdateKey(key: IDBValidKey): { kind: UpdateKind; docName: string; seq: number } | null {
  if (!Array.isArray(key) || key.length !== 3) return null
  const [kind, docName, seq] = key as unknown[]
  if ((kind !== 'local' && kind !== 'remote') || typeof docName !== 'string' || typeof seq !== 'number') return null
  return { kind, docName, seq }
}

export function parseCommittedKey(key: IDBValidKey): string | null {
  if (!Array.isArray(key) || key.length !== 2 || key[0] !== 'committed' || typeof key[1] !== 'string') return null
  return key[1]
}

export function parseUpdateValue(docName: string, key: IDBValidKey, value: unknown): Uint8Array {
  return bytesField(docName, key, value, 'update')
}

export function parseCommittedValue(docName: string, key: IDBValidKey, value: unknown): Uint8Array {
  return bytesField(docName, key, value, 'snapshot')
}

function bytesField(docName: string, key: IDBValidKey, value: unknown, field: string): Uint8Array {
  if (typeof value !== 'object' || value === null) throw new ReplicaCorruptError(docName, key, `expected an object, found ${describe(value)}`)
  const record = value as Record<string, unknown>
  if (record.v !== REPLICA_FORMAT) {
    throw new ReplicaCorruptError(docName, key, `format version ${describe(record.v)}, this app reads version ${REPLICA_FORMAT}`)
  }
  const bytes = record[field]
  if (!(bytes instanceof Uint8Array)) throw new ReplicaCorruptError(docName, key, `"${field}" is ${describe(bytes)}, not bytes`)
  if (bytes.length === 0) throw new ReplicaCorruptError(docName, key, `"${field}" is empty`)
  return bytes
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (ArrayBuffer.isView(value)) return value.constructor.name
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`
}
