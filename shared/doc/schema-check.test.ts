import * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { ERROR } from '../errors'
import { uuidv7 } from '../ids'
import { accountPlan } from '../records/account-plan'
import { extraRoots } from '../schema/record-type'
import { projectValues } from '../schema/projection'
import { validateValues } from '../schema/validate'
import { summarizeTransaction, type ChangeSummary } from './change-summary'
import { createRecordDoc, readKeyedItems, readRecord, removeKeyedItem, replaceKeyedItems, writeFields, writeKeyedItem } from './record-doc'
import { checkChange } from './schema-check'
import { makeRecordUndo } from './undo'

/** Applies what `edit` does on a client copy to a shadow copy, as the server does, and checks it. */
function checkEdit(shadow: Y.Doc, edit: (doc: Y.Doc) => void, byServer = false) {
  const client = createRecordDoc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(shadow))
  const before = Y.encodeStateVector(client)
  edit(client)
  let change: ChangeSummary | null = null
  const listen = (tr: Y.Transaction) => { change = summarizeTransaction(tr) }
  shadow.on('afterTransaction', listen)
  Y.applyUpdate(shadow, Y.encodeStateAsUpdate(client, before))
  shadow.off('afterTransaction', listen)
  return checkChange(accountPlan, change!, shadow, byServer)
}

function planDoc(): Y.Doc {
  const doc = createRecordDoc(1)
  writeFields(doc, { name: 'Contoso plan', accountId: uuidv7() })
  return doc
}

describe('keyed items in the document', () => {
  test('items two people add at once both stay, and edits of different fields of one item both keep', () => {
    const a = createRecordDoc(1)
    const b = createRecordDoc(2)
    const shared = uuidv7()
    writeKeyedItem(a, 'goals', shared, { text: 'Renew' })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const [ga, gb] = [uuidv7(), uuidv7()]
    writeKeyedItem(a, 'goals', ga, { text: 'Expand to EMEA' })
    writeKeyedItem(b, 'goals', gb, { text: 'Upsell support' })
    writeKeyedItem(a, 'goals', shared, { text: 'Renew for 3 years' })
    writeKeyedItem(b, 'goals', shared, { done: true })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
    expect(readKeyedItems(a, 'goals')).toEqual(readKeyedItems(b, 'goals'))
    expect(readKeyedItems(a, 'goals')).toEqual({
      [shared]: { text: 'Renew for 3 years', done: true }, [ga]: { text: 'Expand to EMEA' }, [gb]: { text: 'Upsell support' },
    })
  })

  test('undefined removes an item field, removeKeyedItem the item, and replaceKeyedItems leaves exactly what it is given', () => {
    const doc = createRecordDoc(1)
    const [x, y] = [uuidv7(), uuidv7()]
    writeKeyedItem(doc, 'risks', x, { text: 'Budget cut', level: 'high' })
    writeKeyedItem(doc, 'risks', x, { level: undefined })
    expect(readKeyedItems(doc, 'risks')).toEqual({ [x]: { text: 'Budget cut' } })
    removeKeyedItem(doc, 'risks', x)
    expect(readKeyedItems(doc, 'risks')).toEqual({})
    writeKeyedItem(doc, 'risks', x, { text: 'Old', mitigation: 'Talk' })
    replaceKeyedItems(doc, 'risks', { [x]: { text: 'New' }, [y]: { text: 'Other', level: 'low' } })
    expect(readKeyedItems(doc, 'risks')).toEqual({ [x]: { text: 'New' }, [y]: { text: 'Other', level: 'low' } })
  })

  test('undo over an items root takes back my added item and my edit of a field, not a colleague\'s item', () => {
    const mine = Symbol('mine')
    const a = createRecordDoc(1)
    const b = createRecordDoc(2)
    const undo = makeRecordUndo(a, { sets: ['goals'] }, mine, 0)
    const [g1, g2] = [uuidv7(), uuidv7()]
    writeKeyedItem(a, 'goals', g1, { text: 'Renew' }, mine)
    writeKeyedItem(b, 'goals', g2, { text: 'Expand' })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    writeKeyedItem(a, 'goals', g1, { done: true }, mine)
    undo.undo()
    expect(readKeyedItems(a, 'goals')).toEqual({ [g1]: { text: 'Renew' }, [g2]: { text: 'Expand' } })
    undo.undo()
    expect(readKeyedItems(a, 'goals')).toEqual({ [g2]: { text: 'Expand' } })
    undo.destroy()
  })

  test('readRecord and the projection read items as plain JSON, and item references become the record\'s refs', () => {
    const doc = planDoc()
    const contactId = uuidv7()
    const item = uuidv7()
    writeKeyedItem(doc, 'stakeholders', item, { contactId, influence: 'high', stance: 'champion' })
    const values = readRecord(doc, extraRoots(accountPlan))
    expect(values.stakeholders).toEqual({ [item]: { contactId, influence: 'high', stance: 'champion' } })
    expect(JSON.parse(JSON.stringify(values))).toEqual(values)
    const projected = projectValues(accountPlan, uuidv7(), values)
    expect(projected.refs).toContain(contactId)
    expect(projected.accountId).toBe(values.accountId)
  })
})

