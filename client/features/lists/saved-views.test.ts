import { expect, test } from 'vitest'
import { uuidv7 } from '../../../shared/ids'
import { contact } from '../../../shared/records/contact'
import { savedView } from '../../../shared/records/saved-view'
import { validateValues } from '../../../shared/schema/validate'
import { viewState, viewValues, type ViewState } from './saved-views'

const state: ViewState = {
  query: ' mckay ',
  filters: [{ key: 'jobTitle', op: 'contains', value: 'purchasing' }, { key: 'email', op: 'not-empty', value: '' }, { key: 'city', op: 'contains', value: '' }],
  sort: { key: 'lastName', direction: 'desc' },
  columns: ['lastName', 'firstName', 'email'],
}

test('a list\'s state saved as a view passes the schema and comes back the same, less unfinished filters', () => {
  const values = viewValues(contact, ' Purchasing people ', state, uuidv7())
  expect(validateValues(savedView, values, { partial: false })).toEqual({})
  expect(values.name).toBe('Purchasing people')
  expect(Object.keys(values.filters as object)).toHaveLength(2)
  expect(viewState(contact, values)).toEqual({ ...state, query: 'mckay', filters: state.filters.slice(0, 2) })
})

test('applying a view keeps only filters, sort and columns on the type\'s list columns', () => {
  const values = {
    recordType: 'contact', search: 'x', sortKey: 'shoeSize', sortDirection: 'asc', columns: 'lastName,shoeSize,lastName',
    filters: { [uuidv7()]: { key: 'shoeSize', op: 'is', value: '42' }, [uuidv7()]: { key: 'email', op: 'sounds-like', value: 'a' }, [uuidv7()]: { key: 'city', op: 'is', value: 'Oslo' } },
  }
  expect(viewState(contact, values)).toEqual({ query: 'x', filters: [{ key: 'city', op: 'is', value: 'Oslo' }], sort: null, columns: ['lastName'] })
})

test('a view without a name is refused by field before anything is written', () => {
  expect(validateValues(savedView, viewValues(contact, '  ', state, 'not-a-user-id'), { partial: false })).toEqual({ name: 'Name is required' })
})
