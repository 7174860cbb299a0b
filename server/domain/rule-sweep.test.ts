/**
 * Rule checks run after commits and are not durable: what a stopped server left unchecked is found
 * by the sweep at the next start and repaired (or given a fresh grace period), and what is fine is
 * left alone.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { uuidv7 } from '../../shared/ids'
import { createLogger } from '../logger'
import { createServices, type Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { createRecord, freshServices, memoryStorage, projected, settle, sleep } from './domain-test-kit'
import { documentsToSweep } from './rule-sweep'

let storage: Storage
let services: Services
beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })
afterEach(async () => { await services.close() })

test('what a stopped server left unchecked is found at the next start and repaired; what is fine is left alone', async () => {
  // A server with no rules running leaves broken records behind.
  services = await freshServices(storage, { rules: false })
  const a = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  const b = await createRecord(services, 'demo', 'account', { fields: { name: 'Fabrikam' } })
  const theirs = await createRecord(services, 'demo', 'contact', { fields: { lastName: 'Other', accountId: b } })
  const right = uuidv7()
  const mine = await createRecord(services, 'demo', 'contact', { fields: { lastName: 'Mine', accountId: right } })
  const companies = await createRecord(services, 'demo', 'relationship-role', { fields: { name: 'Subsidiary' }, sets: { appliesTo: ['account'] } })
  const missingRole = uuidv7()
  await createRecord(services, 'demo', 'account', { fields: { name: 'Wrong primary', primaryContactId: theirs } }, uuidv7())
  await createRecord(services, 'demo', 'account', { fields: { name: 'Right primary', primaryContactId: mine } }, right)
  const rel = await createRecord(services, 'demo', 'relationship', { fields: { fromType: 'contact', fromId: mine, fromRoleId: companies, toType: 'account', toId: a, toRoleId: missingRole } })
  const numbered = await createRecord(services, 'demo', 'case', { fields: { title: 'Jam', customerType: 'account', customerId: a } })
  await settle(services)
  const listed = await documentsToSweep(services.storage.db)
  expect(listed.sort()).toEqual([
    ...(await services.storage.db.query<{ id: string }>(`select id from records where data->>'name' = 'Wrong primary'`)).map((r) => `demo/account/${r.id}`),
    `demo/case/${numbered}`,
    `demo/relationship/${rel}`,
  ].sort())
  await services.close()

  // The next start sweeps: the wrong primary contact and the role that does not apply go at once,
  // the case gets its number, the missing role waits for its grace period.
  services = createServices({ storage: { ...storage, close: async () => {} }, logger: createLogger('silent'), rules: { graceMs: 100 } })
  await services.rules!.sweep()
  await settle(services)
  const [wrong] = await services.storage.db.query<{ data: Record<string, unknown> }>(`select data from records where data->>'name' = 'Wrong primary'`)
  expect(wrong?.data.primaryContactId).toBeNull()
  expect(await projected(services, 'demo', rel)).toMatchObject({ fromRoleId: null, toRoleId: missingRole })
  expect((await projected(services, 'demo', numbered))?.caseNumber).toMatch(/^CAS-/)
  await sleep(250)
  await settle(services)
  expect((await projected(services, 'demo', rel))?.toRoleId).toBeNull()
  expect(await documentsToSweep(services.storage.db)).toEqual([])
})
