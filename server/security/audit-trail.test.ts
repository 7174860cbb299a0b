/**
 * Issue 3, acceptance 9: every stored update carries who made it — a live edit (`user:<id>`), an
 * offline edit merged later (still the user who made it, not whoever was online), an edit by the
 * server (`server`: the demo seed, `room.submit`), and an edit through an API token on the catch-up
 * route (`token:<id>`). Each edit writes its own field, so each stored row says who wrote what.
 */
import * as Y from 'yjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import { seedDemo, DEMO_ACCOUNT_DOC } from '../storage/demo-seed'
import { SERVER_ACTOR } from '../auth/principal'
import { createTestUser, type TestUser } from '../testing/test-users'
import { loadStoredDoc } from '../testing/stored-doc'
import { call, catchUp, fieldsUpdate, storedUpdates, waitFor } from './support'
import { securityTestBed } from './test-bed'

const bed = securityTestBed()
let ada: TestUser
let bob: TestUser

beforeAll(async () => {
  ada = await createTestUser(bed.server.services, { role: 'member', name: 'Ada' })
  bob = await createTestUser(bed.server.services, { role: 'member', name: 'Bob' })
})

const open = bed.client

/** field → the actor of the stored update that wrote it. */
async function authorship(docName: string): Promise<Record<string, string>> {
  const byField: Record<string, string> = {}
  for (const { actor, fields } of await storedUpdates(bed.server.services, docName)) {
    expect(actor).toMatch(/^(user|token):[0-9a-f-]{36}$|^server$/)
    for (const key of Object.keys(fields)) byField[key] = actor
  }
  return byField
}

describe('every stored update names its actor', () => {
  test('live edits over the socket are stored as the signed-in user, stock and ours alike', async () => {
    const docName = `demo/account/${uuidv7()}`
    const adaClient = open(docName, ada)
    const bobClient = open(docName, bob, { tandem: true })
    await Promise.all([adaClient.whenSynced(), bobClient.whenSynced()])
    writeFields(adaClient.doc, { name: 'Acme' })
    writeFields(bobClient.doc, { phone: '+1 555 0100' })
    await waitFor(() => readFields(adaClient.doc).phone !== undefined && readFields(bobClient.doc).name !== undefined, 'both edits everywhere')
    expect(await authorship(docName)).toEqual({ name: `user:${ada.user.id}`, phone: `user:${bob.user.id}` })
  })

  test('an offline edit merged later is stored as the user who made it, while the one online edited too', async () => {
    const docName = `demo/account/${uuidv7()}`
    const adaClient = open(docName, ada)
    const bobClient = open(docName, bob)
    await Promise.all([adaClient.whenSynced(), bobClient.whenSynced()])
    writeFields(adaClient.doc, { name: 'Acme' })
    await waitFor(() => readFields(bobClient.doc).name === 'Acme', 'Bob to see Ada’s edit')
    adaClient.provider.disconnect()
    writeFields(adaClient.doc, { industry: 'Written on the train' })
    writeFields(bobClient.doc, { type: 'prospect' })
    await waitFor(async () => readFields(await loadStoredDoc(bed.server.services.storage.store, docName)).type === 'prospect', 'Bob’s edit to be stored')
    adaClient.provider.connect()
    await waitFor(() => readFields(bobClient.doc).industry === 'Written on the train', 'Ada’s offline edit to merge')
    expect(await authorship(docName)).toEqual({ name: `user:${ada.user.id}`, industry: `user:${ada.user.id}`, type: `user:${bob.user.id}` })
  })

  test('an offline edit merged through catch-up is stored as the user whose session sent it', async () => {
    const docName = `demo/account/${uuidv7()}`
    const offline = new Y.Doc()
    writeFields(offline, { name: 'Drafted offline' })
    const { docs } = await catchUp(bed.server.url, 'demo', [{ name: docName, stateVector: new Uint8Array([0]), update: Y.encodeStateAsUpdate(offline) }], { cookie: ada.cookie })
    expect(docs?.[0]?.status).toBe('ok')
    expect(await authorship(docName)).toEqual({ name: `user:${ada.user.id}` })
  })

  test('edits the server makes are stored as `server`: room.submit and the demo seed', async () => {
    const docName = `demo/account/${uuidv7()}`
    const result = await bed.server.services.rooms.with(docName, (room) => room.submit(fieldsUpdate({ accountNumber: 'repaired by the server' }), SERVER_ACTOR))
    expect(result.status).toBe('committed')
    expect(await authorship(docName)).toEqual({ accountNumber: 'server' })

    await seedDemo(bed.server.services)
    const seeded = await storedUpdates(bed.server.services, DEMO_ACCOUNT_DOC)
    expect(seeded.length).toBeGreaterThan(0)
    expect(seeded.map((u) => u.actor)).toEqual(seeded.map(() => 'server'))
  })

  test('an edit through an API token on the catch-up route is stored as `token:<id>`, not as the member who made the token', async () => {
    const created = await call(bed.server.url, 'POST', '/api/workspaces/demo/tokens', { cookie: ada.cookie, json: { name: 'CRM importer', role: 'member' } })
    expect(created.status).toBe(201)
    const docName = `demo/account/${uuidv7()}`
    const { docs } = await catchUp(bed.server.url, 'demo', [{ name: docName, stateVector: new Uint8Array([0]), update: fieldsUpdate({ name: 'Imported Ltd' }) }], { bearer: created.json.token })
    expect(docs?.[0]?.status).toBe('ok')
    expect(await authorship(docName)).toEqual({ name: `token:${created.json.id}` })
  })

  test('no stored update anywhere lacks an actor', async () => {
    await bed.server.services.rooms.idle()
    await bed.server.services.log.drain()
    const rows = await bed.server.services.storage.db.query<{ actor: string | null; n: number }>(
      `select actor, count(*)::int as n from doc_updates group by actor`)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row.actor).toMatch(/^(user|token):[0-9a-f-]{36}$|^server$/)
  })
})
