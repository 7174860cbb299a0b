import 'fake-indexeddb/auto'
import * as prng from 'lib0/prng'
import { expect, test } from 'vitest'
import type * as Y from 'yjs'
import { createRecordDoc, writeFields } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import type { CatalogRow } from '../../shared/protocol/catalog'
import { LocalCatalog } from './catalog'
import { orderKey, type CatalogQuery } from './catalog-view'
import { newNamespace } from './testing/harness'

/** A server that answers every catalog pull with one page of the rows changed since `since`. */
function fakeServer() {
  const rows = new Map<string, CatalogRow>()
  let seq = 0
  const fetch: typeof globalThis.fetch = async (input) => {
    const since = Number(new URL(String(input)).searchParams.get('since'))
    const changed = [...rows.values()].filter((r) => r.changeSeq > since).sort((a, b) => a.changeSeq - b.changeSeq)
    return new Response(JSON.stringify({ rows: changed, next: null, seq }), { status: 200 })
  }
  const write = (id: string, type: string, title: string, deleted: boolean) => {
    const before = rows.get(id)
    rows.set(id, {
      id, type, docName: `demo/${type}/${id}`, title, fields: { name: title }, refTitles: {}, deleted,
      version: (before?.version ?? 0) + 1, changeSeq: ++seq, updatedAt: new Date(0).toISOString(), updatedBy: 'user:ada', ownerId: null, accountId: null,
    })
  }
  return { fetch, write }
}

test('a watched list patched change by change is always the list sorted afresh (seeded; replay with CATALOG_VIEW_SEED)', async () => {
  const seed = Number(process.env.CATALOG_VIEW_SEED ?? Date.now() % 100_000)
  console.log(`catalog view seed ${seed}`)
  const gen = prng.create(seed)
  const server = fakeServer()
  const waiting = new Set<string>()
  const namespace = newNamespace()
  const catalog = new LocalCatalog({
    namespace, workspaceId: 'demo', serverUrl: 'http://server.test', fetch: server.fetch,
    waitingDocuments: () => waiting, hasWaiting: (name) => waiting.has(name),
  })
  await catalog.load()
  const queries: CatalogQuery[] = [{}, { type: 'account' }, { type: 'contact', includeDeleted: true }, { includeDeleted: true }]
  const watched = queries.map((query) => ({ query, list: catalog.watch(query) }))
  const ids: string[] = []
  const docs = new Map<string, Y.Doc>()
  const titles = ['Alpha', 'alpha', 'Beta', 'Gamma 2', 'Gamma 10', 'Élan', 'elan', '', 'Zed']

  for (let step = 0; step < 300; step++) {
    const op = prng.int32(gen, 0, 9)
    if (op < 5 || ids.length === 0) {
      // The server changes or creates some records; the client pulls.
      // Now and then many at once (as a page read from IndexedDB is): merged, not spliced.
      for (let n = prng.int32(gen, 0, 9) === 0 ? prng.int32(gen, 65, 150) : prng.int32(gen, 1, 4); n > 0; n--) {
        const fresh = ids.length === 0 || prng.bool(gen)
        const id = fresh ? uuidv7() : prng.oneOf(gen, ids)
        if (fresh) ids.push(id)
        server.write(id, prng.bool(gen) ? 'account' : 'contact', prng.oneOf(gen, titles), prng.int32(gen, 0, 5) === 0)
      }
      if (prng.bool(gen)) for (const name of [...waiting]) if (prng.bool(gen)) waiting.delete(name)
      await catalog.pull(new Set())
    } else {
      // A local edit of a record (existing or new), shown at once.
      const id = prng.bool(gen) ? prng.oneOf(gen, ids) : uuidv7()
      if (!ids.includes(id)) ids.push(id)
      const name = catalog.get(id)?.docName ?? `demo/account/${id}`
      let doc = docs.get(name)
      if (!doc) docs.set(name, (doc = createRecordDoc()))
      writeFields(doc, { name: prng.oneOf(gen, titles) })
      waiting.add(name)
      catalog.localChange(name, doc)
      await Promise.resolve()
    }
    // Lists are read now and then, so one read may have to catch up with several changes.
    for (const { query, list } of watched) {
      if (prng.int32(gen, 0, 2) === 0) expect(list.get(), `seed ${seed}, step ${step}, ${JSON.stringify(query)}`).toEqual(catalog.list(query))
    }
  }
  for (const { query, list } of watched) expect(list.get(), `seed ${seed}, ${JSON.stringify(query)}`).toEqual(catalog.list(query))

  // Read back from IndexedDB page by page (in the stored order), the lists are the same.
  await catalog.whenSaved()
  const reread = new LocalCatalog({
    namespace, workspaceId: 'demo', serverUrl: 'http://server.test', fetch: server.fetch, waitingDocuments: () => waiting, hasWaiting: (name) => waiting.has(name),
  })
  const rewatched = queries.map((query) => reread.watch(query))
  await reread.load()
  queries.forEach((query, i) => expect(rewatched[i]!.get().map((r) => [r.id, r.title]), `seed ${seed}, reread ${JSON.stringify(query)}`)
    .toEqual(catalog.list(query).map((r) => [r.id, r.title])))
})

test('sorts titles by their folded text, numbers by value, then by id', () => {
  const titles = ['beta', 'Alpha', 'Gamma 10', 'Élan', 'gamma 2', '', 'alpha', 'Gamma 02b', 'Zed']
  const sorted = [...titles].sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : orderKey(a) > orderKey(b) ? 1 : 0))
  expect(sorted).toEqual(['', 'Alpha', 'alpha', 'beta', 'Élan', 'gamma 2', 'Gamma 02b', 'Gamma 10', 'Zed'])
})

test('a watched list is told when its own rows change, not when a row of another type does', async () => {
  const server = fakeServer()
  const catalog = new LocalCatalog({
    namespace: newNamespace(), workspaceId: 'demo', serverUrl: 'http://server.test', fetch: server.fetch, waitingDocuments: () => [], hasWaiting: () => false,
  })
  await catalog.load()
  const contacts = catalog.watch({ type: 'contact' })
  const told: number[] = []
  contacts.subscribe((rows) => told.push(rows.length))
  const [account, contact] = [uuidv7(), uuidv7()]
  server.write(account, 'account', 'Acme', false)
  await catalog.pull(new Set())
  expect(told).toEqual([])
  server.write(contact, 'contact', 'Ada', false)
  await catalog.pull(new Set())
  server.write(account, 'account', 'Acme Ltd', false)
  await catalog.pull(new Set())
  expect(told).toEqual([1])
})
