/**
 * The catalog query's contract, run against PGlite (catalog-query.test.ts) and PostgreSQL
 * (catalog-query.cluster.test.ts): the same SQL must page the same way on both.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { SqlDatabase } from '../storage/sql'
import { catalogPage, type CatalogPosition } from './catalog-query'

const ALL = { sql: 'true', params: [] }

export function describeCatalogQueryContract(backend: string, open: () => Promise<{ db: SqlDatabase; cleanup(): Promise<void> }>): void {
  describe(`catalog query on ${backend}`, () => {
    let db: SqlDatabase
    let cleanup: () => Promise<void>

    beforeAll(async () => {
      ;({ db, cleanup } = await open())
      // Rows written by three commits; the second wrote three rows at one sequence (a batch, or dependents).
      const rows: Array<[string, number, string, boolean]> = [
        ['a1', 1, 'account', false], ['b2', 2, 'contact', false], ['b1', 2, 'contact', true], ['b3', 2, 'case', false], ['c1', 3, 'account', false],
      ]
      for (const [id, seq, type, deleted] of rows) {
        await db.query(`insert into records (workspace_id, id, type, data, title, deleted, change_seq, created_by, updated_by)
          values ('ws-q', $1, $2, $3::jsonb, $4, $5, $6, 'user:ada', 'user:ada')`, [id, type, JSON.stringify({ name: id }), `Title ${id}`, deleted, seq])
      }
      await db.query(`insert into records (workspace_id, id, type, data, change_seq, created_by, updated_by) values ('ws-other', 'x', 'account', '{}', 9, 's', 's')`)
      await db.query(`insert into catalog_counters (workspace_id, seq) values ('ws-q', 3), ('ws-other', 9)`)
    })
    afterAll(async () => { await cleanup() })

    async function pageAll(after: CatalogPosition, limit: number) {
      const ids: string[] = []
      let pages = 0
      for (let position: CatalogPosition | null = after; position; pages++) {
        const page = await catalogPage(db, 'ws-q', position, limit, ALL)
        expect(page.seq).toBe(3)
        ids.push(...page.rows.map((r) => r.id))
        position = page.next
      }
      return { ids, pages }
    }

    test('pages through rows that share a sequence by id, each once, at every page size', async () => {
      for (const limit of [1, 2, 3, 5, 6]) {
        const { ids, pages } = await pageAll({ seq: 0, id: null }, limit)
        expect(ids, `limit ${limit}`).toEqual(['a1', 'b1', 'b2', 'b3', 'c1'])
        expect(pages, `limit ${limit}`).toBe(Math.max(1, Math.ceil(5 / limit)))
      }
    })

    test('starts after every row of the given sequence, and sends deletions with their fields', async () => {
      const page = await catalogPage(db, 'ws-q', { seq: 1, id: null }, 10, ALL)
      expect(page.rows.map((r) => r.id)).toEqual(['b1', 'b2', 'b3', 'c1'])
      expect(page.rows[0]).toMatchObject({ id: 'b1', type: 'contact', docName: 'ws-q/contact/b1', title: 'Title b1', fields: { name: 'b1' }, deleted: true, changeSeq: 2, version: 1, refTitles: {} })
      expect(typeof page.rows[0]!.updatedAt).toBe('string')
    })

    test('leaves out what the visibility condition hides, numbered after its own parameters', async () => {
      const page = await catalogPage(db, 'ws-q', { seq: 0, id: null }, 10, { sql: 'r.type <> all($5::text[])', params: [['case']] })
      expect(page.rows.map((r) => r.id)).toEqual(['a1', 'b1', 'b2', 'c1'])
    })

    test('answers an empty page with the counter, and 0 for a workspace that never changed', async () => {
      expect(await catalogPage(db, 'ws-q', { seq: 3, id: null }, 10, ALL)).toEqual({ rows: [], next: null, seq: 3 })
      expect(await catalogPage(db, 'ws-new', { seq: 0, id: null }, 10, ALL)).toEqual({ rows: [], next: null, seq: 0 })
    })
  })
}
