import { afterAll, expect, test } from 'vitest'
import type { StoredUpdate } from './document-store'
import { openMigratedPglite } from '../testing/migrated-pglite'
import { recordWrites } from './record-writes'
import type { SqlDatabase } from './sql'

const db: Promise<SqlDatabase> = openMigratedPglite()
afterAll(async () => (await db).close())

/** A record update whose search text is `words`. */
function edit(id: string, words: string): StoredUpdate {
  return {
    doc: `demo/account/${id}`, update: new Uint8Array(), actor: 'user:ann', clientId: null,
    record: {
      project: () => ({
        workspaceId: 'demo', type: 'account', id, data: { name: words }, title: words, searchText: words.toLowerCase(),
        searchBody: words, ownerId: null, accountId: id, refs: [], deleted: false,
      }),
      history: [], linksChanged: false, searchChanged: true,
    },
  }
}

/** Pages the pending list of a search index held (the call merges them, so a second says 0). */
async function pendingPages(sql: SqlDatabase, index: string): Promise<number> {
  const [row] = await sql.query<{ pages: string | number }>('select gin_clean_pending_list($1::regclass) as pages', [index])
  return Number(row!.pages)
}

test('a batch that rewrites search rows leaves no pending entries in the search indexes, and searches find its words', async () => {
  const sql = await db
  const ids = Array.from({ length: 40 }, (_, i) => `0199bbbb-0000-7000-8000-${String(i).padStart(12, '0')}`)
  // A write that is not a batch's leaves its entries pending (what the merge is there for).
  await sql.query(`insert into record_search (workspace_id, id, search_text, search) values ('demo', 'loose', 'zephyr quartz', to_tsvector('simple', 'zephyr'))`)
  expect(await pendingPages(sql, 'record_search_text')).toBeGreaterThan(0)

  await sql.insertRows(recordWrites(ids.map((id, i) => edit(id, `Northwind Traders ${i} harbour${i}@example.com`))))
  for (const index of ['record_search_text', 'record_search_tsv', 'record_search_keys']) {
    expect(await pendingPages(sql, index)).toBe(0)
  }
  const found = await sql.query<{ id: string }>(`select id from record_search where search_text like '%harbour17@%'`)
  expect(found.map((r) => r.id)).toEqual([ids[17]])
})
