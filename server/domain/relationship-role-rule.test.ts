/**
 * Issue 4: a relationship's roles must apply to their sides' record types; the server clears a
 * role that does not, as `server`, at once when the role is present and after the grace period
 * when it is missing.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { uuidv7 } from '../../shared/ids'
import type { Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { createRecord, editFields, freshServices, historyOf, memoryStorage, projected, settle, sleep } from './domain-test-kit'

const GRACE_MS = 150
let storage: Storage
let services: Services
beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })
afterEach(async () => { await services.close() })

async function role(name: string, appliesTo: string[]): Promise<string> {
  return createRecord(services, 'demo', 'relationship-role', { fields: { name, category: 'business' }, sets: { appliesTo } })
}

async function relationship(fromRoleId: string | null, toRoleId: string | null): Promise<string> {
  const account = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  const contact = await createRecord(services, 'demo', 'contact', { fields: { lastName: 'McKay' } })
  return createRecord(services, 'demo', 'relationship', {
    fields: { fromType: 'account', fromId: account, fromRoleId, toType: 'contact', toId: contact, toRoleId },
  })
}

test('a role that does not apply to its side\'s record type is cleared by the server; the other side keeps its role', async () => {
  services = await freshServices(storage, { rules: { graceMs: GRACE_MS } })
  const contactOnly = await role('Spouse', ['contact'])
  const id = await relationship(contactOnly, contactOnly)
  await settle(services)
  const data = await projected(services, 'demo', id)
  expect(data?.fromRoleId).toBeNull()
  expect(data?.toRoleId).toBe(contactOnly)
  expect(await historyOf(services, id, 'fromRoleId')).toContainEqual({ old: contactOnly, new: null, actor: 'server', kind: 'edit' })
})

test('changing a role so it no longer applies clears it from the relationships using it; a deleted role too', async () => {
  services = await freshServices(storage, { rules: { graceMs: GRACE_MS } })
  const supplier = await role('Supplier', ['account', 'contact'])
  const colleague = await role('Colleague', ['contact'])
  const id = await relationship(supplier, colleague)
  await settle(services)
  expect(services.rules!.repairs).toBe(0)
  const roleDoc = `demo/relationship-role/${supplier}`
  await services.rooms.with(roleDoc, (room) => room.edit('user:ada', (doc) => doc.getMap('appliesTo').delete('account')))
  await editFields(services, 'demo', 'relationship-role', colleague, { deleted: true })
  await settle(services)
  expect(await projected(services, 'demo', id)).toMatchObject({ fromRoleId: null, toRoleId: null })
})

test('a role that has not arrived is kept through the grace period when it arrives, and cleared when it never does', async () => {
  services = await freshServices(storage, { rules: { graceMs: GRACE_MS } })
  const late = uuidv7()
  const never = uuidv7()
  const id = await relationship(late, never)
  await settle(services)
  await sleep(GRACE_MS / 3)
  await createRecord(services, 'demo', 'relationship-role', { fields: { name: 'Friend', category: 'social' }, sets: { appliesTo: ['contact', 'account'] } }, late)
  await settle(services)
  expect(await projected(services, 'demo', id)).toMatchObject({ fromRoleId: late, toRoleId: never })
  await sleep(GRACE_MS * 2)
  await settle(services)
  expect(await projected(services, 'demo', id)).toMatchObject({ fromRoleId: late, toRoleId: null })
  expect(services.rules!.repairs).toBe(1)
})

test('a role with no record types listed applies to any side', async () => {
  services = await freshServices(storage, { rules: { graceMs: GRACE_MS } })
  const anyType = await role('Influencer', [])
  const id = await relationship(anyType, anyType)
  await settle(services)
  expect(await projected(services, 'demo', id)).toMatchObject({ fromRoleId: anyType, toRoleId: anyType })
})
