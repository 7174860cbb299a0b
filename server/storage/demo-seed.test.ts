/**
 * The demo workspace is seeded through the rooms, once: its records are projected and in the
 * history as the server, the rules find nothing to repair in them, and a restart seeds nothing.
 */
import * as Y from 'yjs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DEMO_ACCOUNT_DESCRIPTION, DEMO_ACCOUNT_FIELDS, DEMO_ACCOUNT_ID } from '../../shared/demo'
import { writeFields, writeText } from '../../shared/doc/record-doc'
import { ROLE_CATALOG } from '../domain/role-catalog'
import { createLogger } from '../logger'
import { createServices } from '../services'
import { freshServices, memoryStorage, settle } from '../domain/domain-test-kit'
import { prepareDemoUser } from '../auth/demo-user'
import { DEMO_ACCOUNT_DOC, seedDemo } from './demo-seed'
import type { Storage } from './open-storage'

let storage: Storage
beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })

async function counts(): Promise<Record<string, number>> {
  const rows = await storage.db.query<{ type: string; n: number }>(`select type, count(*)::int as n from records where workspace_id = 'demo' group by type`)
  return Object.fromEntries(rows.map((r) => [r.type, r.n]))
}

test('the demo workspace gets its roles and a believable set of projected records, once, however often the server starts', async () => {
  let services = await freshServices(storage)
  expect(await seedDemo(services)).toBeGreaterThan(40)
  await settle(services)
  const seeded = await counts()
  expect(seeded).toMatchObject({ 'relationship-role': ROLE_CATALOG.length, account: 6, contact: 7, relationship: 7, case: 3, activity: 5 })
  const [account] = await storage.db.query<{ data: Record<string, unknown>; created_by: string }>('select data, created_by from records where id = $1', [DEMO_ACCOUNT_ID])
  expect(account?.data).toMatchObject({ ...DEMO_ACCOUNT_FIELDS, description: DEMO_ACCOUNT_DESCRIPTION, primaryContactId: expect.any(String) })
  expect(account?.created_by).toBe('server')
  // The seed is consistent with the rules: the server's only edits after it number the three cases.
  expect(services.rules!.repairs).toBe(3)
  const numbers = await storage.db.query<{ n: string }>(`select data->>'caseNumber' as n from records where type = 'case' and workspace_id = 'demo' order by 1`)
  expect(numbers.map((r) => r.n)).toEqual(['CAS-000001', 'CAS-000002', 'CAS-000003'])
  const updates = (await storage.db.query<{ n: number }>('select count(*)::int as n from doc_updates'))[0]!.n
  // A restart: new services over the same database.
  await services.close()
  services = createServices({ storage: { ...storage, close: async () => {} }, logger: createLogger('silent') })
  expect(await seedDemo(services)).toBe(0)
  await settle(services)
  expect(await counts()).toEqual(seeded)
  expect((await storage.db.query<{ n: number }>('select count(*)::int as n from doc_updates'))[0]!.n).toBe(updates)
  await services.close()
})

test('a demo account written straight into the store by an older server is completed, and so projected', async () => {
  const services = await freshServices(storage)
  const doc = new Y.Doc()
  writeFields(doc, DEMO_ACCOUNT_FIELDS)
  writeText(doc, 'description', DEMO_ACCOUNT_DESCRIPTION)
  await storage.store.appendUpdates([{ doc: DEMO_ACCOUNT_DOC, update: Y.encodeStateAsUpdate(doc), actor: 'server', clientId: doc.clientID }])
  await seedDemo(services)
  await settle(services)
  const [account] = await storage.db.query<{ data: Record<string, unknown> }>('select data from records where id = $1', [DEMO_ACCOUNT_ID])
  expect(account?.data).toMatchObject({ ...DEMO_ACCOUNT_FIELDS, description: DEMO_ACCOUNT_DESCRIPTION, billingCity: 'Redmond', primaryContactId: expect.any(String) })
  await services.close()
})

test('seeded with the demo user, every demo record is theirs, as records made in the app are their creator\'s', async () => {
  const services = await freshServices(storage)
  const demoUserId = await prepareDemoUser(services.auth, true)
  expect(demoUserId).toEqual(expect.any(String))
  await seedDemo(services, demoUserId!)
  await settle(services)
  const owners = await storage.db.query<{ type: string; owner: string | null; n: number }>(
    `select type, owner_id as owner, count(*)::int as n from records where workspace_id = 'demo' and type <> 'relationship-role' group by 1, 2 order by 1`)
  expect(owners).toEqual(['account', 'activity', 'case', 'contact', 'relationship'].map((type) => ({ type, owner: demoUserId, n: expect.any(Number) })))
  await services.close()
})
