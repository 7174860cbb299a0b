import 'fake-indexeddb/auto'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { deleteText, readFields, readText, writeFields, writeText } from '../../shared/doc/record-doc'
import { createStore, set } from 'idb-keyval'
import { when } from './observable'
import { REPLICA_STORE_NAME, openReplica, replicaDatabaseName } from './replica'
import { ReplicaCorruptError, updateKey } from './replica-entries'
import { SYNC_PROBLEM } from './sync-problems'
import { flakyNetwork, type FlakyNetwork } from './testing/flaky-network'
import { newDocName, newNamespace, storedDoc, waitFor } from './testing/harness'
import { syncTestBed } from './testing/test-bed'


/** This file's server, with the owner and a colleague signed in; clients are destroyed after each test. */
const bed = syncTestBed()
/** A proxy in front of the server whose network a test can cut (restored after each test, before its clients are destroyed). */
let network: FlakyNetwork
beforeAll(async () => { network = await flakyNetwork(bed.server.port) })
afterEach(() => { network.restore() })
afterAll(async () => { await network.close() })
const client = bed.client

const stored = (name: string) => storedDoc(bed.server.services.storage.store, name)

describe('offline merge (acceptance 3)', () => {
  test('keeps all three edits on both clients and on the server, when A edits a field and a text offline while B edits another field', async () => {
    const a = client(bed.owner, newNamespace(), {}, network.url)
    const b = client(bed.colleague)
    await Promise.all([a.client.start(), b.client.start()])
    const name = newDocName()
    const sa = await a.client.openDocument(name)
    const sb = await b.client.openDocument(name)
    writeFields(sa.doc, { firstName: 'Ada', lastName: 'Lovelace' })
    await waitFor('B sees the shared starting point', () => readFields(sb.doc).lastName === 'Lovelace')
    await waitFor('A has nothing waiting', () => a.client.waiting.get() === 0)

    network.cut()
    await waitFor('A notices it is offline', () => sa.status.get() === 'offline' && a.client.connection.get() === 'offline')
    expect(bed.server.services.rooms.connectionCount).toBe(1) // only B's socket is left on the server

    writeFields(sa.doc, { businessPhone: '+44 20 7946 0000' })
    writeText(sa.doc, 'notes', 'Met at the Analytical Engine demo.')
    writeFields(sb.doc, { email: 'ada@example.org' })
    await waitFor('B\'s edit is stored', async () => readFields(await stored(name)).email === 'ada@example.org')
    expect(a.client.waiting.get()).toBe(2)
    expect(readFields(sa.doc).email).toBeUndefined()

    network.restore()
    a.window.dispatchEvent(new Event('online'))
    await waitFor('A is back and caught up', () => a.client.connection.get() === 'online' && a.client.waiting.get() === 0)

    const expected = { firstName: 'Ada', lastName: 'Lovelace', businessPhone: '+44 20 7946 0000', email: 'ada@example.org' }
    await waitFor('B has A\'s offline edits', () => readText(sb.doc, 'notes') === 'Met at the Analytical Engine demo.' && readFields(sb.doc).businessPhone !== undefined)
    expect(readFields(sa.doc)).toEqual(expected)
    expect(readFields(sb.doc)).toEqual(expected)
    expect(readText(sa.doc, 'notes')).toBe('Met at the Analytical Engine demo.')
    const onServer = await stored(name)
    expect(readFields(onServer)).toEqual(expected)
    expect(readText(onServer, 'notes')).toBe('Met at the Analytical Engine demo.')
  })
})

