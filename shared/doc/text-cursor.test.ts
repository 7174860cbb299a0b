import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { createRecordDoc, insertText } from './record-doc'
import { cursorAt, cursorIndexes } from './text-cursor'

test('a colleague\'s caret stays on its character when text is typed before it, across peers', () => {
  const a = createRecordDoc(1)
  insertText(a, 'description', 0, 'Hello world')
  const b = createRecordDoc(2)
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  const cursor = JSON.parse(JSON.stringify(cursorAt(b, 'description', 6, 11))) as ReturnType<typeof cursorAt>
  insertText(a, 'description', 0, '>> ')
  expect(cursorIndexes(a, 'description', cursor)).toEqual({ anchor: 9, head: 14 })
})

test('a cursor of another text or a damaged one does not resolve', () => {
  const a = createRecordDoc(1)
  insertText(a, 'description', 0, 'Hello')
  insertText(a, 'notes', 0, 'Other')
  const cursor = cursorAt(a, 'notes', 1, 2)
  expect(cursorIndexes(a, 'description', cursor)).toBeNull()
  expect(cursorIndexes(a, 'description', { anchor: 'x', head: null })).toBeNull()
})