describe('the schema check of keyed items', () => {
  test('a valid new item and an edit of one field of an item are accepted', () => {
    const doc = planDoc()
    const id = uuidv7()
    expect(checkEdit(doc, (d) => writeKeyedItem(d, 'actions', id, { text: 'Call CFO', dueDate: '2026-12-01' }))).toBeNull()
    expect(checkEdit(doc, (d) => writeKeyedItem(d, 'actions', id, { dueDate: '2026-12-02' }))).toBeNull()
    expect(readKeyedItems(doc, 'actions')[id]).toEqual({ text: 'Call CFO', dueDate: '2026-12-02' })
  })

  test('an unknown sub-field, a bad enum, a bad date in an existing item, a missing required field are refused by name', () => {
    const doc = planDoc()
    const id = uuidv7()
    checkEdit(doc, (d) => writeKeyedItem(d, 'stakeholders', id, { contactId: uuidv7() }))
    expect(checkEdit(planDoc(), (d) => writeKeyedItem(d, 'goals', uuidv7(), { text: 'x', colour: 'red' })))
      .toMatchObject({ code: ERROR.UNKNOWN_FIELD, field: 'goals.colour', message: 'Goals items have no field "colour"' })
    expect(checkEdit(planDoc(), (d) => writeKeyedItem(d, 'stakeholders', uuidv7(), { contactId: uuidv7(), stance: 'enemy' })))
      .toMatchObject({ code: ERROR.INVALID_VALUE, field: 'stakeholders.stance' })
    expect(checkEdit(doc, (d) => writeKeyedItem(d, 'stakeholders', id, { influence: 'huge' })))
      .toMatchObject({ code: ERROR.INVALID_VALUE, field: 'stakeholders.influence' })
    expect(checkEdit(planDoc(), (d) => writeKeyedItem(d, 'actions', uuidv7(), { dueDate: 'tomorrow', text: 'a' })))
      .toMatchObject({ code: ERROR.INVALID_VALUE, field: 'actions.dueDate', message: 'Action items: Due must be a date (YYYY-MM-DD)' })
    expect(checkEdit(planDoc(), (d) => writeKeyedItem(d, 'risks', uuidv7(), { level: 'low' })))
      .toMatchObject({ code: ERROR.REQUIRED_FIELD, field: 'risks.text' })
    const other = planDoc() // the shadow keeps a refused change in this test (the room rebuilds it)
    checkEdit(other, (d) => writeKeyedItem(d, 'stakeholders', id, { contactId: uuidv7() }))
    expect(checkEdit(other, (d) => writeKeyedItem(d, 'stakeholders', id, { contactId: undefined })))
      .toMatchObject({ code: ERROR.REQUIRED_FIELD, field: 'stakeholders.contactId' })
  })

  test('an item that is not a map, an id that is not a UUID, a nested type inside an item, and an unknown root are refused', () => {
    expect(checkEdit(planDoc(), (d) => d.getMap('goals').set(uuidv7(), 'just text')))
      .toMatchObject({ code: ERROR.INVALID_VALUE, field: 'goals' })
    expect(checkEdit(planDoc(), (d) => writeKeyedItem(d, 'goals', 'goal-1', { text: 'x' })))
      .toMatchObject({ code: ERROR.INVALID_VALUE, message: 'Goals: "goal-1" is not an item id' })
    const doc = planDoc()
    const id = uuidv7()
    checkEdit(doc, (d) => writeKeyedItem(d, 'goals', id, { text: 'x' }))
    expect(checkEdit(doc, (d) => (d.getMap('goals').get(id) as Y.Map<unknown>).set('text', new Y.Text('nested'))))
      .toMatchObject({ code: ERROR.INVALID_VALUE, field: 'goals.text' })
    expect(checkEdit(planDoc(), (d) => d.getMap('wishes').set(uuidv7(), new Y.Map())))
      .toMatchObject({ code: ERROR.UNKNOWN_ROOT, field: 'wishes' })
    expect(checkEdit(planDoc(), (d) => d.getArray('goals').insert(0, [1])))
      .toMatchObject({ code: ERROR.UNKNOWN_ROOT, field: 'goals' })
  })

  test('removing an item is accepted, and an items value in the fields map is refused', () => {
    const doc = planDoc()
    const id = uuidv7()
    checkEdit(doc, (d) => writeKeyedItem(d, 'goals', id, { text: 'x' }))
    expect(checkEdit(doc, (d) => removeKeyedItem(d, 'goals', id))).toBeNull()
    expect(checkEdit(planDoc(), (d) => writeFields(d, { goals: 'x' }))).toMatchObject({ code: ERROR.UNKNOWN_FIELD, field: 'goals' })
  })
})

