/**
 * Convergence under a hostile network, on PostgreSQL (the cluster project).
 */
import { afterAll, beforeAll, describe, test } from 'vitest'
import type { Storage } from '../storage/open-storage'
import { freshPostgresStorage } from '../testing/postgres-storage'
import { runSeed } from './convergence-harness'

let storage: Storage

beforeAll(async () => {
  storage = await freshPostgresStorage()
  await storage.store.ensureWorkspace('demo', 'Demo workspace')
})
afterAll(async () => { await storage?.close() })

describe('convergence on PostgreSQL', () => {
  test('every client and storage converge, for 60 seeds', async () => {
    for (let seed = Number(process.env.CONVERGENCE_FIRST_SEED ?? 1); seed < Number(process.env.CONVERGENCE_FIRST_SEED ?? 1) + Number(process.env.CONVERGENCE_SEEDS ?? 60); seed++) await runSeed(storage, seed)
  }, 600_000)
})
