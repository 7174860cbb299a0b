/**
 * Every workspace starts with the relationship role catalog, written once through the rooms: each
 * role projected with its category, record types and reciprocal; seeding again writes nothing.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import type { Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { editFields, freshServices, memoryStorage, settle } from './domain-test-kit'
import { ROLE_CATALOG } from './role-catalog'
import { catalogRoleId, seedWorkspace } from './seed-workspace'

let storage: Storage
let services: Services
beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })
afterEach(async () => { await services.close() })

type Role = { id: string; data: { name: string; category: string; appliesTo: string[]; reciprocalRoleId?: string } }

async function roles(workspaceId: string): Promise<Role[]> {
  return storage.db.query<Role>(`select id, data from records where workspace_id = $1 and type = 'relationship-role' order by id`, [workspaceId])
}

test('a workspace gets the role catalog with categories, record types and reciprocal roles, projected', async () => {
  services = await freshServices(storage)
  expect(await seedWorkspace(services, 'acme')).toBe(ROLE_CATALOG.length)
  await settle(services)
  const rows = await roles('acme')
  expect(rows.map((r) => r.data.name)).toEqual(ROLE_CATALOG.map((r) => r.name))
  const byName = new Map(rows.map((r) => [r.data.name, r]))
  const colleague = byName.get('Colleague')!
  expect(colleague.data).toMatchObject({ category: 'business', appliesTo: ['contact'], reciprocalRoleId: colleague.id })
  expect(byName.get('Supplier')!.data.reciprocalRoleId).toBe(byName.get('Customer')!.id)
  expect(byName.get('Customer')!.data.reciprocalRoleId).toBe(byName.get('Supplier')!.id)
  expect(byName.get('Parent company')!.data.appliesTo).toEqual(['account'])
  expect(byName.get('Influencer')!.data.reciprocalRoleId).toBeUndefined()
  // Every reciprocal names a role of the same workspace whose reciprocal names it back.
  const ids = new Map(rows.map((r) => [r.id, r]))
  for (const role of rows) {
    if (role.data.reciprocalRoleId) expect(ids.get(role.data.reciprocalRoleId)?.data.reciprocalRoleId).toBe(role.id)
  }
  const [history] = await storage.db.query<{ actor: string }>('select distinct actor from field_history where workspace_id = $1', ['acme'])
  expect(history).toEqual({ actor: 'server' })
})

test('seeding again writes nothing, even after a role was renamed or deleted; another workspace gets its own ids', async () => {
  services = await freshServices(storage)
  await seedWorkspace(services, 'acme')
  const friend = catalogRoleId('acme', 'friend')
  await editFields(services, 'acme', 'relationship-role', friend, { name: 'Close friend' })
  await editFields(services, 'acme', 'relationship-role', catalogRoleId('acme', 'sibling'), { deleted: true })
  await settle(services)
  expect(await seedWorkspace(services, 'acme')).toBe(0)
  await settle(services)
  const rows = await roles('acme')
  expect(rows).toHaveLength(ROLE_CATALOG.length)
  expect(rows.find((r) => r.id === friend)?.data.name).toBe('Close friend')
  expect(catalogRoleId('other', 'friend')).not.toBe(friend)
})
