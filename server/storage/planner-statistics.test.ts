import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Storage } from './open-storage'
import { memoryStorage } from '../testing/test-server'
import { generateWorkspace, writeRecords } from '../testing/workspace-generator'
import { plannerStatistics } from './planner-statistics'

let storage: Storage
beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })

const lastAnalyze = async () => (await storage.db.query<{ at: Date | null }>(
  `select last_analyze as at from pg_stat_user_tables where relname = 'record_search'`))[0]?.at ?? null

/** Table statistics reach pg_stat_user_tables up to a second after the commit. */
async function changesCounted(): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    const [row] = await storage.db.query<{ n: number }>(`select n_mod_since_analyze::int as n from pg_stat_user_tables where relname = 'record_search'`)
    if (Number(row?.n ?? 0) > 0) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('pg_stat_user_tables never counted the writes to record_search')
}

test('a table is analyzed on PGlite once enough of its rows changed, and checked again only after a while', async () => {
  const logged: Array<Record<string, unknown>> = []
  const freshen = plannerStatistics(storage.db, 'record_search', ['workspace_id'], (_message, fields) => logged.push(fields))
  await writeRecords(storage.store, 'stats-test', generateWorkspace(3, { accounts: 20, contacts: 60, relationships: 0, cases: 0, activities: 0 }))
  await changesCounted()
  expect(await lastAnalyze()).toBeNull()
  await freshen()
  expect(await lastAnalyze()).not.toBeNull()
  expect(logged).toEqual([expect.objectContaining({ rows: 85 })])
  await writeRecords(storage.store, 'stats-test-2', generateWorkspace(4, { accounts: 20, contacts: 60, relationships: 0, cases: 0, activities: 0 }))
  await changesCounted()
  await freshen()
  expect(logged).toHaveLength(1)
})
