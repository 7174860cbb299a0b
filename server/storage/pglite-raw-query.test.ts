import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { execRaw } from './pglite-raw-query'

let db: PGlite
beforeAll(async () => {
  db = await PGlite.create()
  await db.exec('create table t (id int primary key, b bytea)')
})
afterAll(async () => { await db.close() })

test('a raw simple query runs several statements and their rows are there afterwards', async () => {
  await execRaw(db, `insert into t values (1, '\\x0102'::bytea); insert into t values (2, null)`)
  const rows = await db.query<{ id: number }>('select id from t order by id')
  expect(rows.rows.map((r) => r.id)).toEqual([1, 2])
})

test('a failing raw query throws with the database message and changes nothing', async () => {
  await expect(execRaw(db, `insert into t values (3, null); insert into t values (1, null)`)).rejects.toThrow(/duplicate key/)
  const rows = await db.query<{ n: number }>('select count(*)::int as n from t where id = 3')
  expect(rows.rows[0]!.n).toBe(0)
  // The connection is still usable.
  await execRaw(db, `insert into t values (4, null)`)
})
