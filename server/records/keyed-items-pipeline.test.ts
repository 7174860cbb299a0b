/**
 * Keyed items (an account plan's goals, stakeholders, risks, action items) through the real room:
 * concurrent additions all commit, an item's field edit is projected and in the field's history,
 * and an item the schema does not allow is refused by name, not stored, and never seen by others.
 */
import { expect, test } from 'vitest'
import { readKeyedItems, writeFields, writeKeyedItem } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import { connectClient, settle } from '../testing/room-clients'
import { roomTestBed } from '../testing/room-test-bed'

/** This file's storage, and fresh services over it for each test. */
const bed = roomTestBed()

const open = (name: string, clientId: number, actor = 'user:ada') => connectClient(bed.services, name, clientId, actor)

test('goals two people add at once both commit, an item\'s field edit is projected, and the history has the items before and after', async () => {
  const id = uuidv7()
  const name = `demo/account-plan/${id}`
  const ada = await open(name, 41)
  const bob = await open(name, 42, 'user:bob')
  const accountId = uuidv7()
  writeFields(ada.doc, { name: 'Contoso plan', accountId })
  await settle(bed.services, [ada, bob])
  const [a, b] = [uuidv7(), uuidv7()]
  writeKeyedItem(ada.doc, 'goals', a, { text: 'Renew' })
  writeKeyedItem(bob.doc, 'goals', b, { text: 'Expand' })
  await settle(bed.services, [ada, bob])
  // Someone else ticks one goal done: an edit inside an item, not of the root's keys.
  const cy = await open(name, 43, 'user:cy')
  writeKeyedItem(cy.doc, 'goals', a, { done: true })
  await settle(bed.services, [ada, bob, cy])
  const expected = { [a]: { text: 'Renew', done: true }, [b]: { text: 'Expand' } }
  expect(readKeyedItems(ada.doc, 'goals')).toEqual(expected)
  expect(readKeyedItems(bob.doc, 'goals')).toEqual(expected)
  const [row] = await bed.storage.db.query<{ data: Record<string, unknown>; account_id: string }>('select data, account_id from records where id = $1', [id])
  expect(row?.data.goals).toEqual(expected)
  expect(row?.account_id).toBe(accountId)
  const history = await bed.storage.db.query<{ old: unknown; new: unknown; actor: string }>(
    "select old, new, actor from field_history where record_id = $1 and field = 'goals' and actor = 'user:cy' order by at", [id])
  expect(history.at(-1)).toEqual({ old: { [a]: { text: 'Renew' }, [b]: { text: 'Expand' } }, new: expected, actor: 'user:cy' })
})

test('an item with an unknown field or a bad stance is refused by name, not stored, and not seen by the other editor', async () => {
  const id = uuidv7()
  const name = `demo/account-plan/${id}`
  const bob = await open(name, 51, 'user:bob')
  writeFields(bob.doc, { name: 'Plan', accountId: uuidv7() })
  await settle(bed.services, [bob])
  let clientId = 60
  const refused: Array<[string, string | undefined]> = []
  for (const [root, item] of [['goals', { text: 'x', colour: 'red' }], ['stakeholders', { contactId: uuidv7(), stance: 'enemy' }], ['risks', { level: 'low' }]] as const) {
    const ada = await open(name, clientId++)
    writeKeyedItem(ada.doc, root, uuidv7(), item)
    await settle(bed.services, [ada, bob])
    refused.push([ada.refusals[0]!.code, ada.refusals[0]?.details?.field as string | undefined])
  }
  expect(refused).toEqual([['UNKNOWN_FIELD', 'goals.colour'], ['INVALID_VALUE', 'stakeholders.stance'], ['REQUIRED_FIELD', 'risks.text']])
  for (const root of ['goals', 'stakeholders', 'risks']) expect(readKeyedItems(bob.doc, root)).toEqual({})
  const [row] = await bed.storage.db.query<{ data: Record<string, unknown> }>('select data from records where id = $1', [id])
  expect(row?.data).toEqual({ name: 'Plan', accountId: expect.any(String) })
})
