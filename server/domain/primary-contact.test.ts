/**
 * The set-primary-contact command (issue 4): only a live contact of the account is accepted; null
 * clears; anything else is refused with a clear 400, an unknown account is a 404.
 */
import { HTTPException } from 'hono/http-exception'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { uuidv7 } from '../../shared/ids'
import type { Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { createRecord, editFields, freshServices, historyOf, memoryStorage, projected } from './domain-test-kit'
import { setPrimaryContact } from './primary-contact'

let storage: Storage
let services: Services
beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })
beforeEach(async () => { services = await freshServices(storage, { rules: false }) })
afterEach(async () => { await services.close() })

async function failure(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = await promise.then(() => null, (e: unknown) => e)
  if (!(error instanceof HTTPException)) throw new Error(`expected an HTTPException, got ${String(error)}`)
  return { status: error.status, message: error.message }
}

test('a contact of the account becomes its primary contact, as the caller, and null clears it', async () => {
  const accountId = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  const contactId = await createRecord(services, 'demo', 'contact', { fields: { lastName: 'McKay', accountId } })
  expect((await setPrimaryContact(services, 'user:ada', 'demo', accountId, contactId)).primaryContactId).toBe(contactId)
  expect((await setPrimaryContact(services, 'user:ada', 'demo', accountId, null)).primaryContactId).toBeNull()
  await services.log.drain()
  expect(await projected(services, 'demo', accountId)).toMatchObject({ primaryContactId: null })
  expect(await historyOf(services, accountId, 'primaryContactId')).toEqual([{ old: null, new: null, actor: 'user:ada', kind: 'edit' }])
})

test('another account\'s contact, a deleted contact, an account or a missing id is refused with a 400', async () => {
  const accountId = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  const otherId = await createRecord(services, 'demo', 'account', { fields: { name: 'Fabrikam' } })
  const theirs = await createRecord(services, 'demo', 'contact', { fields: { lastName: 'Other', accountId: otherId } })
  const gone = await createRecord(services, 'demo', 'contact', { fields: { lastName: 'Gone', accountId, deleted: true } })
  expect(await failure(setPrimaryContact(services, 'user:ada', 'demo', accountId, theirs))).toEqual({ status: 400, message: expect.stringContaining('does not work for this account') })
  expect(await failure(setPrimaryContact(services, 'user:ada', 'demo', accountId, gone))).toEqual({ status: 400, message: expect.stringContaining('deleted') })
  expect(await failure(setPrimaryContact(services, 'user:ada', 'demo', accountId, otherId))).toEqual({ status: 400, message: expect.stringContaining('no such contact') })
  expect(await failure(setPrimaryContact(services, 'user:ada', 'demo', accountId, uuidv7()))).toEqual({ status: 400, message: expect.stringContaining('no such contact') })
  expect(await failure(setPrimaryContact(services, 'user:ada', 'demo', accountId, 'x'))).toEqual({ status: 400, message: expect.stringContaining('contactId must be') })
  expect(await projected(services, 'demo', accountId)).not.toHaveProperty('primaryContactId')
})

test('an unknown or deleted account is a 404', async () => {
  const contactId = await createRecord(services, 'demo', 'contact', { fields: { lastName: 'McKay' } })
  expect((await failure(setPrimaryContact(services, 'user:ada', 'demo', uuidv7(), contactId))).status).toBe(404)
  const accountId = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  await editFields(services, 'demo', 'account', accountId, { deleted: true })
  expect((await failure(setPrimaryContact(services, 'user:ada', 'demo', accountId, null))).status).toBe(404)
})
