/**
 * The record document model (DESIGN.md §2). This folder is the only code that touches Yjs types:
 * everything else reads and writes plain values through these functions.
 *
 *   Y.Map  'fields'        scalar fields; per-field last-writer-wins (by Yjs client id on conflict)
 *   Y.Text <name>          long text (description, notes), character-level co-editing
 *   Y.Array<Y.Map> <name>  line items, each a map of scalar fields with an `id`
 *   Y.Map<true> <name>     set-like collections keyed by member id (never arrays: no duplicates)
 *   Y.Map<Y.Map> <name>    keyed items (goals, risks) by item id, each a map of scalar fields: items
 *                          added at once by two people both stay, and each field of an item merges
 *                          on its own
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

export type KeyedItems = Record<string, FieldValues>

/** Keyed items as plain values, `{ itemId: { field: value } }` in id order (UUIDv7: creation order). */
export function readKeyedItems(doc: Y.Doc, name: string): KeyedItems {
  const items: KeyedItems = {}
  const root = doc.getMap<unknown>(name)
  for (const id of [...root.keys()].sort()) {
    const item = root.get(id)
    items[id] = item instanceof Y.Map ? (item.toJSON() as FieldValues) : {}
  }
  return items
}

/** What the schema check needs of one item: is it a map, its values, keys holding nested types. */
export interface ItemShape {
  id: string
  isMap: boolean
  values: Record<string, unknown>
  nestedKeys: string[]
}

export function keyedItemShapes(doc: Y.Doc, name: string, ids?: readonly string[]): ItemShape[] {
  const root = doc.getMap<unknown>(name)
  const shapes: ItemShape[] = []
  for (const id of ids ?? [...root.keys()]) {
    if (!root.has(id)) continue // removed
    const item = root.get(id)
    if (!(item instanceof Y.Map)) {
      shapes.push({ id, isMap: false, values: {}, nestedKeys: [] })
      continue
    }
    const values: Record<string, unknown> = {}
    const nestedKeys: string[] = []
    item.forEach((value: unknown, key: string) => {
      if (value instanceof Y.AbstractType) nestedKeys.push(key)
      else values[key] = value
    })
    shapes.push({ id, isMap: true, values, nestedKeys })
  }
  return shapes
}

export function countKeyedItems(doc: Y.Doc, name: string): number {
  return doc.getMap<unknown>(name).size
}

/**
 * Adds an item, or sets the given fields of one, in one transaction; `undefined` removes a field.
 * Unchanged values are skipped, so a colleague's concurrent edit of another field is untouched.
 */
export function writeKeyedItem(doc: Y.Doc, name: string, id: string, patch: Record<string, Scalar | undefined>, origin?: unknown): void {
  const root = doc.getMap<Y.Map<Scalar>>(name)
  doc.transact(() => {
    let item = root.get(id)
    if (!(item instanceof Y.Map)) {
      item = new Y.Map<Scalar>()
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) item.set(key, value)
      root.set(id, item)
      return
    }
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) {
        if (item.has(key)) item.delete(key)
      } else if (item.get(key) !== value || !item.has(key)) {
        item.set(key, value)
      }
    }
  }, origin)
}

export function removeKeyedItem(doc: Y.Doc, name: string, id: string, origin?: unknown): void {
  const root = doc.getMap<unknown>(name)
  if (root.has(id)) doc.transact(() => root.delete(id), origin)
}

/** Makes the items exactly `next` (a REST write): removes the others, patches only what differs. */
export function replaceKeyedItems(doc: Y.Doc, name: string, next: KeyedItems, origin?: unknown): void {
  const current = readKeyedItems(doc, name)
  doc.transact(() => {
    for (const id of Object.keys(current)) if (!(id in next)) removeKeyedItem(doc, name, id, origin)
    for (const [id, values] of Object.entries(next)) {
      const patch: Record<string, Scalar | undefined> = { ...values }
      for (const key of Object.keys(current[id] ?? {})) if (!(key in values) || values[key] === null) patch[key] = undefined
      for (const [key, value] of Object.entries(values)) if (value === null) patch[key] = undefined
      writeKeyedItem(doc, name, id, patch, origin)
    }
  }, origin)
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
 * Every value of a record as plain JSON: the `fields` map, plus each long text, set and keyed items
 * the schema names (`roots`): texts as strings, sets as sorted arrays, items as `{ id: { … } }`.
 * Roots never written are left out.
 */
export function readRecord(doc: Y.Doc, roots: Record<string, 'text' | 'set' | 'items'>): Record<string, unknown> {
  const values: Record<string, unknown> = readFields(doc)
  for (const [name, kind] of Object.entries(roots)) {
    if (!doc.share.has(name)) continue
    values[name] = readRoot(doc, name, kind)
  }
  return values
}

/**
 * What `readRecord` would read now, given what it read before and what changed since: the changed
 * field keys and roots (by name) are read again, the rest copied. Cheaper than reading every field
 * of a record on every keystroke.
 */
export function rereadRecord(
  doc: Y.Doc, roots: Record<string, 'text' | 'set' | 'items'>, previous: Record<string, unknown>,
  fieldKeys: readonly string[], changedRoots: readonly string[],
): Record<string, unknown> {
  const values = { ...previous }
  const fields = fieldsOf(doc)
  for (const key of fieldKeys) {
    if (roots[key] !== undefined && doc.share.has(key)) continue // a root of that name wins, as in readRecord
    const value: unknown = fields.get(key)
    if (value === undefined) delete values[key]
    else values[key] = value instanceof Y.AbstractType ? value.toJSON() : value
  }
  for (const name of changedRoots) {
    const kind = roots[name]
    if (kind !== undefined && doc.share.has(name)) values[name] = readRoot(doc, name, kind)
  }
  return values
}

function readRoot(doc: Y.Doc, name: string, kind: 'text' | 'set' | 'items'): unknown {
  return kind === 'text' ? readText(doc, name) : kind === 'set' ? readSet(doc, name) : readKeyedItems(doc, name)
}
