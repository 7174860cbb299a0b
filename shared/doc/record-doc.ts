/**
 * The record document model (DESIGN.md §2). This folder is the only code that touches Yjs types:
 * everything else reads and writes plain values through these functions.
 *
 *   Y.Map  'fields'        scalar fields; per-field last-writer-wins (by Yjs client id on conflict)
 *   Y.Text <name>          long text (description, notes), character-level co-editing
 *   Y.Array<Y.Map> <name>  line items, each a map of scalar fields with an `id`
 *   Y.Map<true> <name>     set-like collections keyed by member id (never arrays: no duplicates)
 *
 * Which root names are texts, line items or sets is said by the record type's schema; the functions
 * here take the root name.
 */
import * as Y from 'yjs'

export type Scalar = string | number | boolean | null
export type FieldValues = Record<string, Scalar>
export type LineItem = { id: string } & FieldValues

export const FIELDS_ROOT = 'fields'

export function createRecordDoc(clientId?: number): Y.Doc {
  const doc = new Y.Doc({ gc: true })
  if (clientId !== undefined) doc.clientID = clientId
  return doc
}

function fieldsOf(doc: Y.Doc): Y.Map<Scalar> {
  return doc.getMap<Scalar>(FIELDS_ROOT)
}

export function readFields(doc: Y.Doc): FieldValues {
  return fieldsOf(doc).toJSON() as FieldValues
}

export function readField(doc: Y.Doc, key: string): Scalar | undefined {
  return fieldsOf(doc).get(key)
}

/** Sets the given fields in one transaction; `undefined` removes a field. Unchanged values are skipped. */
export function writeFields(doc: Y.Doc, patch: Record<string, Scalar | undefined>, origin?: unknown): void {
  const fields = fieldsOf(doc)
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) {
        if (fields.has(key)) fields.delete(key)
      } else if (fields.get(key) !== value || !fields.has(key)) {
        fields.set(key, value)
      }
    }
  }, origin)
}

export function readText(doc: Y.Doc, name: string): string {
  return doc.getText(name).toString()
}

/**
 * Replaces a long text with `next` by the smallest single edit: the common prefix and suffix stay,
 * so concurrent edits elsewhere in the text and remote cursors survive.
 */
export function writeText(doc: Y.Doc, name: string, next: string, origin?: unknown): void {
  const text = doc.getText(name)
  const current = text.toString()
  if (current === next) return
  let start = 0
  const max = Math.min(current.length, next.length)
  while (start < max && current.charCodeAt(start) === next.charCodeAt(start)) start++
  let endCurrent = current.length
  let endNext = next.length
  while (endCurrent > start && endNext > start && current.charCodeAt(endCurrent - 1) === next.charCodeAt(endNext - 1)) {
    endCurrent--
    endNext--
  }
  // Never split a surrogate pair: move the edit boundaries outward if they fall inside one.
  if (start > 0 && isLowSurrogate(current.charCodeAt(start))) start--
  if (endCurrent < current.length && isLowSurrogate(current.charCodeAt(endCurrent))) { endCurrent++; endNext++ }
  doc.transact(() => {
    if (endCurrent > start) text.delete(start, endCurrent - start)
    if (endNext > start) text.insert(start, next.slice(start, endNext))
  }, origin)
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

export function insertText(doc: Y.Doc, name: string, index: number, value: string, origin?: unknown): void {
  doc.transact(() => doc.getText(name).insert(index, value), origin)
}

export function deleteText(doc: Y.Doc, name: string, index: number, length: number, origin?: unknown): void {
  doc.transact(() => doc.getText(name).delete(index, length), origin)
}

export function readItems(doc: Y.Doc, name: string): LineItem[] {
  return doc.getArray<Y.Map<Scalar>>(name).toArray().map((item) => item.toJSON() as LineItem)
}

export function insertItem(doc: Y.Doc, name: string, index: number, item: LineItem, origin?: unknown): void {
  doc.transact(() => {
    const map = new Y.Map<Scalar>()
    for (const [key, value] of Object.entries(item)) map.set(key, value)
    const items = doc.getArray<Y.Map<Scalar>>(name)
    items.insert(Math.min(index, items.length), [map])
  }, origin)
}

export function updateItem(doc: Y.Doc, name: string, id: string, patch: FieldValues, origin?: unknown): boolean {
  const item = doc.getArray<Y.Map<Scalar>>(name).toArray().find((map) => map.get('id') === id)
  if (!item) return false
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) if (key !== 'id') item.set(key, value)
  }, origin)
  return true
}

