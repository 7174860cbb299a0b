import { describe, expect, test } from 'vitest'
import { contact } from '../../../shared/records/contact'
import { cellText, defaultColumnKeys, listColumns } from './list-columns'
import { faceChanges, rowFace, type FaceSource } from './row-face'
import { testRow } from './list-test-rows'

const columns = defaultColumnKeys(contact).map((key) => listColumns(contact).find((c) => c.key === key)!)
const source: FaceSource = { cell: (row, column) => cellText(row, column, { userName: () => undefined }), href: (row) => `#/demo/contacts/${row.id}` }

describe('row faces', () => {
  test('a row shows each column\'s cell text, its link and whether it waits to sync', () => {
    const row = testRow('contact', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' }, { pending: true })
    const face = rowFace(row, 7, columns, source)
    expect(face.index).toBe(7)
    expect(face.cells).toEqual(columns.map((column) => cellText(row, column, { userName: () => undefined })))
    expect(face.cells).toContain('ada@example.com')
    expect(face.href).toBe(`#/demo/contacts/${row.id}`)
    expect(face.pending).toBe(true)
  })

  test('a node that showed nothing yet writes every part', () => {
    const face = rowFace(testRow('contact', { firstName: 'Ada' }), 0, columns, source)
    expect(faceChanges(null, face)).toEqual({ index: true, cells: columns.map((_, c) => c), href: true, pending: true })
  })

  test('a slot moving to another row writes its place and the cells whose text differs, not the equal ones', () => {
    const a = rowFace(testRow('contact', { firstName: 'Ada', lastName: 'Smith', email: 'a@x.test' }), 3, columns, source)
    const b = rowFace(testRow('contact', { firstName: 'Bob', lastName: 'Smith', email: 'b@x.test' }), 13, columns, source)
    const changed = faceChanges(a, b)
    expect(changed.index).toBe(true)
    expect(changed.href).toBe(true)
    expect(changed.pending).toBe(false)
    expect(changed.cells.map((c) => columns[c]!.key)).toEqual(columns.filter((_, c) => a.cells[c] !== b.cells[c]).map((column) => column.key))
    expect(changed.cells.map((c) => columns[c]!.key)).not.toContain('lastName')
    expect(changed.cells.map((c) => columns[c]!.key)).toContain('email')
  })

  test('a live edit of the shown row writes only the edited cell and the pending mark', () => {
    const row = testRow('contact', { firstName: 'Ada', lastName: 'Smith', email: 'a@x.test' })
    const before = rowFace(row, 5, columns, source)
    const after = rowFace({ ...row, fields: { ...row.fields, email: 'ada@x.test' }, pending: true }, 5, columns, source)
    expect(faceChanges(before, after)).toEqual({ index: false, cells: [columns.findIndex((c) => c.key === 'email')], href: false, pending: true })
  })
})
