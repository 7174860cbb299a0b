/**
 * Issue 4, acceptance 3 and 5: the primary contact stays a live contact of its account whatever
 * offline clients do and in whichever order their edits arrive; the server's repairs are in the
 * history as `server`; a reference to a record not uploaded yet is left alone for the grace period.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import type { Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { connectClient, createRecord, editFields, freshServices, historyOf, memoryStorage, projected, settle, sleep } from './domain-test-kit'
import { uuidv7 } from '../../shared/ids'

const GRACE_MS = 150
let storage: Storage
let services: Services
beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })
afterEach(async () => { await services.close() })

async function start(): Promise<void> {
  services = await freshServices(storage, { rules: { graceMs: GRACE_MS } })
}

/** Account A with contact mine (of A); account B with contact theirs (of B). */
async function world() {
  const a = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso' } })
  const b = await createRecord(services, 'demo', 'account', { fields: { name: 'Fabrikam' } })
  const mine = await createRecord(services, 'demo', 'contact', { fields: { lastName: 'McKay', accountId: a } })
  const theirs = await createRecord(services, 'demo', 'contact', { fields: { lastName: 'Other', accountId: b } })
  return { a, b, mine, theirs }
}

/**
 * Two offline clients of account A set different primary contacts (one valid, one another
 * account's); their edits arrive in `order`. Returns the value every replica ends with.
 */
async function offlineRace(validClientId: number, wrongClientId: number, order: 'valid-first' | 'wrong-first') {
  await start()
  const { a, mine, theirs } = await world()
  const docName = `demo/account/${a}`
  const valid = await connectClient(services, docName, validClientId, 'user:ada')
  const wrong = await connectClient(services, docName, wrongClientId, 'user:bob')
  writeFields(valid.doc, { primaryContactId: mine })
  writeFields(wrong.doc, { primaryContactId: theirs })
  const [first, second] = order === 'valid-first' ? [valid, wrong] : [wrong, valid]
  first.flushToServer()
  await settle(services, [first])
  second.flushToServer()
  await settle(services, [valid, wrong])
  const values = [readFields(valid.doc).primaryContactId, readFields(wrong.doc).primaryContactId, (await projected(services, 'demo', a))?.primaryContactId]
  const history = await historyOf(services, a, 'primaryContactId')
  return { values, mine, theirs, history }
}

for (const [validId, wrongId] of [[100, 200], [200, 100]] as const) {
  test(`two offline clients set different primary contacts, one another account's: one valid value or empty everywhere, the same in both arrival orders (client ids ${validId}/${wrongId})`, async () => {
    const one = await offlineRace(validId, wrongId, 'valid-first')
    const other = await offlineRace(validId, wrongId, 'wrong-first')
    for (const run of [one, other]) {
      // Identical on both clients and in the projection, and never the other account's contact.
      expect(new Set(run.values).size).toBe(1)
      expect([run.mine, null]).toContain(run.values[0])
    }
    // Both orders end alike: the valid contact when its client id wins the merge (Yjs keeps the
    // higher client id's write), empty when the other account's contact won and the server cleared it.
    for (const run of [one, other]) expect(run.values[0]).toBe(validId > wrongId ? run.mine : null)
    if (validId < wrongId) {
      for (const run of [one, other]) expect(run.history).toContainEqual({ old: run.theirs, new: null, actor: 'server', kind: 'edit' })
    }
  })
}

test('moving the primary contact to another account empties it, as the server', async () => {
  await start()
  const { a, b, mine } = await world()
  await editFields(services, 'demo', 'account', a, { primaryContactId: mine })
  await settle(services)
  expect((await projected(services, 'demo', a))?.primaryContactId).toBe(mine)
  await editFields(services, 'demo', 'contact', mine, { accountId: b }, 'user:bob')
  await settle(services)
  expect((await projected(services, 'demo', a))?.primaryContactId).toBeNull()
  expect(await historyOf(services, a, 'primaryContactId')).toContainEqual({ old: mine, new: null, actor: 'server', kind: 'edit' })
})

test('deleting the primary contact empties it, as the server, and checking again changes nothing', async () => {
  await start()
  const { a, mine } = await world()
  await editFields(services, 'demo', 'account', a, { primaryContactId: mine })
  await editFields(services, 'demo', 'contact', mine, { deleted: true }, 'user:bob')
  await settle(services)
  expect((await projected(services, 'demo', a))?.primaryContactId).toBeNull()
  const repairs = services.rules!.repairs
  services.rules!.enqueue(`demo/account/${a}`)
  services.rules!.enqueue(`demo/contact/${mine}`)
  await settle(services)
  expect(services.rules!.repairs).toBe(repairs)
  expect((await historyOf(services, a, 'primaryContactId')).filter((h) => h.actor === 'server')).toHaveLength(1)
})

test('a primary contact created offline and uploaded after its account is kept: no repair within the grace period', async () => {
  await start()
  const accountId = uuidv7()
  const contactId = uuidv7()
  // The contact names an account the server has not seen yet: accepted, and the link holds.
  await createRecord(services, 'demo', 'contact', { fields: { lastName: 'McKay', accountId } }, contactId)
  await settle(services)
  expect((await projected(services, 'demo', contactId))?.accountId).toBe(accountId)
  // The other way round: an account whose primary contact has not arrived yet...
  const laterContact = uuidv7()
  await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso', primaryContactId: laterContact } }, accountId)
  await settle(services)
  await sleep(GRACE_MS / 3)
  // ...arrives within the grace period, and the link holds after it has passed.
  await createRecord(services, 'demo', 'contact', { fields: { lastName: 'Late', accountId } }, laterContact)
  await sleep(GRACE_MS * 2)
  await settle(services)
  expect((await projected(services, 'demo', accountId))?.primaryContactId).toBe(laterContact)
  expect((await projected(services, 'demo', contactId))?.accountId).toBe(accountId)
  expect(services.rules!.repairs).toBe(0)
})

test('a primary contact that never arrives is emptied once the grace period has passed, not before', async () => {
  await start()
  const accountId = await createRecord(services, 'demo', 'account', { fields: { name: 'Contoso', primaryContactId: uuidv7() } })
  await settle(services)
  await sleep(GRACE_MS / 3)
  await settle(services)
  expect((await projected(services, 'demo', accountId))?.primaryContactId).not.toBeNull()
  await sleep(GRACE_MS * 2)
  await settle(services)
  expect((await projected(services, 'demo', accountId))?.primaryContactId).toBeNull()
  expect((await historyOf(services, accountId, 'primaryContactId')).at(-1)).toMatchObject({ new: null, actor: 'server' })
})
