/**
 * Account plans through the REST API: keyed items (goals, action items) are created, read back as
 * plain JSON, replaced by a PATCH item by item, listed by account, and refused by field when wrong.
 */
import { expect, test } from 'vitest'
import { uuidv7 } from '../../../shared/ids'
import { recordApiBed } from '../../testing/record-api-bed'

/** This file's server, and a workspace of its own owned by Olivia Owner. */
const bed = recordApiBed('Plans Co', () => ({ logLevel: 'error' }))

const api = (method: string, path: string, json?: unknown) => bed.call(bed.owner, method, path, json)

test('a plan with goals and action items round-trips, a PATCH replaces its items, and the account\'s plans list finds it', async () => {
  const account = await api('POST', '/accounts', { name: 'Contoso' })
  const [g1, g2, a1] = [uuidv7(), uuidv7(), uuidv7()]
  const created = await api('POST', '/account-plans', {
    name: 'Contoso plan', accountId: account.json.id, notes: 'Renewal in January.',
    goals: { [g1]: { text: 'Renew', done: false }, [g2]: { text: 'Expand' } },
    actions: { [a1]: { text: 'Send proposal', dueDate: '2026-12-15' } },
  })
  expect(created.status, created.text).toBe(201)
  const read = await api('GET', `/account-plans/${created.json.id}`)
  expect(read.json.fields).toMatchObject({ goals: { [g1]: { text: 'Renew', done: false }, [g2]: { text: 'Expand' } }, actions: { [a1]: { text: 'Send proposal', dueDate: '2026-12-15' } } })
  const patched = await api('PATCH', `/account-plans/${created.json.id}`, { goals: { [g1]: { text: 'Renew for 3 years', done: true } } })
  expect(patched.status, patched.text).toBe(200)
  expect(patched.json.fields.goals).toEqual({ [g1]: { text: 'Renew for 3 years', done: true } })
  const list = await api('GET', `/account-plans?accountId=${account.json.id}`)
  expect(list.json.items.map((p: { id: string }) => p.id)).toEqual([created.json.id])
})

test('items that do not fit are refused with 400 naming the field, and nothing is made', async () => {
  const accountId = uuidv7()
  const bad = await api('POST', '/account-plans', { name: 'Plan', accountId, goals: { 'goal-1': { text: 'x' } }, risks: { [uuidv7()]: { text: 'y', level: 'dire' } } })
  expect(bad.status).toBe(400)
  expect(Object.keys(bad.json.error.fields).sort()).toEqual(['goals', 'risks'])
  expect(bad.json.error.fields.goals).toContain('"goal-1" is not an item id')
  const list = await api('GET', `/account-plans?accountId=${accountId}`)
  expect(list.json.items).toEqual([])
})
