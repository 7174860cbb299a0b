import 'fake-indexeddb/auto'
import * as Y from 'yjs'
import { describe, expect, test, vi } from 'vitest'
import { readFields, readText, writeFields, writeText } from '../../shared/doc/record-doc'
import { when } from './observable'
import { openReplica } from './replica'
import { docFromReplica } from './replica-doc'
import { SYNC_PROBLEM } from './sync-problems'
import { syncTestBed } from './testing/test-bed'
import { editAndClose, newDocName, newNamespace, storedDoc, waitFor, type TestClient } from './testing/harness'


/** This file's server, with the owner and a colleague signed in; clients are destroyed after each test. */
const bed = syncTestBed()
const client = bed.client

/** Opens a document of an offline client, edits it and closes it (saved locally, nothing sent). */
async function editOffline(c: TestClient, name: string, edit: (doc: import('yjs').Doc) => void): Promise<void> {
  const session = await c.client.openDocument(name)
  edit(session.doc)
  await session.close()
}

/** A held document's fields and its long text (a contact's notes, an account's description). */
const heldState = async (namespace: string, name: string, textRoot = 'notes') => {
  const doc = docFromReplica(await openReplica(namespace).loadDocument(name))
  return { fields: readFields(doc), text: readText(doc, textRoot) }
}

describe('catch-up', () => {
  test('brings the documents changed while away and uploads the offline changes, in one request and without a socket per document', async () => {
    const namespace = newNamespace()
    const [first, second, third] = [newDocName(), newDocName('account'), newDocName()]
    const away = client(bed.owner, namespace)
    await away.client.start()
    await editAndClose(away, first, (doc) => writeFields(doc, { firstName: 'Katherine', lastName: 'Johnson' }))
    await editAndClose(away, second, (doc) => writeFields(doc, { name: 'NASA Langley' }))
    await away.client.destroy()

    // While A is away, a colleague changes both documents.
    const b = client(bed.colleague)
    await b.client.start()
    await editAndClose(b, first, (doc) => writeFields(doc, { businessPhone: '+1 757 864 1000' }))
    await editAndClose(b, second, (doc) => writeText(doc, 'description', 'Flight research.'))
    await b.client.destroy()

    // A comes back offline first, changes one held document and creates another, then connects.
    const back = client(bed.owner, namespace, { connect: false })
    await back.client.start()
    await editOffline(back, second, (doc) => writeFields(doc, { industry: 'Aerospace' }))
    await editOffline(back, third, (doc) => writeFields(doc, { firstName: 'Dorothy', lastName: 'Vaughan' }))
    expect(back.client.waiting.get()).toBe(2)
    expect(back.catchUps).toEqual([])

    back.client.connect()
    await when(back.client.connection, (s) => s === 'online')
    await waitFor('the offline changes are committed', () => back.client.waiting.get() === 0)

    // The first request carried all three; any later one is the server's poke about the upload
    // itself (a poke does not say who committed), which finds nothing new.
    expect([...back.catchUps[0]!].sort()).toEqual([first, second, third].sort())
    expect(back.catchUps.slice(1).flat().every((name) => name === second || name === third)).toBe(true)
    expect(bed.server.services.rooms.connectionCount).toBe(0)
    expect(await heldState(namespace, first)).toEqual({ fields: { firstName: 'Katherine', lastName: 'Johnson', businessPhone: '+1 757 864 1000' }, text: '' })
    expect(await heldState(namespace, second, 'description')).toEqual({ fields: { name: 'NASA Langley', industry: 'Aerospace' }, text: 'Flight research.' })
    expect(readFields(await storedDoc(bed.server.services.storage.store, second))).toEqual({ name: 'NASA Langley', industry: 'Aerospace' })
    expect(readFields(await storedDoc(bed.server.services.storage.store, third))).toEqual({ firstName: 'Dorothy', lastName: 'Vaughan' })
  })

  test('asks only for the documents the server changed and those with waiting changes, when told which changed', async () => {
    const namespace = newNamespace()
    const [quiet, changed] = [newDocName(), newDocName()]
    const a = client(bed.owner, namespace)
    await a.client.start()
    await editAndClose(a, quiet, (doc) => writeFields(doc, { lastName: 'quiet' }))
    await editAndClose(a, changed, (doc) => writeFields(doc, { lastName: 'before' }))
    await a.client.destroy()

    const b = client(bed.colleague)
    await b.client.start()
    await editAndClose(b, changed, (doc) => writeFields(doc, { lastName: 'after' }))

    const back = client(bed.owner, namespace, { documentsChangedOnServer: (held) => held.filter((name) => name === changed) })
    await back.client.start()
    await waitFor('the changed document arrived', async () => (await heldState(namespace, changed)).fields.lastName === 'after')
    expect(back.catchUps[0]).toEqual([changed])
  })

  test('asks the server and the replica only about the one changed document, when many are held and nothing is listed', async () => {
    const namespace = newNamespace()
    const changed = newDocName()
    const a = client(bed.owner, namespace)
    await a.client.start()
    await editAndClose(a, changed, (doc) => writeFields(doc, { lastName: 'before' }))
    // Many more held documents the server never changes (a large replica, in small).
    const others = Array.from({ length: 300 }, () => newDocName())
    const seed = new Y.Doc()
    writeFields(seed, { lastName: 'held' })
    for (const name of others) await a.client.replica.appendUpdate(name, 'remote', Y.encodeStateAsUpdate(seed))
    await when(a.client.connection, (state) => state === 'online')
    const listed = vi.spyOn(a.client.replica, 'listDocuments')
    const looked = vi.spyOn(a.client.replica, 'holding')
    const sentBefore = a.catchUps.length

    const b = client(bed.colleague)
    await b.client.start()
    await editAndClose(b, changed, (doc) => writeFields(doc, { lastName: 'after' }))

    await waitFor('the changed document arrived', async () => (await heldState(namespace, changed)).fields.lastName === 'after')
    const sent = a.catchUps.slice(sentBefore)
    expect(sent.length).toBeGreaterThan(0)
    for (const request of sent) expect(request).toEqual([changed])
    expect(listed).not.toHaveBeenCalled()
    for (const [asked] of looked.mock.calls) expect([...asked]).toEqual([changed])
  })

  test('reports a readable problem and keeps the waiting changes, when the catch-up request fails', async () => {
    const namespace = newNamespace()
    const offline = client(bed.owner, namespace, { connect: false })
    await offline.client.start()
    await editOffline(offline, newDocName(), (doc) => writeFields(doc, { lastName: 'kept' }))
    await offline.client.destroy()

    const failing = client(bed.owner, namespace, { fetch: async () => new Response(JSON.stringify({ error: { code: 'INTERNAL', message: 'Something went wrong on the server.' } }), { status: 500 }) })
    await failing.client.start()
    await waitFor('the failure is reported', () => failing.client.problems.get().length > 0)
    expect(failing.client.problems.get()).toMatchObject([{ kind: SYNC_PROBLEM.CATCH_UP_FAILED, message: 'The server refused to catch up (500): Something went wrong on the server.' }])
    expect(failing.client.waiting.get()).toBe(1)
    await when(failing.client.connection, (s) => s === 'online')
  })
})
