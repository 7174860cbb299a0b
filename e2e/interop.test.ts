/**
 * Acceptance 1 (issue 2): the sync socket speaks the stock y-websocket protocol, so two stock
 * `WebsocketProvider` clients that know nothing of Tandem converge through the real server. They
 * are signed in (issue 3): their socket upgrades carry a session cookie, as a browser's do.
 */
import type * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { readFields, readText, writeFields, insertText, deleteText } from '../shared/doc/record-doc'
import { uuidv7 } from '../shared/ids'
import { MESSAGE } from '../shared/protocol/messages'
import { startTestServer, type TestServer } from '../server/testing/test-server'
import { createTestUser, type TestUser } from '../server/testing/test-users'
import { converged, loadStoredDoc } from './support/doc-state'
import { stockClient, type SyncClient } from './support/sync-client'
import { waitFor } from './support/wait'


const TEXTS = ['description', 'notes']
let server: TestServer
/** Three members of the demo workspace, each signed in. */
let people: Record<'alice' | 'bob' | 'carol', TestUser>
const clients: SyncClient[] = []

beforeAll(async () => {
  server = await startTestServer()
  const as = (name: string) => createTestUser(server.services, { name })
  people = { alice: await as('Alice'), bob: await as('Bob'), carol: await as('Carol') }
})
afterEach(() => { for (const c of clients.splice(0)) c.destroy() })
afterAll(async () => { await server?.close() })

function open(docName: string, as: TestUser): SyncClient {
  const client = stockClient(server.wsUrl, as, docName)
  clients.push(client)
  return client
}

async function storedDoc(docName: string): Promise<Y.Doc> {
  await server.services.rooms.idle()
  return loadStoredDoc(server.services.storage.store, docName)
}

describe('stock y-websocket clients', () => {
  test('two stock WebsocketProvider clients converge on one record document through the server, and storage holds the same state', async () => {
    const docName = `demo/account/${uuidv7()}`
    const alice = open(docName, people.alice)
    const bob = open(docName, people.bob)
    await Promise.all([alice.whenSynced(), bob.whenSynced()])

    // Concurrent edits on both sides: different fields, the same field, and the same text.
    writeFields(alice.doc, { name: 'Acme Corporation', industry: 'Manufacturing', type: 'prospect' })
    writeFields(bob.doc, { phone: '+1 555 0100', type: 'customer' })
    insertText(alice.doc, 'description', 0, 'Makes anvils. ')
    insertText(bob.doc, 'description', 0, 'Family owned. ')
    await waitFor(() => converged(alice.doc, bob.doc, TEXTS), 'alice and bob to converge')
    deleteText(bob.doc, 'description', 0, 7)
    writeFields(alice.doc, { industry: undefined })
    await waitFor(() => converged(alice.doc, bob.doc, TEXTS) && !('industry' in readFields(bob.doc)), 'the deletions to reach both')

    const fields = readFields(alice.doc)
    expect(fields).toMatchObject({ name: 'Acme Corporation', phone: '+1 555 0100' })
    expect(['prospect', 'customer']).toContain(fields.type)
    expect(readText(alice.doc, 'description')).toHaveLength('Makes anvils. Family owned. '.length - 7)

    const stored = await storedDoc(docName)
    expect(converged(stored, alice.doc, TEXTS)).toBe(true)
    // Stock clients never receive Tandem's extension messages.
    for (const client of [alice, bob]) {
      expect([...client.messageTypes].every((t) => t < MESSAGE.COMMITTED)).toBe(true)
      expect(client.closes).toEqual([])
    }
  })

  test('a stock client that joins later, and one that edited offline, both end with everything', async () => {
    const docName = `demo/contact/${uuidv7()}`
    const alice = open(docName, people.alice)
    const bob = open(docName, people.bob)
    await Promise.all([alice.whenSynced(), bob.whenSynced()])
    writeFields(alice.doc, { firstName: 'Ada', lastName: 'Lovelace' })
    await waitFor(() => readFields(bob.doc).firstName === 'Ada', 'bob to see alice’s edit')

    bob.provider.disconnect()
    writeFields(bob.doc, { email: 'ada@example.com' })
    insertText(bob.doc, 'notes', 0, 'Met at the analytical engine demo.')
    writeFields(alice.doc, { jobTitle: 'Mathematician' })
    bob.provider.connect()

    const carol = open(docName, people.carol)
    await waitFor(() => converged(alice.doc, bob.doc, TEXTS) && converged(bob.doc, carol.doc, TEXTS) && readFields(carol.doc).jobTitle !== undefined,
      'alice, bob and carol to converge')
    expect(readFields(carol.doc)).toEqual({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', jobTitle: 'Mathematician' })
    expect(readText(carol.doc, 'notes')).toBe('Met at the analytical engine demo.')
    expect(converged(await storedDoc(docName), carol.doc, TEXTS)).toBe(true)
  })

  test('stock clients see each other’s presence through awareness', async () => {
    const docName = `demo/account/${uuidv7()}`
    const alice = open(docName, people.alice)
    const bob = open(docName, people.bob)
    await Promise.all([alice.whenSynced(), bob.whenSynced()])
    alice.provider.awareness.setLocalStateField('field', 'name')
    const aliceForBob = () => bob.provider.awareness.getStates().get(alice.doc.clientID) as { user?: { name: string }; field?: string } | undefined
    await waitFor(() => aliceForBob()?.field === 'name', 'bob to see alice’s presence')
    // Who she is comes from her session (the server sets `user`).
    expect(aliceForBob()?.user?.name).toBe('Alice')

    // When alice leaves, bob sees her presence go.
    alice.destroy()
    clients.splice(clients.indexOf(alice), 1)
    await waitFor(() => !bob.provider.awareness.getStates().has(alice.doc.clientID), 'alice’s presence to be removed for bob')
  })
})
