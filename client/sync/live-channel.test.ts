import 'fake-indexeddb/auto'
import { describe, expect, test } from 'vitest'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import { when } from './observable'
import { openReplica } from './replica'
import { docFromReplica } from './replica-doc'
import { syncTestBed } from './testing/test-bed'
import { editAndClose, newDocName, newNamespace, waitFor } from './testing/harness'


/** This file's server, with the owner and a colleague signed in; clients are destroyed after each test. */
const bed = syncTestBed()
const client = bed.client

describe('live channel', () => {
  test('catches up a held document that is not open, when the server pokes about it', async () => {
    const namespace = newNamespace()
    const a = client(bed.owner, namespace)
    await a.client.start()
    const [held, other] = [newDocName(), newDocName()]
    await editAndClose(a, held, (doc) => writeFields(doc, { firstName: 'Evelyn', lastName: 'Boyd Granville' }))
    await when(a.client.connection, (s) => s === 'online')
    const before = a.catchUps.length

    const b = client(bed.colleague)
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
    const a = client(bed.owner)
    await a.client.start()
    const name = newDocName()
    const session = await a.client.openDocument(name)
    await session.whenSynced()
    await when(a.client.connection, (s) => s === 'online')
    const before = a.catchUps.length

    const b = client(bed.colleague)
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