describe('waiting changes', () => {
  test('counts offline changes, keeps counting them after the replica is reopened, and returns to 0 once the server committed them', async () => {
    const namespace = newNamespace()
    const a = client(bed.owner, namespace)
    await a.client.start()
    const name = newDocName()
    const session = await a.client.openDocument(name)
    writeFields(session.doc, { firstName: 'Grace', lastName: 'Hopper' })
    writeText(session.doc, 'notes', 'Hello world')
    await waitFor('the online edits are committed', () => a.client.waiting.get() === 0 && session.waiting.get() === 0)

    a.client.disconnect()
    writeFields(session.doc, { businessPhone: '+1 555 0100' })
    writeFields(session.doc, { jobTitle: 'Rear Admiral' })
    expect(a.client.waiting.get()).toBe(2)
    deleteText(session.doc, 'notes', 10, 1) // a backspace: a pure deletion, no new struct
    expect(a.client.waiting.get()).toBe(3)
    expect(session.waiting.get()).toBe(3)
    await a.client.destroy()

    // A reload: a new client on the same namespace, still offline.
    const again = client(bed.owner, namespace, { connect: false })
    await again.client.start()
    expect(again.client.waiting.get()).toBe(3)

    again.client.connect()
    await waitFor('the waiting changes are committed', () => again.client.waiting.get() === 0)
    const onServer = await stored(name)
    expect(readFields(onServer)).toEqual({ firstName: 'Grace', lastName: 'Hopper', businessPhone: '+1 555 0100', jobTitle: 'Rear Admiral' })
    expect(readText(onServer, 'notes')).toBe('Hello worl')
  })

  test('a catch-up round that began online sends nothing of the changes made after going offline', async () => {
    const namespace = newNamespace()
    // The round's catalog pull is held at the server's door until the test lets it through.
    let release = () => {}
    const gate = new Promise<void>((resolve) => { release = resolve })
    let holdPulls = false
    let offline = false
    let pullHeld = () => {}
    const held = new Promise<void>((resolve) => { pullHeld = resolve })
    const sent: string[] = []
    const gatedFetch: typeof fetch = async (input, init) => {
      const url = String(input)
      if (holdPulls && url.includes('/catalog?')) {
        pullHeld()
        await gate
      }
      if (url.endsWith('/catch-up') && offline) sent.push(new TextDecoder().decode(init?.body as Uint8Array))
      const headers = new Headers(init?.headers)
      headers.set('cookie', bed.owner.cookie)
      return fetch(input, { ...init, headers })
    }
    const a = client(bed.owner, namespace, { fetch: gatedFetch })
    await a.client.start()
    const name = newDocName()
    const session = await a.client.openDocument(name)
    writeFields(session.doc, { firstName: 'Grace', lastName: 'Hopper' })
    await waitFor('the online edit is committed', () => a.client.waiting.get() === 0)
    await session.close()

    holdPulls = true
    const round = a.client.catchUp()
    await held
    a.client.disconnect()
    offline = true
    const again = await a.client.openDocument(name)
    writeFields(again.doc, { jobTitle: 'Rear Admiral' })
    await again.close() // no longer open: a round would otherwise upload it over HTTP
    expect(a.client.waiting.get()).toBe(1)
    release()
    await round

    expect(sent.filter((body) => body.includes(name))).toEqual([])
    expect(a.client.waiting.get()).toBe(1)
    expect(readFields(await stored(name)).jobTitle).toBeUndefined()
  })

  test('counts a lone backspace as waiting until a committed snapshot covers it, across a reload and through the document socket', async () => {
    const namespace = newNamespace()
    const a = client(bed.owner, namespace)
    await a.client.start()
    const name = newDocName()
    const session = await a.client.openDocument(name)
    writeText(session.doc, 'notes', 'Hello')
    await waitFor('the text is committed', () => a.client.waiting.get() === 0)

    a.client.disconnect()
    deleteText(session.doc, 'notes', 4, 1)
    expect(a.client.waiting.get()).toBe(1)
    await a.client.destroy()

    const again = client(bed.owner, namespace, { connect: false })
    await again.client.start()
    expect(again.client.waiting.get()).toBe(1)
    const reopened = await again.client.openDocument(name)
    expect(readText(reopened.doc, 'notes')).toBe('Hell')
    expect(reopened.status.get()).toBe('offline') // loaded from the replica, no socket yet
    again.client.connect()
    await reopened.whenSynced()
    await waitFor('the backspace is committed', () => again.client.waiting.get() === 0)
    expect(readText(await stored(name), 'notes')).toBe('Hell')
  })
})