describe('validating items given as plain values (REST)', () => {
  test('items by UUID with valid fields pass; each kind of mistake is named', () => {
    const accountId = uuidv7()
    const ok = { name: 'Plan', accountId, goals: { [uuidv7()]: { text: 'Renew', done: false } } }
    expect(validateValues(accountPlan, ok, { partial: false })).toEqual({})
    expect(validateValues(accountPlan, { goals: ['Renew'] }, { partial: true })).toEqual({ goals: 'Goals must be an object of items by id' })
    expect(validateValues(accountPlan, { goals: { x: { text: 'a' } } }, { partial: true }).goals).toContain('"x" is not an item id')
    expect(validateValues(accountPlan, { goals: { [uuidv7()]: { text: 'a', colour: 1 } } }, { partial: true }).goals).toContain('no field "colour"')
    expect(validateValues(accountPlan, { goals: { [uuidv7()]: { done: true } } }, { partial: true }).goals).toContain('Goal is required')
    expect(validateValues(accountPlan, { name: 'Plan' }, { partial: false })).toEqual({ accountId: 'Account is required' })
  })
})

describe('values that lose a concurrent write', () => {
  /** A plan on the server that a colleague (client 100) renamed, and a writer (client 50) who did not see it. */
  function concurrentRename(losing: unknown) {
    const shadow = planDoc()
    const base = Y.encodeStateAsUpdate(shadow)
    const colleague = createRecordDoc(100)
    Y.applyUpdate(colleague, base)
    writeFields(colleague, { name: 'Contoso plan 2027' })
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(colleague, Y.encodeStateVector(shadow)))
    const writer = createRecordDoc(50)
    Y.applyUpdate(writer, base)
    const before = Y.encodeStateVector(writer)
    writer.getMap('fields').set('name', losing)
    let change: ChangeSummary | null = null
    const listen = (tr: Y.Transaction) => { change = summarizeTransaction(tr) }
    shadow.on('afterTransaction', listen)
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(writer, before))
    shadow.off('afterTransaction', listen)
    return { change: change! as ChangeSummary, shadow }
  }

  test('a losing value is checked like a winning one: it stays in the stored update and in history', () => {
    const { change, shadow } = concurrentRename('Bad\u0000name')
    expect(readRecord(shadow, {}).name).toBe('Contoso plan 2027') // the colleague's value won
    expect(change.lost).toEqual([{ field: 'name', value: 'Bad\u0000name', client: 50, incoming: true }])
    expect(checkChange(accountPlan, change, shadow, false)).toMatchObject({ code: ERROR.INVALID_VALUE, field: 'name', message: expect.stringContaining('NUL') })
  })

  test('a good losing value passes, and so does an empty one of a required field (the field keeps its winner)', () => {
    expect(checkChange(accountPlan, concurrentRename('Contoso plan (renewal)').change, concurrentRename('x').shadow, false)).toBeNull()
    const { change, shadow } = concurrentRename(null)
    expect(change.lost).toHaveLength(1)
    expect(checkChange(accountPlan, change, shadow, false)).toBeNull()
  })
})
