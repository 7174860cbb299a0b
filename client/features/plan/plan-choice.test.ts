import { expect, test } from 'vitest'
import { uuidv7 } from '../../../shared/ids'
import { pickPlan, plansOfAccount } from './plan-choice'

test('of two plans made for one account at once, every device picks the older, whatever order it saw them in', () => {
  const account = uuidv7()
  const older = uuidv7(Date.parse('2026-11-20T10:00:00Z'))
  const newer = uuidv7(Date.parse('2026-11-20T10:00:01Z'))
  const other = { id: uuidv7(Date.parse('2026-11-19T10:00:00Z')), accountId: uuidv7() }
  expect(pickPlan([{ id: newer, accountId: account }, other, { id: older, accountId: account }], account)).toBe(older)
  expect(pickPlan([{ id: older, accountId: account }, { id: newer, accountId: account }, other], account)).toBe(older)
  expect(plansOfAccount([{ id: newer, accountId: account }, { id: older, accountId: account }, { id: older, accountId: account }], account)).toEqual([older, newer])
})

test('an account with no live plan has none to pick: a deleted plan does not count', () => {
  const account = uuidv7()
  expect(pickPlan([], account)).toBeNull()
  expect(pickPlan([{ id: uuidv7(), accountId: account, deleted: true }], account)).toBeNull()
})
