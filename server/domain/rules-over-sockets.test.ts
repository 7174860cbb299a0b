/**
 * Issue 4, acceptances 3 and 4 over real sockets: stock y-websocket providers edit offline, connect
 * one after the other (both orders), and end identical to each other and to the projection, with
 * the server's repair reaching the open editors.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import { client, waitFor, type Client } from '../security/support'
import { startTestServer, type TestServer } from '../testing/test-server'
import { createTestUser, type TestUser } from '../testing/test-users'
import { createRecord, projected } from './domain-test-kit'
import { parentCycle } from './parent-cycle-rule'

let server: TestServer
let ada: TestUser
let bob: TestUser
beforeAll(async () => {
  server = await startTestServer()
  ada = await createTestUser(server.services)
  bob = await createTestUser(server.services)
})
afterAll(async () => { await server.close() })

/** Connects `first`, waits until its edit is committed, then `second`; waits for every replica to agree. */
async function connectInOrder(first: Client, second: Client, agreed: () => Promise<boolean>): Promise<void> {
  first.provider.connect()
  await first.whenSynced()
  await server.services.rooms.idle()
  await server.services.rules!.idle()
  second.provider.connect()
  await second.whenSynced()
  await waitFor(async () => {
    await server.services.rooms.idle()
    await server.services.log.drain()
    await server.services.rules!.idle()
    return agreed()
  }, 'every replica to agree')
}

for (const order of ['valid first', 'wrong first'] as const) {
  test(`two offline editors set different primary contacts, one another account's, connecting ${order}: every replica ends with the valid one or empty`, async () => {
    const a = await createRecord(server.services, 'demo', 'account', { fields: { name: 'Contoso' } })
    const b = await createRecord(server.services, 'demo', 'account', { fields: { name: 'Fabrikam' } })
    const mine = await createRecord(server.services, 'demo', 'contact', { fields: { lastName: 'McKay', accountId: a } })
    const theirs = await createRecord(server.services, 'demo', 'contact', { fields: { lastName: 'Other', accountId: b } })
    // The wrong edit has the higher client id, so it wins the merge and the server must clear it.
    const valid = client(server.wsUrl, `demo/account/${a}`, ada, { connect: false, clientId: 1001 })
    const wrong = client(server.wsUrl, `demo/account/${a}`, bob, { connect: false, clientId: 2002 })
    try {
      writeFields(valid.doc, { primaryContactId: mine })
      writeFields(wrong.doc, { primaryContactId: theirs })
      const [first, second] = order === 'valid first' ? [valid, wrong] : [wrong, valid]
      await connectInOrder(first, second, async () => {
        const values = [readFields(valid.doc).primaryContactId, readFields(wrong.doc).primaryContactId, (await projected(server.services, 'demo', a))?.primaryContactId]
        return values.every((v) => v === null)
      })
      const history = await server.services.storage.db.query<{ old: unknown; actor: string }>(
        `select old, actor from field_history where record_id = $1 and field = 'primaryContactId' and new is null and kind = 'edit'`, [a])
      expect(history).toContainEqual({ old: theirs, actor: 'server' })
    } finally {
      valid.destroy()
      wrong.destroy()
    }
  })

  test(`two offline editors make A the parent of B and B the parent of A, connecting ${order === 'valid first' ? 'A first' : 'B first'}: no cycle anywhere, the greater id lost its parent`, async () => {
    const a = await createRecord(server.services, 'demo', 'account', { fields: { name: 'Alpha' } })
    const b = await createRecord(server.services, 'demo', 'account', { fields: { name: 'Beta' } })
    const onA = client(server.wsUrl, `demo/account/${a}`, ada, { connect: false })
    const onB = client(server.wsUrl, `demo/account/${b}`, bob, { connect: false })
    try {
      writeFields(onA.doc, { parentAccountId: b })
      writeFields(onB.doc, { parentAccountId: a })
      const [first, second] = order === 'valid first' ? [onA, onB] : [onB, onA]
      const [greater, smaller] = a > b ? [onA, onB] : [onB, onA]
      await connectInOrder(first, second, async () =>
        readFields(greater.doc).parentAccountId === null && readFields(smaller.doc).parentAccountId === (a > b ? a : b))
      expect(await parentCycle(server.services.storage.db, 'demo', a)).toBeNull()
      expect((await projected(server.services, 'demo', a > b ? a : b))?.parentAccountId).toBeNull()
    } finally {
      onA.destroy()
      onB.destroy()
    }
  })
}
