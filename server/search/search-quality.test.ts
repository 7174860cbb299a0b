import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Storage } from '../storage/open-storage'
import { labelledQueries, QUERY_KINDS, type LabelledQuery } from '../testing/search-queries'
import { memoryStorage } from '../testing/test-server'
import { generateWorkspace, writeRecords, type GeneratedRecord } from '../testing/workspace-generator'
import { searchRecords } from './search'

// Issue 4, acceptance 6: over a generated workspace, the labelled queries find their record in the top 5.
const SEED = Number(process.env.SEARCH_SEED ?? 20261122)
const WS = 'search-quality'
let storage: Storage
let queries: LabelledQuery[]

beforeAll(async () => {
  storage = await memoryStorage()
  const records: GeneratedRecord[] = [...generateWorkspace(SEED, { accounts: 400, contacts: 2000, relationships: 300, cases: 300, activities: 1000 })]
  await writeRecords(storage.store, WS, records)
  // A target must be the only record with its title, or "the right record" would be a coin toss.
  const titles = new Map<string, number>()
  const title = (r: GeneratedRecord) => r.type.type === 'contact' ? `${r.values.firstName} ${r.values.lastName}` : String(r.values.name ?? '')
  for (const r of records) titles.set(title(r), (titles.get(title(r)) ?? 0) + 1)
  queries = labelledQueries(records.filter((r) => titles.get(title(r)) === 1), SEED, 10)
}, 120_000)
afterAll(async () => { await storage.close() })

test('the labelled queries find the right record in the top 5 for at least 95% of them', async () => {
  console.log(`search quality: seed ${SEED} (SEARCH_SEED=… to replay another), ${queries.length} queries`)
  expect(queries.length).toBeGreaterThanOrEqual(50)
  for (const kind of QUERY_KINDS) expect(queries.filter((q) => q.kind === kind).length, kind).toBeGreaterThanOrEqual(8)
  const misses: string[] = []
  for (const query of queries) {
    const hits = await searchRecords(storage.db, WS, query.q, { limit: 5 })
    if (!hits.some((h) => h.id === query.id)) {
      misses.push(`  ${query.kind.padEnd(10)} "${query.q}" wants ${query.type} "${query.title}", got ${hits.map((h) => `"${h.title}"`).join(', ') || 'nothing'}`)
    }
  }
  const rate = 1 - misses.length / queries.length
  console.log(`search quality: ${((rate) * 100).toFixed(1)}% in the top 5 (${queries.length - misses.length}/${queries.length})${misses.length ? `; misses:\n${misses.join('\n')}` : ''}`)
  expect(rate).toBeGreaterThanOrEqual(0.95)
}, 60_000)
