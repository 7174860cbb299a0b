/**
 * Convergence under a hostile network, on PGlite: several hundred seeds (convergence-harness.ts).
 * A failure prints its seed and how to replay it; seeds that once failed are kept as named tests.
 */
import { afterAll, beforeAll, describe, test } from 'vitest'
import type { Storage } from '../storage/open-storage'
import { memoryStorage } from '../testing/test-server'
import { runSeed } from './convergence-harness'

const SEEDS = Number(process.env.CONVERGENCE_SEEDS ?? 300)
const FIRST_SEED = Number(process.env.CONVERGENCE_FIRST_SEED ?? 1)

// One database for the file, cleared between seeds.
let storage: Storage

beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })

describe('convergence', () => {
  test(`every client and storage converge, for ${SEEDS} seeds from ${FIRST_SEED}`, async () => {
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) await runSeed(storage, seed)
  }, 600_000)

  test('seven clients with long runs converge (seeds 9001–9010)', async () => {
    for (let seed = 9001; seed <= 9010; seed++) await runSeed(storage, seed, { clients: 7, steps: 300 })
  }, 300_000)
})
