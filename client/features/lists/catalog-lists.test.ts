import { expect, test } from 'vitest'
import type { CatalogQuery } from '../../sync/catalog'
import { makeObservable } from '../../sync/observable'
import { makeCatalogLists } from './catalog-lists'
import { searchIndex } from './list-search'
import { testRow } from './list-test-rows'

test('one watched list per type is made and shared, so two readers get one array and one search index', () => {
  const queries: CatalogQuery[] = []
  const rows = [testRow('account', { name: 'Contoso' })]
  const lists = makeCatalogLists({ watch: (query = {}) => { queries.push(query); return makeObservable(rows) } })
  const a = lists.of('account')
  expect(lists.of('account')).toBe(a)
  lists.of('contact')
  expect(queries).toEqual([{ type: 'account' }, { type: 'contact' }])
  expect(searchIndex(a.get())).toBe(searchIndex(lists.of('account').get()))
})
