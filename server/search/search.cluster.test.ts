/**
 * Search and duplicate detection on PostgreSQL: the same migration (pg_trgm, the triggers filling
 * the word dictionary, the key index) and the same SQL as on PGlite, in a schema of its own.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { contact } from '../../shared/records/contact'
import { createDocumentStore } from '../storage/document-store'
import { migrate } from '../storage/migrations'
import { openPostgres } from '../storage/postgres-database'
import { clusterDatabaseUrl, freshSchema } from '../storage/postgres-test-schema'
import type { SqlDatabase } from '../storage/sql'
import { labelledQueries } from '../testing/search-queries'
import { generateWorkspace, writeRecords, type GeneratedRecord } from '../testing/workspace-generator'
import { findDuplicates } from './duplicates'
import { searchRecords } from './search'

const SEED = 31
const WS = 'search-cluster'
let db: SqlDatabase
let drop: () => Promise<void>
let records: GeneratedRecord[]

beforeAll(async () => {
  const url = clusterDatabaseUrl()
  const schema = await freshSchema(url)
  db = await openPostgres(url, { schema: schema.name })
  drop = schema.drop
  await migrate(db)
  records = [...generateWorkspace(SEED, { accounts: 40, contacts: 200, relationships: 20, cases: 20, activities: 50 })]
  await writeRecords(createDocumentStore(db), WS, records)
}, 60_000)
afterAll(async () => { await db.close(); await drop() })

test('the labelled queries of every kind find their record in the top 5 on PostgreSQL', async () => {
  console.log(`search on PostgreSQL: seed ${SEED}`)
  const titles = new Map<string, number>()
  const title = (r: GeneratedRecord) => r.type.type === 'contact' ? `${r.values.firstName} ${r.values.lastName}` : String(r.values.name ?? '')
  for (const r of records) titles.set(title(r), (titles.get(title(r)) ?? 0) + 1)
  const queries = labelledQueries(records.filter((r) => titles.get(title(r)) === 1), SEED, 3)
  const misses: string[] = []
  for (const query of queries) {
    const hits = await searchRecords(db, WS, query.q, { limit: 5 })
    if (!hits.some((h) => h.id === query.id)) misses.push(`${query.kind} "${query.q}" wants "${query.title}"`)
  }
  expect(misses).toEqual([])
})

test('a contact with an existing email or a phone written differently is a duplicate on PostgreSQL', async () => {
  const existing = records.find((r) => r.type.type === 'contact' && typeof r.values.email === 'string')!
  const email = String(existing.values.email).toUpperCase()
  expect((await findDuplicates(db, WS, contact, null, { lastName: 'New', email })).map((d) => [d.id, d.reason])).toEqual([[existing.id, 'email']])
  const phone = String(existing.values.businessPhone).replace(/\D/g, '').split('').join(' ')
  expect((await findDuplicates(db, WS, contact, null, { lastName: 'New', mobilePhone: phone })).map((d) => d.reason)).toContain('phone')
})
