import 'fake-indexeddb/auto'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import { startTestServer, type TestServer } from '../../server/testing/test-server'
import { createTestUser, type TestUser } from '../../server/testing/test-users'
import { when } from './observable'
import { openReplica } from './replica'
import { docFromReplica } from './replica-doc'
import { newDocName, newNamespace, testClient, waitFor, type TestClient } from './testing/harness'


let server: TestServer
/** Two people of the demo workspace (its owner and a member), each signed in with their own session. */
let owner: TestUser
let colleague: TestUser
const clients: TestClient[] = []

beforeAll(async () => {
  server = await startTestServer()
  owner = await createTestUser(server.services, { name: 'Owner', role: 'owner' })
  colleague = await createTestUser(server.services, { name: 'Colleague' })
})
afterEach(async () => { await Promise.all(clients.splice(0).map((c) => c.client.destroy())) })
afterAll(async () => { await server.close() })

function client(as: TestUser, namespace = newNamespace()): TestClient {
  const c = testClient(server.url, as, namespace)
  clients.push(c)
  return c
}

describe('live channel', () => {
  test('catches up a held document that is not open, when the server pokes about it', async () => {
    const namespace = newNamespace()
    const a = client(owner, namespace)
    await a.client.start()
    const [held, other] = [newDocName(), newDocName()]
    const session = await a.client.openDocument(held)
    await session.whenSynced()
    writeFields(session.doc, { firstName: 'Evelyn', lastName: 'Boyd Granville' })
    await waitFor('the edit is committed', () => session.waiting.get() === 0)
    await session.close()
    await when(a.client.connection, (s) => s === 'online')
    const before = a.catchUps.length

    const b = client(colleague)
    await b.client.start()
    const theirs = await b.client.openDocument(held)
    await theirs.whenSynced()
    writeFields(theirs.doc, { businessPhone: '+1 202 555 0100' })
    const unrelated = await b.client.openDocument(other)
    writeFields(unrelated.doc, { lastName: 'not held by A' })

    await waitFor('A holds the colleague\'s edit', async () =>
      readFields(docFromReplica(await openReplica(namespace).loadDocument(held))).businessPhone === '+1 202 555 0100')
    const pokes = a.catchUps.slice(before)
    expect(pokes.length).toBeGreaterThanOrEqual(1)
    expect(pokes.flat()).toContain(held)
    // Documents A does not hold are fetched when opened, never reconstructed or pulled by a poke.
    expect(pokes.flat()).not.toContain(other)
    expect(await openReplica(namespace).listDocuments()).toEqual([held])
  })

  test('leaves an open document to its socket, when the server pokes about it', async () => {
    const a = client(owner)
    await a.client.start()
    const name = newDocName()
    const session = await a.client.openDocument(name)
    await session.whenSynced()
    await when(a.client.connection, (s) => s === 'online')
    const before = a.catchUps.length

    const b = client(colleague)
    await b.client.start()
    const theirs = await b.client.openDocument(name)
    await theirs.whenSynced()
    writeFields(theirs.doc, { lastName: 'seen through the socket' })
    await waitFor('A sees the edit', () => readFields(session.doc).lastName === 'seen through the socket')
    // Give a poke time to arrive (the server coalesces them over 25 ms).
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(a.catchUps.slice(before).flat()).not.toContain(name)
  })
})
