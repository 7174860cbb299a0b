import { expect, test } from 'vitest'
import { serviceCase } from '../../../shared/records/case'
import { newRecordQuery, newRecordSearch } from './new-record'

const ACCOUNT = '01890000-0000-7000-8000-000000000001'

test('a new case opened from an account takes the customer from the address, and nothing the schema refuses', () => {
  const hash = `#/demo/cases/01890000-0000-7000-8000-0000000000aa${newRecordSearch({ customerType: 'account', customerId: ACCOUNT })}&status=resolved&priority=soon&caseType=problem`
  expect(newRecordQuery(hash, serviceCase)).toEqual({ isNew: true, prefill: { customerType: 'account', customerId: ACCOUNT, caseType: 'problem' } })
})

test('an address without new=1 is an existing record, with nothing to prefill', () => {
  expect(newRecordQuery('#/demo/cases/01890000-0000-7000-8000-0000000000aa', serviceCase)).toEqual({ isNew: false, prefill: {} })
})
