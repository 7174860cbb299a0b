/**
 * The rule runner stays off the commit path: checks of one document waiting together run once, a
 * failing check is logged while commits and other checks go on, and stopping cancels grace timers.
 */
import { afterEach, expect, test } from 'vitest'
import { writeFields } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import { createLogger } from '../logger'
import { createServices, type Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { createRecord, memoryStorage, projected, settle } from './domain-test-kit'

let storage: Storage
let services: Services
afterEach(async () => {
  await services.close()
  await storage.close()
})

async function start(lines: string[] = []): Promise<void> {
  storage = await memoryStorage()
  services = createServices({ storage: { ...storage, close: async () => {} }, logger: createLogger('error', (line) => lines.push(line)), rules: { graceMs: 60_000 } })
}

test('a document queued many times is checked at most twice: the check running and one waiting', async () => {
  await start()
  const id = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  await settle(services)
  const before = services.rules!.checks
  for (let i = 0; i < 20; i++) services.rules!.enqueue(`demo/account/${id}`)
  await settle(services)
  expect(services.rules!.checks - before).toBe(2)
})

test('a failing check is logged; the commit stands and the other rules keep working', async () => {
  const lines: string[] = []
  await start(lines)
  await storage.db.query('drop table case_numbers')
  const customerId = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  const caseId = await createRecord(services, 'demo', 'case', { fields: { title: 'Jam', customerType: 'account', customerId } })
  await settle(services)
  expect((await projected(services, 'demo', caseId))?.title).toBe('Jam')
  expect(lines.some((line) => line.includes('a business rule check failed') && line.includes(caseId))).toBe(true)
  const other = await createRecord(services, 'demo', 'account', { fields: { name: 'Fabrikam' } })
  const theirs = await createRecord(services, 'demo', 'contact', { fields: { lastName: 'Other', accountId: other } })
  const account = await createRecord(services, 'demo', 'account', { fields: { name: 'Litware', primaryContactId: theirs } })
  await settle(services)
  expect((await projected(services, 'demo', account))?.primaryContactId).toBeNull()
})

test('stopping cancels the grace timers and takes no more commits', async () => {
  await start()
  await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso', primaryContactId: uuidv7() } })
  await settle(services)
  const rules = services.rules!
  expect(rules.pendingGraceChecks).toBe(1)
  await services.close()
  expect(rules.pendingGraceChecks).toBe(0)
  const checks = rules.checks
  rules.enqueue(`demo/account/${uuidv7()}`)
  expect(rules.busy).toBe(false)
  expect(rules.checks).toBe(checks)
})

test('a commit that changes no field a rule depends on is not checked; one that does is', async () => {
  await start()
  const id = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  await settle(services)
  const room = services.rooms.open(`demo/account/${id}`)!
  room.hold()
  const before = services.rules!.checks
  for (const industry of ['Retail', 'Energy', 'Mining']) await room.edit('user:ada', (doc) => writeFields(doc, { industry }))
  await settle(services)
  expect(services.rules!.checks).toBe(before)
  await room.edit('user:ada', (doc) => writeFields(doc, { parentAccountId: uuidv7() }))
  await settle(services)
  expect(services.rules!.checks).toBe(before + 1)
  room.release()
})
