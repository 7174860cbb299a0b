import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addToSet, createRecordDoc, insertText, readField, readSet, readText, writeFields } from './record-doc'
import { makeRecordUndo } from './undo'

const MINE = Symbol('mine')

/** Two peers that exchange every update at once. */
function pair() {
  const a = createRecordDoc(1)
  const b = createRecordDoc(2)
  a.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'peer') Y.applyUpdate(b, u, 'peer') })
  b.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'peer') Y.applyUpdate(a, u, 'peer') })
  return { a, b }
}

describe('record undo', () => {
  test('undo takes back my edit of a field and keeps the colleague\'s edit of another field', () => {
    const { a, b } = pair()
    const undo = makeRecordUndo(a, { texts: ['description'] }, MINE)
    writeFields(a, { name: 'Contoso' }, MINE)
    writeFields(b, { phone: '+1 425 555 0100' })
    expect(undo.undo()).toBe(true)
    expect(readField(a, 'name')).toBeUndefined()
    expect(readField(b, 'name')).toBeUndefined()
    expect(readField(a, 'phone')).toBe('+1 425 555 0100')
    expect(undo.canUndo()).toBe(false)
  })

  test('undo of my text leaves the colleague\'s typing in the same text', () => {
    const { a, b } = pair()
    const undo = makeRecordUndo(a, { texts: ['description'] }, MINE)
    insertText(a, 'description', 0, 'Mine. ', MINE)
    insertText(b, 'description', 6, 'Theirs.')
    expect(readText(a, 'description')).toBe('Mine. Theirs.')
    undo.undo()
    expect(readText(a, 'description')).toBe('Theirs.')
    expect(readText(b, 'description')).toBe('Theirs.')
  })

  test('a colleague\'s edit alone gives nothing to undo; redo brings my undone edit back', () => {
    const { a, b } = pair()
    const undo = makeRecordUndo(a, {}, MINE)
    writeFields(b, { name: 'Theirs' })
    expect(undo.canUndo()).toBe(false)
    expect(undo.undo()).toBe(false)
    writeFields(a, { industry: 'Retail' }, MINE)
    undo.undo()
    expect(readField(a, 'industry')).toBeUndefined()
    expect(undo.redo()).toBe(true)
    expect(readField(a, 'industry')).toBe('Retail')
    expect(readField(a, 'name')).toBe('Theirs')
  })

  test('edits after stopCapturing are separate steps, each undone on its own', () => {
    const a = createRecordDoc(1)
    const undo = makeRecordUndo(a, {}, MINE, 10_000)
    let changes = 0
    undo.onChange(() => changes++)
    writeFields(a, { name: 'A' }, MINE)
    undo.stopCapturing()
    writeFields(a, { name: 'AB' }, MINE)
    undo.undo()
    expect(readField(a, 'name')).toBe('A')
    undo.undo()
    expect(readField(a, 'name')).toBeUndefined()
    expect(changes).toBeGreaterThan(0)
    undo.destroy()
  })

  test('undo takes back my member added to a set, and keeps the one a colleague added', () => {
    const { a, b } = pair()
    const undo = makeRecordUndo(a, { sets: ['participants'] }, MINE)
    addToSet(a, 'participants', ['mine'], MINE)
    addToSet(b, 'participants', ['theirs'])
    undo.undo()
    expect(readSet(a, 'participants')).toEqual(['theirs'])
    expect(readSet(b, 'participants')).toEqual(['theirs'])
  })
})
