import 'fake-indexeddb/auto'
import { expect, test } from 'vitest'
import { createRecordDoc, writeFields } from '../../shared/doc/record-doc'
import type { CatalogRow } from '../../shared/protocol/catalog'
import { LocalCatalog } from './catalog'
import { openCatalogStore, type CatalogStore } from './catalog-store'
import { newNamespace } from './testing/harness'

const row = (n: number, type = 'contact'): CatalogRow => {
  const id = `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`
  const title = `Person ${String(n).padStart(4, '0')}`
  return {
    id, type, docName: `demo/${type}/${id}`, title, fields: { firstName: 'Person', lastName: String(n).padStart(4, '0') }, refTitles: {},
    deleted: false, version: 1, changeSeq: n, updatedAt: '2026-11-22T10:00:00.000Z', updatedBy: 'user:ada', ownerId: null, accountId: null,
  }
}

/** A kept catalog of `count` contacts and a few accounts, and a store whose pages after the first wait for `release`. */
async function keptCatalog(count: number) {
  const namespace = newNamespace()
  const stored = openCatalogStore(namespace)
  const rows = Array.from({ length: count }, (_, i) => row(i + 1))
  const accounts = [row(90_001, 'account'), row(90_002, 'account')]
  await stored.save('demo', { entries: [...rows, ...accounts].map((r) => [r.id, { docName: r.docName, server: r, local: null }]), seq: count + 2 })
  let release: () => void = () => {}
  const released = new Promise<void>((resolve) => { release = resolve })
  let pagesRead = 0
  const store: CatalogStore = {
    ...stored,
    async loadPage(...args) {
      if (pagesRead++ > 0) await released
      return stored.loadPage(...args)
    },
  }
  const catalog = new LocalCatalog({
    namespace, workspaceId: 'demo', serverUrl: 'http://server.test', store,
    fetch: () => Promise.reject(new Error('offline')), waitingDocuments: () => [], hasWaiting: () => false,
  })
  return { catalog, rows, accounts, release }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
  expect(check()).toBe(true)
}

test('a watched list shows its first rows, in order, before the rest of the kept catalog is read', async () => {
  const { catalog, rows, release } = await keptCatalog(1200)
  const contacts = catalog.watch({ type: 'contact' })
  const loaded = catalog.load()
  await until(() => contacts.get().length > 0)
  const first = contacts.get()
  expect(catalog.fullyLoaded.get()).toBe(false)
  expect(first.length).toBeLessThan(rows.length)
  expect(first.map((r) => r.id)).toEqual(rows.slice(0, first.length).map((r) => r.id))

  release()
  await loaded
  expect(catalog.fullyLoaded.get()).toBe(true)
  expect(contacts.get().map((r) => r.id)).toEqual(rows.map((r) => r.id))
  expect(catalog.list({ type: 'account' })).toHaveLength(2)
})

test('an edit made here shows at once while the catalog is still being read, over the server\'s row it had, and the read does not undo it', async () => {
  const { catalog, rows, release } = await keptCatalog(1200)
  const contacts = catalog.watch({ type: 'contact' })
  const loaded = catalog.load()
  await until(() => contacts.get().length > 0)
  // A row far down the list, not read yet: renamed to sort first.
  const far = rows[1100]!
  const doc = createRecordDoc()
  writeFields(doc, { firstName: 'Aaron', lastName: 'Early' })
  catalog.localChange(far.docName, doc)
  await until(() => contacts.get()[0]?.id === far.id)
  expect(contacts.get()[0]).toMatchObject({ title: 'Aaron Early', pending: true, version: far.version, changeSeq: far.changeSeq })

  release()
  await loaded
  await catalog.whenSaved()
  const all = contacts.get()
  expect(all).toHaveLength(rows.length)
  expect(all[0]).toMatchObject({ id: far.id, title: 'Aaron Early', pending: true })
  expect(all.filter((r) => r.id === far.id)).toHaveLength(1)
})
