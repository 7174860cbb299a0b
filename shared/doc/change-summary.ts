/**
 * What one applied update changed, as plain values: the input of the server's checks (§3a).
 * Built from the Yjs transaction on the shadow copy, so the checks never decode bytes themselves.
 * Call it from an `afterTransaction` handler: Yjs garbage-collects deleted content after that, and
 * the values that lost a concurrent write are deleted content.
 */
import * as Y from 'yjs'
import { FIELDS_ROOT } from './record-doc'
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface RootChange {
  /** The root type's name, e.g. `fields`, `description`. */
  root: string
  kind: 'map' | 'text' | 'array' | 'xml' | 'unknown'
  /** For a root map: the keys that changed (set or deleted). */
  keys: string[]
  /** The root's list content changed (text, array items): never so for a map-shaped root. */
  listChange: boolean
}

export interface ChangeSummary {
  /** Root types the update changed directly. */
  roots: RootChange[]
  /** Changes below a root (a line item's map, text inside an array), by their root's name. */
  nestedRoots: string[]
  /** Yjs client ids that wrote structs in this update. */
  clients: number[]
  /** True when the update deleted something. */
  deletes: boolean
  /**
   * Field values this update wrote that lost to a concurrent write already there (Yjs keeps the
   * write of the higher client id, not the later one): history must still show them (DESIGN.md §2).
   */
  lost: LostWrite[]
}

export interface LostWrite {
  field: string
  value: unknown
  /** The Yjs client id that wrote the losing value (not always this update's writer). */
  client: number
  /** True when the losing value came with this update: no check has seen it yet. */
  incoming: boolean
}

export function summarizeTransaction(tr: Y.Transaction): ChangeSummary {
  const roots: RootChange[] = []
  const nested = new Set<string>()
  tr.changed.forEach((keys, type) => {
    const rootName = rootNameOf(type)
    if (type._item === null) {
      roots.push({ root: rootName, kind: kindOf(type), keys: [...keys].filter((k): k is string => k !== null), listChange: keys.has(null) })
    } else {
      nested.add(rootName)
    }
  })
  const clients: number[] = []
  tr.afterState.forEach((clock, client) => {
    if ((tr.beforeState.get(client) ?? 0) < clock) clients.push(client)
  })
  return { roots, nestedRoots: [...nested], clients, deletes: tr.deleteSet.clients.size > 0, lost: lostFieldWrites(tr, clients) }
}

/**
 * A new write of a field that is not the field's value, while the value is older than this
 * transaction, lost to a concurrent write. (A new write overwritten by a newer one of the same
 * transaction did not lose: it was superseded.)
 */
function lostFieldWrites(tr: Y.Transaction, clients: number[]): LostWrite[] {
  const fields = tr.doc.share.get(FIELDS_ROOT) as Y.AbstractType<any> | undefined
  if (!fields || !tr.changed.has(fields)) return []
  const lost: LostWrite[] = []
  for (const client of clients) {
    const structs = tr.doc.store.clients.get(client)
    if (!structs) continue
    const end = tr.afterState.get(client) ?? 0
    for (let i = Y.findIndexSS(structs, tr.beforeState.get(client) ?? 0); i < structs.length; i++) {
      const struct = structs[i]!
      if (struct.id.clock >= end) break
      if (!(struct instanceof Y.Item) || struct.parent !== fields || struct.parentSub === null) continue
      const current = (fields as any)._map.get(struct.parentSub) as Y.Item | undefined
      if (struct.deleted) {
        // This write lost to a value already there that it never saw.
        if (current && current !== struct && !current.deleted && !isNew(tr, current.id)) {
          lost.push({ field: struct.parentSub, value: struct.content.getContent().at(-1), client: struct.id.client, incoming: true })
        }
      } else if (current === struct) {
        // This write won over a value its writer never saw (it was written after another one):
        // that value, now overwritten, lost.
        const left = struct.left
        const sawLeft = left !== null && struct.origin !== null && Y.compareIDs(struct.origin, left.lastId)
        // Only the value this transaction replaced (deleted now), not one removed before it.
        if (left instanceof Y.Item && !sawLeft && !isNew(tr, left.id) && Y.isDeleted(tr.deleteSet, left.id) && !(left.content instanceof Y.ContentDeleted)) {
          lost.push({ field: struct.parentSub, value: left.content.getContent().at(-1), client: left.id.client, incoming: false })
        }
      }
    }
  }
  return lost
}

/** Written by this transaction. (Not a closure in the function above: this runs on every update.) */
function isNew(tr: Y.Transaction, id: Y.ID): boolean {
  return id.clock >= (tr.beforeState.get(id.client) ?? 0)
}

/** True when the transaction changed nothing at all (a duplicate or empty update). */
export function isEmptyTransaction(tr: Y.Transaction): boolean {
  return tr.changed.size === 0 && tr.deleteSet.clients.size === 0 &&
    [...tr.afterState].every(([client, clock]) => (tr.beforeState.get(client) ?? 0) === clock)
}

function rootNameOf(type: Y.AbstractType<any>): string {
  let t: Y.AbstractType<any> = type
  while (t._item !== null) t = t._item.parent as Y.AbstractType<any>
  const doc = t.doc
  if (doc) for (const [name, root] of doc.share) if (root === t) return name
  return '?'
}

function kindOf(type: Y.AbstractType<any>): RootChange['kind'] {
  if (type instanceof Y.Map) return 'map'
  if (type instanceof Y.Text) return 'text'
  if (type instanceof Y.Array) return 'array'
  if (type instanceof Y.XmlFragment) return 'xml'
  return 'unknown'
}