describe('document sessions', () => {
  test('shares presence through the awareness of the stock provider, when two users open one record', async () => {
    const a = client(bed.owner)
    const b = client(bed.colleague)
    await Promise.all([a.client.start(), b.client.start()])
    const name = newDocName()
    const sa = await a.client.openDocument(name)
    const sb = await b.client.openDocument(name)
    await Promise.all([sa.whenSynced(), sb.whenSynced()])
    // As the record page does: who I am under `user`, the field I am in beside it.
    sa.awareness.setLocalState({ user: { name: 'someone else' }, field: 'phone' })
    const seenByB = () => sb.awareness.getStates().get(sa.doc.clientID) as { user?: { id?: string; name?: string }; field?: string } | undefined
    await waitFor('B sees A in the phone field', () => seenByB()?.field === 'phone')
    // The server sets who A is from A's session, whatever A claimed.
    expect(seenByB()!.user).toMatchObject({ id: bed.owner.user.id, name: 'Owner' })
  })

  test('folds the document\'s replica into one key, when its session closes with everything committed', async () => {
    const namespace = newNamespace()
    const a = client(bed.owner, namespace)
    await a.client.start()
    const name = newDocName()
    const session = await a.client.openDocument(name)
    await session.whenSynced()
    for (let i = 0; i < 5; i++) writeFields(session.doc, { lastName: `draft ${i}` })
    await waitFor('the edits are committed', () => session.waiting.get() === 0)
    await session.close()
    const stored = await openReplica(namespace).loadDocument(name)
    expect({ remote: stored.remote.length, local: stored.local.length }).toEqual({ remote: 1, local: 0 })
  })

  test('reports a corrupt document and keeps syncing the others, when the replica holds a damaged entry', async () => {
    const namespace = newNamespace()
    const [broken, fine] = [newDocName(), newDocName()]
    const a = client(bed.owner, namespace, { connect: false })
    await a.client.start()
    for (const name of [broken, fine]) {
      const session = await a.client.openDocument(name)
      writeFields(session.doc, { lastName: name })
      await session.close()
    }
    await a.client.destroy()
    await set(updateKey('local', broken, 99), { v: 1, update: null }, createStore(replicaDatabaseName(namespace), REPLICA_STORE_NAME))

    const again = client(bed.owner, namespace)
    await again.client.start()
    expect(again.client.problems.get()).toMatchObject([{ kind: SYNC_PROBLEM.REPLICA_CORRUPT, docName: broken }])
    expect(again.client.problems.get()[0]!.message).toContain(`The local copy of ${broken} is damaged`)
    await waitFor('the healthy document is uploaded', async () => readFields(await stored(fine)).lastName === fine)
    await expect(again.client.openDocument(broken)).rejects.toThrow(ReplicaCorruptError)
    expect((await again.client.openDocument(fine)).doc).toBeDefined()
  })
})

describe('reconnect triggers', () => {
  test('reconnects at once when the tab becomes visible, not before, when the backoff would wait longer', async () => {
    let visible = false
    const a = client(bed.owner, newNamespace(), { maxBackoffTime: 60_000, isVisible: () => visible }, network.url)
    await a.client.start()
    const session = await a.client.openDocument(newDocName())
    await when(a.client.connection, (s) => s === 'online')
    network.cut()
    // Long enough for several failed attempts (at about 0.1, 0.3, 0.7, 1.5 and 3.1 s): the next
    // one is then about 3 s away.
    await new Promise((resolve) => setTimeout(resolve, 3300))
    network.restore()
    a.window.dispatchEvent(new Event('visibilitychange'))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(a.client.connection.get()).toBe('offline')
    visible = true
    const before = Date.now()
    a.window.dispatchEvent(new Event('visibilitychange'))
    await waitFor('the session and the live channel reconnected', () => session.status.get() === 'synced' && a.client.connection.get() === 'online', 5000)
    expect(Date.now() - before).toBeLessThan(1500)
  })
})
