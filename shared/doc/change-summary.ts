/**
 * What one applied update changed, as plain values: the input of the server's checks (§3a).
 * Built from the Yjs transaction on the shadow copy, so the checks never decode bytes themselves.
 */
import * as Y from 'yjs'
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface RootChange {
  /** The root type's name, e.g. `fields`, `description`. */
  root: string
  kind: 'map' | 'text' | 'array' | 'xml' | 'unknown'
  /** For a root map: the keys that changed (set or deleted). */
  keys: string[]
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
}

export function summarizeTransaction(tr: Y.Transaction): ChangeSummary {
  const roots: RootChange[] = []
  const nested = new Set<string>()
  tr.changed.forEach((keys, type) => {
    const rootName = rootNameOf(type)
    if (type._item === null) {
      roots.push({ root: rootName, kind: kindOf(type), keys: [...keys].filter((k): k is string => k !== null) })
    } else {
      nested.add(rootName)
    }
  })
  const clients: number[] = []
  tr.afterState.forEach((clock, client) => {
    if ((tr.beforeState.get(client) ?? 0) < clock) clients.push(client)
  })
  return { roots, nestedRoots: [...nested], clients, deletes: tr.deleteSet.clients.size > 0 }
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
