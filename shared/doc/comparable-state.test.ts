import * as Y from 'yjs'
import { expect, test } from 'vitest'
import { comparableState, sameState } from './comparable-state'
import { createRecordDoc, writeFields, writeText } from './record-doc'

test('converged replicas compare equal whatever order they integrated the fields in', () => {
  const a = createRecordDoc(1)
  const b = createRecordDoc(2)
  writeFields(a, { name: 'Acme', phone: '1' })
  writeFields(b, { website: 'acme.test' })
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
  const loaded = new Y.Doc()
  Y.applyUpdate(loaded, Y.encodeStateAsUpdate(b))
  expect(sameState(a, b)).toBe(true)
  expect(comparableState(loaded)).toEqual(comparableState(a))
})

test('a missing deletion or a different text makes the states differ', () => {
  const a = createRecordDoc(1)
  writeText(a, 'notes', 'hello')
  const b = createRecordDoc(2)
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  writeText(a, 'notes', 'hell')
  expect(sameState(a, b, ['notes'])).toBe(false)
  expect(comparableState(a).deleteSet).toEqual([[1, [[4, 1]]]])
})
