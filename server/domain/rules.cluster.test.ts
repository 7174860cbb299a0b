/**
 * The business rules and seeding on PostgreSQL (the cluster project): the same SQL as on PGlite
 * (the recursive cycle query, the projection lookups, the case counter), and case numbers stay
 * unique when two server processes number cases of one workspace at the same moment.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createLogger } from '../logger'
import { createServices, type Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { openPostgres } from '../storage/postgres-database'
import { clusterDatabaseUrl } from '../storage/postgres-test-schema'
import { freshPostgresStorage } from '../testing/postgres-storage'
import { caseNumberFor } from './case-number-rule'
import { createRecord, editFields, projected, settle } from './domain-test-kit'
import { parentCycle } from './parent-cycle-rule'
import { ROLE_CATALOG } from './role-catalog'
import { seedWorkspace } from './seed-workspace'

let storage: Storage
let services: Services

beforeAll(async () => {
  storage = await freshPostgresStorage()
  await storage.store.ensureWorkspace('demo', 'Demo workspace')
  services = createServices({ storage: { ...storage, close: async () => {} }, logger: createLogger('silent'), unloadAfterMs: 1000, rules: { graceMs: 100 } })
})
afterAll(async () => {
  await services?.close()
  await storage?.close()
})

test('on PostgreSQL a parent cycle is broken at the greatest id and a wrong primary contact cleared, as the server', async () => {
  const a = await createRecord(services, 'demo', 'account', { fields: { name: 'Alpha' } })
  const b = await createRecord(services, 'demo', 'account', { fields: { name: 'Beta' } })
  const contact = await createRecord(services, 'demo', 'contact', { fields: { lastName: 'Other', accountId: b } })
  await editFields(services, 'demo', 'account', a, { parentAccountId: b, primaryContactId: contact })
  await editFields(services, 'demo', 'account', b, { parentAccountId: a })
  await settle(services)
  expect(await parentCycle(storage.db, 'demo', a)).toBeNull()
  expect((await projected(services, 'demo', a > b ? a : b))?.parentAccountId).toBeNull()
  expect((await projected(services, 'demo', a))?.primaryContactId).toBeNull()
})

test('on PostgreSQL two processes numbering cases at the same moment never give one number twice', async () => {
  const ids = Array.from({ length: 40 }, (_, i) => `case-${i}`)
  const other = await openPostgres(clusterDatabaseUrl(), { schema: (await storage.db.query<{ s: string }>('select current_schema() as s'))[0]!.s })
  try {
    const numbers = await Promise.all(ids.flatMap((id) => [caseNumberFor(storage.db, 'demo', id), caseNumberFor(other, 'demo', id)]))
    for (let i = 0; i < ids.length; i++) expect(numbers[2 * i]).toBe(numbers[2 * i + 1])
    expect(new Set(numbers).size).toBe(ids.length)
  } finally {
    await other.close()
  }
})

test('on PostgreSQL a workspace is seeded with the role catalog once', async () => {
  expect(await seedWorkspace(services, 'demo')).toBe(ROLE_CATALOG.length)
  expect(await seedWorkspace(services, 'demo')).toBe(0)
  await settle(services)
  const [row] = await storage.db.query<{ n: number }>(`select count(*)::int as n from records where workspace_id = 'demo' and type = 'relationship-role'`)
  expect(row?.n).toBe(ROLE_CATALOG.length)
})
