import * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { addToSet, createRecordDoc, insertItem, readFields, readItems, readSet, readText, removeFromSet, removeItem, updateItem, writeFields, writeText } from './record-doc'
import { encodeCommittedSnapshot, isCommitted, readCommittedSnapshot, updateFootprint } from './sync-state'

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('fields', () => {
  test('two people editing different fields both keep their edits', () => {
    const a = createRecordDoc(1)
    const b = createRecordDoc(2)
    writeFields(a, { name: 'Acme' })
    writeFields(b, { phone: '+1 555' })
    sync(a, b)
    expect(readFields(a)).toEqual({ name: 'Acme', phone: '+1 555' })
    expect(readFields(b)).toEqual(readFields(a))
  })

  test('undefined removes a field and unchanged values write nothing', () => {
    const doc = createRecordDoc(1)
    writeFields(doc, { name: 'Acme', website: 'acme.test' })
    const before = Y.encodeStateVector(doc)
    writeFields(doc, { name: 'Acme' })
    expect(Y.encodeStateVector(doc)).toEqual(before)
    writeFields(doc, { website: undefined })
    expect(readFields(doc)).toEqual({ name: 'Acme' })
  })
})

describe('long text', () => {
  test('writeText changes only the middle that differs, so a concurrent edit elsewhere survives', () => {
    const a = createRecordDoc(1)
    const b = createRecordDoc(2)
    writeText(a, 'description', 'The quick brown fox')
    sync(a, b)
    writeText(a, 'description', 'The quick red fox')
    writeText(b, 'description', 'The quick brown fox jumps')
    sync(a, b)
    expect(readText(a, 'description')).toBe('The quick red fox jumps')
    expect(readText(b, 'description')).toBe(readText(a, 'description'))
  })

  test('writeText keeps surrogate pairs whole', () => {
    const doc = createRecordDoc(1)
    writeText(doc, 'notes', 'a😀b')
    writeText(doc, 'notes', 'a😃b')
    expect(readText(doc, 'notes')).toBe('a😃b')
  })
})

describe('line items and sets', () => {
  test('line items are inserted, updated and removed by id', () => {
    const doc = createRecordDoc(1)
    insertItem(doc, 'lines', 0, { id: 'l1', product: 'Seat', quantity: 2 })
    insertItem(doc, 'lines', 1, { id: 'l2', product: 'Support', quantity: 1 })
    expect(updateItem(doc, 'lines', 'l1', { quantity: 3 })).toBe(true)
    expect(removeItem(doc, 'lines', 'l2')).toBe(true)
    expect(removeItem(doc, 'lines', 'missing')).toBe(false)
    expect(readItems(doc, 'lines')).toEqual([{ id: 'l1', product: 'Seat', quantity: 3 }])
  })

  test('adding the same member on two replicas keeps one member', () => {
    const a = createRecordDoc(1)
    const b = createRecordDoc(2)
    addToSet(a, 'members', ['c1', 'c2'])
    addToSet(b, 'members', ['c2', 'c3'])
    sync(a, b)
    expect(readSet(a, 'members')).toEqual(['c1', 'c2', 'c3'])
    removeFromSet(b, 'members', ['c1'])
    sync(a, b)
    expect(readSet(a, 'members')).toEqual(['c2', 'c3'])
  })
})

describe('committed coverage', () => {
  test('a pure deletion counts as committed only once the server has the deletion', () => {
    const client = createRecordDoc(1)
    const server = createRecordDoc(2)
    const updates: Uint8Array[] = []
    client.on('update', (u: Uint8Array) => updates.push(u))
    writeText(client, 'notes', 'hello')
    Y.applyUpdate(server, updates[0]!)
    writeText(client, 'notes', 'hell')
    const deletion = updateFootprint(updates[1]!)
    expect(deletion.structs).toEqual([])
    expect(isCommitted(deletion, readCommittedSnapshot(encodeCommittedSnapshot(server)))).toBe(false)
    Y.applyUpdate(server, updates[1]!)
    expect(isCommitted(deletion, readCommittedSnapshot(encodeCommittedSnapshot(server)))).toBe(true)
    expect(isCommitted(updateFootprint(updates[0]!), readCommittedSnapshot(encodeCommittedSnapshot(server)))).toBe(true)
  })
})

describe('caret transform', () => {
  test('a remote insert before the caret moves it right, after the caret leaves it', async () => {
    const { transformIndex } = await import('./record-doc')
    expect(transformIndex([{ retain: 2 }, { insert: 'abc' }], 5)).toBe(8)
    expect(transformIndex([{ retain: 7 }, { insert: 'abc' }], 5)).toBe(5)
  })

  test('a remote delete before the caret moves it left, never past the deleted start', async () => {
    const { transformIndex } = await import('./record-doc')
    expect(transformIndex([{ retain: 1 }, { delete: 2 }], 5)).toBe(3)
    expect(transformIndex([{ retain: 3 }, { delete: 5 }], 5)).toBe(3)
    expect(transformIndex([{ delete: 2 }], 0)).toBe(0)
  })

  test('observeText reports remote changes as deltas and skips the ignored origin', async () => {
    const { observeText } = await import('./record-doc')
    const doc = createRecordDoc(1)
    const seen: string[] = []
    const stop = observeText(doc, 'notes', (value) => seen.push(value), 'mine')
    doc.transact(() => doc.getText('notes').insert(0, 'hi'), 'mine')
    doc.transact(() => doc.getText('notes').insert(2, '!'), 'remote')
    stop()
    doc.transact(() => doc.getText('notes').insert(3, '?'), 'remote')
    expect(seen).toEqual(['hi!'])
  })
})
