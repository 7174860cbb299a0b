/**
 * Issue 4: the server numbers every case (`CAS-000001`, per workspace), exactly once, and a new
 * case starts active; checking a case again never renumbers it.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import type { Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { caseNumberFor, formatCaseNumber } from './case-number-rule'
import { createRecord, editFields, freshServices, historyOf, memoryStorage, projected, settle } from './domain-test-kit'

let storage: Storage
let services: Services
beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })
afterEach(async () => { await services.close() })

test('cases created at once get distinct numbers, each assigned once as the server, and start active', async () => {
  services = await freshServices(storage, { rules: { graceMs: 50 } })
  const customerId = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  const ids = await Promise.all(Array.from({ length: 6 }, (_, i) =>
    createRecord(services, 'demo', 'case', { fields: { title: `Case ${i}`, customerType: 'account', customerId } })))
  await settle(services)
  const numbers = await Promise.all(ids.map(async (id) => (await projected(services, 'demo', id))?.caseNumber))
  expect(new Set(numbers).size).toBe(6)
  expect([...numbers].sort()).toEqual([1, 2, 3, 4, 5, 6].map(formatCaseNumber))
  for (const id of ids) {
    expect((await projected(services, 'demo', id))?.status).toBe('active')
    expect(await historyOf(services, id, 'caseNumber')).toEqual([{ old: null, new: expect.stringMatching(/^CAS-\d{6}$/), actor: 'server', kind: 'edit' }])
  }
  // Edited and checked again: the numbers stay.
  const repairs = services.rules!.repairs
  await editFields(services, 'demo', 'case', ids[0]!, { priority: 'high' })
  for (const id of ids) services.rules!.enqueue(`demo/case/${id}`)
  await settle(services)
  expect(services.rules!.repairs).toBe(repairs)
  expect(await Promise.all(ids.map(async (id) => (await projected(services, 'demo', id))?.caseNumber))).toEqual(numbers)
})

test('asking for a case\'s number twice gives the same number; another workspace counts on its own', async () => {
  services = await freshServices(storage, { rules: false })
  const db = services.storage.db
  const first = await caseNumberFor(db, 'demo', 'c1')
  expect(await caseNumberFor(db, 'demo', 'c1')).toBe(first)
  expect(await caseNumberFor(db, 'demo', 'c2')).not.toBe(first)
  expect(await caseNumberFor(db, 'other', 'c1')).toBe(formatCaseNumber(1))
})
