import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { createRecordDoc, writeFields } from './record-doc'
import { observeLostWrites, type LostWrite } from './lost-writes'

function exchange(a: Y.Doc, b: Y.Doc) {
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
  Y.applyUpdate(b, fromA, 'remote')
  Y.applyUpdate(a, fromB, 'remote')
}

function watched(clientId: number) {
  const doc = createRecordDoc(clientId)
  const lost: LostWrite[] = []
  observeLostWrites(doc, (l) => lost.push(l))
  return { doc, lost }
}

describe('lost writes', () => {
  test('when two offline edits of one field meet, the loser is told both values and the winner nothing', () => {
    const a = watched(1)
    const b = watched(2)
    writeFields(a.doc, { name: 'Base' })
    exchange(a.doc, b.doc)
    writeFields(a.doc, { name: 'Mine' })
    writeFields(b.doc, { name: 'Theirs' })
    exchange(a.doc, b.doc)
    expect(a.doc.getMap('fields').get('name')).toBe(b.doc.getMap('fields').get('name'))
    const winner = a.doc.getMap('fields').get('name')
    const [loser, other] = winner === 'Theirs' ? [a, b] : [b, a]
    expect(loser.lost).toEqual([{ field: 'name', mine: loser === a ? 'Mine' : 'Theirs', theirs: winner, by: other.doc.clientID }])
    expect(other.lost).toEqual([])
  })

  test('a colleague who changes my value after seeing it is no conflict', () => {
    const a = watched(1)
    const b = watched(2)
    writeFields(a.doc, { name: 'Mine' })
    exchange(a.doc, b.doc)
    writeFields(b.doc, { name: 'Later' })
    exchange(a.doc, b.doc)
    expect(a.doc.getMap('fields').get('name')).toBe('Later')
    expect(a.lost).toEqual([])
  })

  test('concurrent edits of different fields lose nothing', () => {
    const a = watched(5)
    const b = watched(9)
    writeFields(a.doc, { name: 'A' })
    writeFields(b.doc, { phone: '+1 425 555 0100' })
    exchange(a.doc, b.doc)
    expect(a.lost).toEqual([])
    expect(b.lost).toEqual([])
  })

  test('a concurrent first write of a field that I had written too counts as lost (no earlier value)', () => {
    const a = watched(1)
    const b = watched(2)
    writeFields(a.doc, { industry: 'Retail' })
    writeFields(b.doc, { industry: 'Energy' })
    exchange(a.doc, b.doc)
    expect(a.lost).toEqual([{ field: 'industry', mine: 'Retail', theirs: 'Energy', by: 2 }])
    expect(b.lost).toEqual([])
  })
})
