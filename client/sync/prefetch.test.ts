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
let owner: TestUser
const clients: TestClient[] = []
const quick = { prefetch: { delay: 0, pause: 0, batchSize: 2 } }

beforeAll(async () => {
  server = await startTestServer()
  owner = await createTestUser(server.services, { name: 'Owner', role: 'owner' })
})
afterEach(async () => { await Promise.all(clients.splice(0).map((c) => c.client.destroy())) })
afterAll(async () => { await server.close() })

function client(namespace = newNamespace(), options: Parameters<typeof testClient>[3] = {}): TestClient {
  const c = testClient(server.url, owner, namespace, options)
  clients.push(c)
  return c
}

/** Three contacts the server has, written by another device of the same user. */
async function contactsOnServer(names: string[]): Promise<void> {
  const writer = client()
  await writer.client.start()
  for (const [i, name] of names.entries()) {
    const session = await writer.client.openDocument(name)
    await session.whenSynced()
    writeFields(session.doc, { firstName: 'Ada', lastName: `Number ${i}` })
    await waitFor(`${name} is committed`, () => session.waiting.get() === 0)
    await session.close()
  }
}

const held = async (namespace: string, name: string) => readFields(docFromReplica(await openReplica(namespace).loadDocument(name)))

describe('prefetch', () => {
  test('fetches the listed documents this device does not hold, in batches through the catch-up, so they open offline with their fields', async () => {
    const names = [newDocName(), newDocName(), newDocName()]
    await contactsOnServer(names)

    const namespace = newNamespace()
    const reader = client(namespace, quick)
    await reader.client.start()
    // The catalog has their rows first (as a list would), so no row moves while they are fetched.
    await waitFor('the catalog has the three rows', () => names.every((n) => reader.client.catalog.get(n.split('/')[2]!) !== null))
    reader.client.prefetch(names)
    await waitFor('the three documents are held', async () => (await openReplica(namespace).listDocuments()).length === 3)
    // Batches of two: two requests, the newest names first.
    expect(reader.catchUps.filter((batch) => batch.some((n) => names.includes(n)))).toEqual([[names[2], names[1]], [names[0]]])
    await reader.client.destroy()

    // Offline, on the same device: the record opens with what the server had.
    const offline = client(namespace, { connect: false })
    const session = await offline.client.openDocument(names[1]!)
    expect(readFields(session.doc)).toEqual({ firstName: 'Ada', lastName: 'Number 1' })
    expect(offline.catchUps).toEqual([])
  })

  test('asks nothing for documents already held, and nothing while offline until the client connects', async () => {
    const [heldName, newName] = [newDocName(), newDocName()]
    await contactsOnServer([heldName, newName])
    const namespace = newNamespace()
    const first = client(namespace)
    await first.client.start()
    await (await first.client.openDocument(heldName)).whenSynced()
    await first.client.destroy()

    const later = client(namespace, { ...quick, connect: false })
    await later.client.start()
    later.client.prefetch([heldName, newName])
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(later.catchUps).toEqual([])

    later.client.connect()
    await waitFor('the new document is held', async () => Object.keys(await held(namespace, newName)).length > 0)
    expect(later.catchUps.flat().filter((n) => n === heldName || n === newName)).not.toContain(heldName)
    expect(await held(namespace, newName)).toEqual({ firstName: 'Ada', lastName: 'Number 1' })
  })

  test('leaves out a document the server does not know, and does not ask for it again', async () => {
    const unknown = newDocName()
    const namespace = newNamespace()
    const c = client(namespace, quick)
    await c.client.start()
    await when(c.client.connection, (s) => s === 'online')
    c.client.prefetch([unknown])
    await waitFor('the request went out', () => c.catchUps.some((batch) => batch.includes(unknown)))
    await new Promise((resolve) => setTimeout(resolve, 100))
    c.client.prefetch([unknown])
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(c.catchUps.filter((batch) => batch.includes(unknown))).toHaveLength(1)
    expect(await openReplica(namespace).listDocuments()).toEqual([])
    expect(c.client.problems.get()).toEqual([])
  })
})
