import 'fake-indexeddb/auto'
import { expect, test } from 'vitest'
import type { CatalogRow } from '../../shared/protocol/catalog'
import { catalogDatabaseName, openCatalogDatabase, openCatalogStore, wipeCatalog, type CatalogEntry, type PagePosition } from './catalog-store'
import { compareRows, type CatalogListRow } from './catalog-view'
import { newNamespace } from './testing/harness'

const row = (id: string, changeSeq: number, title = `Account ${id}`, type = 'account'): CatalogRow => ({
  id, type, docName: `demo/${type}/${id}`, title, fields: { name: title }, refTitles: {},
  deleted: false, version: 1, changeSeq, updatedAt: '2026-11-22T10:00:00.000Z', updatedBy: 'user:ada', ownerId: null, accountId: id,
})

const entry = (server: CatalogRow): [string, CatalogEntry] => [server.id, { docName: server.docName, server, local: null }]

/** Runs one request on a store of the catalog database, as another version of the app might have written it. */
async function raw(namespace: string, store: 'rows' | 'catalog', act: (store: IDBObjectStore) => void): Promise<void> {
  const db = await openCatalogDatabase(namespace)
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite')
    act(tx.objectStore(store))
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
  })
  db.close()
}

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
  await raw(namespace, 'rows', (rows) => {
    rows.put({ v: 1, ws: 'demo', id: 'b', type: 'account', order: 'b', docName: 'demo/account/b', server: { ...row('b', 4), changeSeq: 'four' }, local: null })
    rows.put({ v: 1, ws: 'demo', id: 'c', type: 'account', order: 'c', docName: 'demo/account/c', server: 'not a row', local: null })
  })

  const loaded = await store.load('demo')
  expect(loaded.damaged).toBe(2)
  expect(loaded.seq).toBe(0)
  expect([...loaded.entries.keys()]).toEqual(['a'])
})

test('reads one type\'s rows page by page in list order, and lists the types kept', async () => {
  const store = openCatalogStore(newNamespace())
  const titles = ['Zeta', 'alpha', 'Gamma 10', 'Gamma 2', 'Élan', 'elan', '', 'Beta', 'beta', 'Delta']
  const accounts = titles.map((title, i) => row(`a${String(i).padStart(2, '0')}`, i + 1, title))
  await store.save('demo', { entries: [...accounts.map(entry), entry(row('c1', 20, 'Aaron', 'contact'))] })
  await store.save('other', { entries: [entry({ ...row('x1', 1, 'Aardvark'), docName: 'other/account/x1' })] })

  const read: string[] = []
  let after: PagePosition | null = null
  let pages = 0
  do {
    const page = await store.loadPage('demo', 'account', after, 3)
    read.push(...page.entries.map(([id]) => id))
    after = page.next
    pages++
  } while (after !== null)
  const sorted = accounts.map((r) => ({ ...r, pending: false }) as CatalogListRow).sort(compareRows).map((r) => r.id)
  expect(read).toEqual(sorted)
  expect(pages).toBe(Math.floor(titles.length / 3) + 1)
  expect(await store.nextType('demo', null)).toBe('account')
  expect(await store.nextType('demo', 'account')).toBe('contact')
  expect(await store.nextType('demo', 'contact')).toBeNull()
  expect((await store.getEntries('demo', ['c1', 'a03', 'missing'])).size).toBe(2)
})

test('a row is read where its title as shown sorts: a local edit\'s title over the server\'s', async () => {
  const store = openCatalogStore(newNamespace())
  const local = { title: 'Aaa renamed here', fields: { name: 'Aaa renamed here' }, deleted: false, ownerId: null, accountId: null, refTitles: {}, at: 1 }
  await store.save('demo', { entries: [entry(row('a1', 1, 'Mid')), entry(row('a2', 2, 'Zed'))] })
  await store.save('demo', { entries: [['a2', { docName: 'demo/account/a2', server: row('a2', 2, 'Zed'), local }]] })
  const page = await store.loadPage('demo', 'account', null, 10)
  expect(page.entries.map(([id, e]) => [id, e.local?.title ?? e.server?.title])).toEqual([['a2', 'Aaa renamed here'], ['a1', 'Mid']])
})

test('moves the rows of a version 1 catalog into the ordered store when it opens, keeping the sequence and stale marks', async () => {
  const namespace = newNamespace()
  // Version 1: idb-keyval's one store, rows under ['row', workspaceId, id].
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.open(catalogDatabaseName(namespace), 1)
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('catalog')
      store.put({ v: 1, seq: 5 }, ['seq', 'demo'])
      store.put({ v: 1 }, ['stale', 'demo', 'demo/account/b'])
      store.put({ v: 1, docName: 'demo/account/b', server: row('b', 2, 'Bravo'), local: null }, ['row', 'demo', 'b'])
      store.put({ v: 1, docName: 'demo/account/a', server: row('a', 1, 'Alpha'), local: null }, ['row', 'demo', 'a'])
    }
    request.onsuccess = () => { request.result.close(); resolve() }
    request.onerror = () => reject(request.error)
  })
  const loaded = await openCatalogStore(namespace).load('demo')
  expect(loaded.seq).toBe(5)
  expect([...loaded.stale]).toEqual(['demo/account/b'])
  expect((await openCatalogStore(namespace).loadPage('demo', 'account', null, 10)).entries.map(([id]) => id)).toEqual(['a', 'b'])
})
