/**
 * Issue 4, acceptance 4: two offline clients make A the parent of B and B the parent of A; after
 * sync there is no cycle, the same account lost its parent in both arrival orders, and the history
 * says the server changed it.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import type { Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { connectClient, createRecord, editFields, freshServices, historyOf, memoryStorage, projected, settle } from './domain-test-kit'
import { parentCycle } from './parent-cycle-rule'

let storage: Storage
let services: Services
beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })
afterEach(async () => { await services.close() })

async function offlineCycle(order: 'a-first' | 'b-first') {
  services = await freshServices(storage, { rules: { graceMs: 50 } })
  const a = await createRecord(services, 'demo', 'account', { fields: { name: 'Alpha' } })
  const b = await createRecord(services, 'demo', 'account', { fields: { name: 'Beta' } })
  const onA = await connectClient(services, `demo/account/${a}`, 101, 'user:ada')
  const onB = await connectClient(services, `demo/account/${b}`, 202, 'user:bob')
  writeFields(onA.doc, { parentAccountId: b })
  writeFields(onB.doc, { parentAccountId: a })
  const [first, second] = order === 'a-first' ? [onA, onB] : [onB, onA]
  first.flushToServer()
  await settle(services, [first])
  second.flushToServer()
  await settle(services, [onA, onB])
  const parents = {
    a: { client: readFields(onA.doc).parentAccountId ?? null, projected: (await projected(services, 'demo', a))?.parentAccountId ?? null },
    b: { client: readFields(onB.doc).parentAccountId ?? null, projected: (await projected(services, 'demo', b))?.parentAccountId ?? null },
  }
  const result = {
    parents,
    // Which one kept its parent, by role rather than id: the greater id or the smaller.
    greaterKept: (a > b ? parents.a : parents.b).projected !== null,
    smallerKept: (a > b ? parents.b : parents.a).projected !== null,
    cycle: await parentCycle(services.storage.db, 'demo', a),
    greaterHistory: await historyOf(services, a > b ? a : b, 'parentAccountId'),
    smaller: a > b ? b : a,
  }
  return result
}

test('A parent of B and B parent of A made offline end without a cycle, the same in both arrival orders, repaired as the server', async () => {
  for (const order of ['a-first', 'b-first'] as const) {
    const run = await offlineCycle(order)
    expect(run.cycle).toBeNull()
    // Every replica agrees with the projection.
    expect(run.parents.a.client).toBe(run.parents.a.projected)
    expect(run.parents.b.client).toBe(run.parents.b.projected)
    // The account with the greater id lost its parent; the other kept it.
    expect(run.greaterKept).toBe(false)
    expect(run.smallerKept).toBe(true)
    expect(run.greaterHistory).toContainEqual({ old: run.smaller, new: null, actor: 'server', kind: 'edit' })
    await services.close()
  }
})

test('a cycle of three made by three edits is broken once, at the greatest id, and a chain without a cycle is left alone', async () => {
  services = await freshServices(storage, { rules: { graceMs: 50 } })
  const ids = [] as string[]
  for (const name of ['One', 'Two', 'Three', 'Four']) ids.push(await createRecord(services, 'demo', 'account', { fields: { name } }))
  const [one, two, three, four] = ids as [string, string, string, string]
  await editFields(services, 'demo', 'account', one, { parentAccountId: two })
  await editFields(services, 'demo', 'account', two, { parentAccountId: three })
  await editFields(services, 'demo', 'account', four, { parentAccountId: one })
  await settle(services)
  expect(services.rules!.repairs).toBe(0)
  await editFields(services, 'demo', 'account', three, { parentAccountId: one })
  await settle(services)
  expect(services.rules!.repairs).toBe(1)
  const greatest = [one, two, three].sort().at(-1)!
  expect((await projected(services, 'demo', greatest))?.parentAccountId).toBeNull()
  for (const id of ids) expect(await parentCycle(services.storage.db, 'demo', id)).toBeNull()
  // The account hanging under the cycle keeps its parent.
  expect((await projected(services, 'demo', four))?.parentAccountId).toBe(one)
})

test('an account naming itself as its parent loses that parent', async () => {
  services = await freshServices(storage, { rules: { graceMs: 50 } })
  const a = await createRecord(services, 'demo', 'account', { fields: { name: 'Self' } })
  await editFields(services, 'demo', 'account', a, { parentAccountId: a })
  await settle(services)
  expect((await projected(services, 'demo', a))?.parentAccountId).toBeNull()
  expect(await historyOf(services, a, 'parentAccountId')).toContainEqual({ old: a, new: null, actor: 'server', kind: 'edit' })
})
