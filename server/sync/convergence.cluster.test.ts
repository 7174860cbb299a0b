/**
 * Convergence under a hostile network, on PostgreSQL (the cluster project).
 */
import { afterAll, beforeAll, describe, test } from 'vitest'
import { createDocumentStore } from '../storage/document-store'
import { migrate } from '../storage/migrations'
import type { Storage } from '../storage/open-storage'
import { openPostgres } from '../storage/postgres-database'
import { clusterDatabaseUrl, freshSchema } from '../storage/postgres-test-schema'
import { runSeed } from './convergence-harness'

let storage: Storage
let dropSchema: () => Promise<void>

beforeAll(async () => {
  const url = clusterDatabaseUrl()
  const schema = await freshSchema(url)
  dropSchema = () => schema.drop()
  const db = await openPostgres(url, { schema: schema.name })
  await migrate(db)
  const store = createDocumentStore(db)
  await store.ensureWorkspace('demo', 'Demo workspace')
  storage = { db, store, location: 'postgres', close: () => db.close() }
})
afterAll(async () => {
  await storage?.close()
  await dropSchema?.()
})

describe('convergence on PostgreSQL', () => {
  test('every client and storage converge, for 60 seeds', async () => {
    for (let seed = Number(process.env.CONVERGENCE_FIRST_SEED ?? 1); seed < Number(process.env.CONVERGENCE_FIRST_SEED ?? 1) + Number(process.env.CONVERGENCE_SEEDS ?? 60); seed++) await runSeed(storage, seed)
  }, 600_000)
})
