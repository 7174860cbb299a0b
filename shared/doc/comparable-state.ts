/**
 * A record document's state as plain, order-independent values: its fields (keys sorted), the
 * named long texts, its state vector and its delete set (ranges merged). Two documents hold the
 * same content, structs and deletions exactly when these are equal — unlike `Y.Doc#toJSON()`,
 * which lists only the roots a replica has asked for, with keys in the order it integrated them.
 */
import * as Y from 'yjs'
import { readFields, readText, type FieldValues } from './record-doc'

export interface ComparableState {
  fields: FieldValues
  texts: Record<string, string>
  stateVector: Array<[number, number]>
  deleteSet: Array<[number, Array<[number, number]>]>
  pending: boolean
}

export function comparableState(doc: Y.Doc, texts: readonly string[] = []): ComparableState {
  const snapshot = Y.snapshot(doc)
  const deleteSet: ComparableState['deleteSet'] = []
  snapshot.ds.clients.forEach((items, client) => {
    const ranges = mergeRanges(items.map((i) => [i.clock, i.len] as [number, number]))
    if (ranges.length > 0) deleteSet.push([client, ranges])
  })
  return {
    fields: Object.fromEntries(Object.entries(readFields(doc)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    texts: Object.fromEntries(texts.map((name) => [name, readText(doc, name)])),
    stateVector: [...snapshot.sv].sort((a, b) => a[0] - b[0]),
    deleteSet: deleteSet.sort((a, b) => a[0] - b[0]),
    pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null,
  }
}

/** True when two documents hold the same fields, named texts, structs and deletions. */
export function sameState(a: Y.Doc, b: Y.Doc, texts: readonly string[] = []): boolean {
  return JSON.stringify(comparableState(a, texts)) === JSON.stringify(comparableState(b, texts))
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (const [clock, len] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1]
    if (last && last[0] + last[1] >= clock) last[1] = Math.max(last[1], clock + len - last[0])
    else out.push([clock, len])
  }
  return out
}
