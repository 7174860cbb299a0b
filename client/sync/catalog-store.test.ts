import 'fake-indexeddb/auto'
import { createStore, set } from 'idb-keyval'
import { expect, test } from 'vitest'
import type { CatalogRow } from '../../shared/protocol/catalog'
import { catalogDatabaseName, openCatalogStore, wipeCatalog } from './catalog-store'
import { newNamespace } from './testing/harness'

const row = (id: string, changeSeq: number): CatalogRow => ({
  id, type: 'account', docName: `demo/account/${id}`, title: `Account ${id}`, fields: { name: `Account ${id}` }, refTitles: {},
  deleted: false, version: 1, changeSeq, updatedAt: '2026-11-22T10:00:00.000Z', updatedBy: 'user:ada', ownerId: null, accountId: id,
})

test('reads back rows, local edits, stale marks and the sequence of one workspace, apart from another\'s', async () => {
  const namespace = newNamespace()
  const store = openCatalogStore(namespace)
  const local = { title: 'Mine', fields: { name: 'Mine' }, deleted: false, ownerId: null, accountId: 'b', refTitles: {}, at: 1 }
  await store.save('demo', { entries: [['a', { docName: 'demo/account/a', server: row('a', 3), local: null }], ['b', { docName: 'demo/account/b', server: null, local }]], stale: ['demo/account/a'], seq: 7 })
  await store.save('other', { entries: [['c', { docName: 'other/account/c', server: { ...row('c', 1), docName: 'other/account/c' }, local: null }]], seq: 1 })

  const loaded = await store.load('demo')
  expect(loaded.seq).toBe(7)
  expect([...loaded.entries.keys()].sort()).toEqual(['a', 'b'])
  expect(loaded.entries.get('a')?.server).toEqual(row('a', 3))
  expect(loaded.entries.get('b')).toEqual({ docName: 'demo/account/b', server: null, local })
  expect([...loaded.stale]).toEqual(['demo/account/a'])

  await store.clearStale('demo', ['demo/account/a'])
  await store.reset('other')
  expect((await store.load('demo')).stale.size).toBe(0)
  expect(await store.load('other')).toEqual({ seq: 0, entries: new Map(), stale: new Set(), damaged: 0 })
  await wipeCatalog(namespace)
  expect((await store.load('demo')).entries.size).toBe(0)
})

test('drops a damaged entry and starts the sequence from 0, so a pull brings everything again', async () => {
  const namespace = newNamespace()
  const store = openCatalogStore(namespace)
  await store.save('demo', { entries: [['a', { docName: 'demo/account/a', server: row('a', 3), local: null }]], seq: 9 })
  const raw = createStore(catalogDatabaseName(namespace), 'catalog')
  await set(['row', 'demo', 'b'], { v: 1, docName: 'demo/account/b', server: { ...row('b', 4), changeSeq: 'four' }, local: null }, raw)
  await set(['row', 'demo', 'c'], 'not an entry', raw)

  const loaded = await store.load('demo')
  expect(loaded.damaged).toBe(2)
  expect(loaded.seq).toBe(0)
  expect([...loaded.entries.keys()]).toEqual(['a'])
})