export function removeItem(doc: Y.Doc, name: string, id: string, origin?: unknown): boolean {
  const items = doc.getArray<Y.Map<Scalar>>(name)
  const index = items.toArray().findIndex((map) => map.get('id') === id)
  if (index < 0) return false
  doc.transact(() => items.delete(index, 1), origin)
  return true
}

export function readSet(doc: Y.Doc, name: string): string[] {
  return [...doc.getMap<true>(name).keys()].sort()
}

export function addToSet(doc: Y.Doc, name: string, ids: string[], origin?: unknown): void {
  const set = doc.getMap<true>(name)
  doc.transact(() => { for (const id of ids) if (!set.has(id)) set.set(id, true) }, origin)
}

export function removeFromSet(doc: Y.Doc, name: string, ids: string[], origin?: unknown): void {
  const set = doc.getMap<true>(name)
  doc.transact(() => { for (const id of ids) if (set.has(id)) set.delete(id) }, origin)
}

/** The names and kinds of a document's root types, as plain values (for checks and debugging). */
export function rootKinds(doc: Y.Doc): Record<string, 'map' | 'text' | 'array' | 'xml' | 'unknown'> {
  const kinds: Record<string, 'map' | 'text' | 'array' | 'xml' | 'unknown'> = {}
  doc.share.forEach((type, name) => {
    kinds[name] = type instanceof Y.Map ? 'map' : type instanceof Y.Text ? 'text' : type instanceof Y.Array ? 'array'
      : type instanceof Y.XmlFragment ? 'xml' : 'unknown'
  })
  return kinds
}

export type TextDelta = Array<{ insert?: string; delete?: number; retain?: number }>

/**
 * Calls `listener` with a long text's value and the change as a plain delta, for every change
 * that did not come from `ignoreOrigin` (the editor's own writes). Returns the unsubscribe.
 */
export function observeText(doc: Y.Doc, name: string, listener: (value: string, delta: TextDelta) => void, ignoreOrigin?: unknown): () => void {
  const text = doc.getText(name)
  const handler = (event: Y.YTextEvent) => {
    if (ignoreOrigin !== undefined && event.transaction.origin === ignoreOrigin) return
    listener(text.toString(), event.delta as TextDelta)
  }
  text.observe(handler)
  return () => text.unobserve(handler)
}

/**
 * Where a caret at `index` moves to after a remote change described by `delta` (positions in the
 * old text). A remote insert exactly at the caret stays after the caret.
 */
export function transformIndex(delta: TextDelta, index: number): number {
  let position = 0
  let result = index
  for (const op of delta) {
    if (op.retain !== undefined) {
      position += op.retain
    } else if (op.insert !== undefined) {
      if (position < index) result += op.insert.length
    } else if (op.delete !== undefined) {
      if (position < index) result -= Math.min(op.delete, index - position)
      position += op.delete
    }
    if (position >= index) break
  }
  return Math.max(0, result)
}

/**
 * Every value of a record as plain JSON: the `fields` map, plus each long text and set the schema
 * names (`roots`), texts as strings and sets as sorted arrays. Roots never written are left out.
 */
export function readRecord(doc: Y.Doc, roots: Record<string, 'text' | 'set'>): Record<string, unknown> {
  const values: Record<string, unknown> = readFields(doc)
  for (const [name, kind] of Object.entries(roots)) {
    if (!doc.share.has(name)) continue
    values[name] = kind === 'text' ? readText(doc, name) : readSet(doc, name)
  }
  return values
}
