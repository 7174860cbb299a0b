/**
 * Resolve and Reopen (issue 4): status, resolution and time spent are written by the command as the
 * caller; wrong states are clear 409s, bad input a 400 naming the field, an unknown case a 404.
 */
import { HTTPException } from 'hono/http-exception'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { uuidv7 } from '../../shared/ids'
import type { Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { numberCase, reopenCase, resolveCase } from './case-commands'
import { createRecord, editFields, freshServices, historyOf, memoryStorage, projected } from './domain-test-kit'

let storage: Storage
let services: Services
beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })
beforeEach(async () => { services = await freshServices(storage, { rules: false }) })
afterEach(async () => { await services.close() })

async function newCase(fields: Record<string, string> = {}): Promise<string> {
  const customerId = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  return createRecord(services, 'demo', 'case', { fields: { title: 'Printer jams', customerType: 'account', customerId, status: 'active', ...fields } })
}

async function failure(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = await promise.then(() => null, (e: unknown) => e)
  if (!(error instanceof HTTPException)) throw new Error(`expected an HTTPException, got ${String(error)}`)
  return { status: error.status, message: error.message }
}

test('resolving an active case records the resolution, the time spent and when, as the caller', async () => {
  const id = await newCase()
  const values = await resolveCase(services, 'user:ada', 'demo', id, { resolution: 'Replaced the roller.', timeSpentMinutes: 45 })
  expect(values).toMatchObject({ status: 'resolved', statusReason: 'problem-solved', resolution: 'Replaced the roller.', timeSpentMinutes: 45 })
  expect(Date.now() - Date.parse(values.resolvedAt as string)).toBeLessThan(60_000)
  await services.log.drain()
  expect(await projected(services, 'demo', id)).toMatchObject({ status: 'resolved', resolution: 'Replaced the roller.' })
  expect(await historyOf(services, id, 'status')).toContainEqual({ old: 'active', new: 'resolved', actor: 'user:ada', kind: 'edit' })
})

test('resolving a resolved case is a 409 and changes nothing', async () => {
  const id = await newCase()
  const first = await resolveCase(services, 'user:ada', 'demo', id, { resolution: 'Fixed.' })
  const again = await failure(resolveCase(services, 'user:bob', 'demo', id, { resolution: 'Fixed twice.' }))
  expect(again).toEqual({ status: 409, message: expect.stringContaining('already resolved') })
  await services.log.drain()
  expect(await projected(services, 'demo', id)).toMatchObject({ resolution: 'Fixed.', resolvedAt: first.resolvedAt })
})

test('a cancelled case cannot be resolved', async () => {
  const id = await newCase({ status: 'cancelled' })
  expect(await failure(resolveCase(services, 'user:ada', 'demo', id, { resolution: 'Fixed.' }))).toEqual({ status: 409, message: expect.stringContaining('cancelled') })
})

test('resolving without a resolution, or with negative minutes, is a 400 naming the field', async () => {
  const id = await newCase()
  expect(await failure(resolveCase(services, 'user:ada', 'demo', id, { resolution: '  ' }))).toEqual({ status: 400, message: expect.stringContaining('resolution is required') })
  expect(await failure(resolveCase(services, 'user:ada', 'demo', id, { resolution: 'ok', timeSpentMinutes: -5 }))).toEqual({ status: 400, message: expect.stringContaining('timeSpentMinutes') })
})

test('an unknown, malformed or deleted case is a 404', async () => {
  expect((await failure(resolveCase(services, 'user:ada', 'demo', uuidv7(), { resolution: 'x' }))).status).toBe(404)
  expect((await failure(resolveCase(services, 'user:ada', 'demo', 'nope', { resolution: 'x' }))).status).toBe(404)
  const id = await newCase()
  await editFields(services, 'demo', 'case', id, { deleted: true })
  expect((await failure(reopenCase(services, 'user:ada', 'demo', id))).status).toBe(404)
})

test('reopening a resolved case makes it active and clears the resolution, which stays in the history', async () => {
  const id = await newCase()
  await resolveCase(services, 'user:ada', 'demo', id, { resolution: 'Replaced the roller.', timeSpentMinutes: 45 })
  const values = await reopenCase(services, 'user:bob', 'demo', id)
  expect(values).toMatchObject({ status: 'active', resolution: null, timeSpentMinutes: null, resolvedAt: null })
  await services.log.drain()
  const history = await historyOf(services, id, 'resolution')
  expect(history).toContainEqual({ old: null, new: 'Replaced the roller.', actor: 'user:ada', kind: 'edit' })
  expect(history).toContainEqual({ old: 'Replaced the roller.', new: null, actor: 'user:bob', kind: 'edit' })
  // Once reopened it can be resolved again.
  expect((await resolveCase(services, 'user:ada', 'demo', id, { resolution: 'Cleaned it.' })).status).toBe('resolved')
})

test('reopening an active case is a 409', async () => {
  const id = await newCase()
  expect(await failure(reopenCase(services, 'user:ada', 'demo', id))).toEqual({ status: 409, message: expect.stringContaining('already active') })
})

test('numbering a new case at once gives it a number and makes it active; numbering again keeps the number', async () => {
  const customerId = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  const id = await createRecord(services, 'demo', 'case', { fields: { title: 'Jam', customerType: 'account', customerId } })
  const number = await numberCase(services, 'demo', id)
  expect(number).toMatch(/^CAS-\d{6}$/)
  expect(await numberCase(services, 'demo', id)).toBe(number)
  await services.log.drain()
  expect(await projected(services, 'demo', id)).toMatchObject({ caseNumber: number, status: 'active' })
  expect(await historyOf(services, id, 'caseNumber')).toEqual([{ old: null, new: number, actor: 'server', kind: 'edit' }])
})
