import { expect, test } from 'vitest'
import { account } from '../../../shared/records/account'
import { loadColumnKeys, saveColumnKeys, toggledColumn, type KeyValueStorage } from './column-prefs'
import { defaultColumnKeys } from './list-columns'

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => { map.set(k, v) } }
}

test('columns chosen by one user for one type come back for that user and type only', () => {
  const storage = memoryStorage()
  saveColumnKeys(storage, 'u1', account, ['name', 'employees'])
  expect(loadColumnKeys(storage, 'u1', account)).toEqual(['name', 'employees'])
  expect(loadColumnKeys(storage, 'u2', account)).toEqual(defaultColumnKeys(account))
})

test('a saved column the schema no longer lists is dropped; a damaged or empty entry gives the defaults', () => {
  const storage = memoryStorage()
  storage.setItem('tandem.columns.u1.account', JSON.stringify(['name', 'gone', 'name']))
  expect(loadColumnKeys(storage, 'u1', account)).toEqual(['name'])
  storage.setItem('tandem.columns.u1.account', '{not json')
  expect(loadColumnKeys(storage, 'u1', account)).toEqual(defaultColumnKeys(account))
  storage.setItem('tandem.columns.u1.account', JSON.stringify(['gone']))
  expect(loadColumnKeys(storage, 'u1', account)).toEqual(defaultColumnKeys(account))
})

test('toggling adds a column in schema order after the chosen ones, removes one, and never removes the last', () => {
  expect(toggledColumn(account, ['name'], 'employees')).toEqual(['name', 'employees'])
  expect(toggledColumn(account, ['name', 'employees'], 'name')).toEqual(['employees'])
  expect(toggledColumn(account, ['name'], 'name')).toEqual(['name'])
})
