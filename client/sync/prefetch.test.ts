import 'fake-indexeddb/auto'
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { readCatchUpRequest, writeCatchUpResponse, type CatchUpResponseDoc } from '../../shared/protocol/catch-up'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import { makeObservable, when } from './observable'
import { Prefetcher } from './prefetch'
import { openReplica } from './replica'
import { docFromReplica } from './replica-doc'
import { syncTestBed } from './testing/test-bed'
import { editAndClose, newDocName, newNamespace, waitFor } from './testing/harness'

/** This file's server, with the owner and a colleague signed in; clients are destroyed after each test. */
const bed = syncTestBed()
/** A client of the owner's. */
const client = (namespace = newNamespace(), options: Parameters<typeof bed.client>[2] = {}) => bed.client(bed.owner, namespace, options)
const quick = { prefetch: { delay: 0, pause: 0, batchSize: 2 } }

/** Three contacts the server has, written by another device of the same user. */
async function contactsOnServer(names: string[]): Promise<void> {
  const writer = client()
  await writer.client.start()
  for (const [i, name] of names.entries()) await editAndClose(writer, name, (doc) => writeFields(doc, { firstName: 'Ada', lastName: `Number ${i}` }))
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
    // Batches of two: two requests, in the order asked (a list's top first).
    expect(reader.catchUps.filter((batch) => batch.some((n) => names.includes(n)))).toEqual([[names[0], names[1]], [names[2]]])
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

describe('prefetch, against a scripted server', () => {
  /** A fetch that answers each catch-up with `answer(names)`, or fails while `down` is true. */
  function scripted(answer: (names: string[]) => CatchUpResponseDoc[]) {
    const state = { down: false, requests: [] as string[][] }
    const fetchFn: typeof fetch = async (_url, init) => {
      const names = readCatchUpRequest(init!.body as Uint8Array, 500).map((d) => d.name)
      state.requests.push(names)
      if (state.down) throw new TypeError('Failed to fetch')
      return new Response(writeCatchUpResponse(answer(names)) as Uint8Array<ArrayBuffer>, { status: 200 })
    }
    return { state, fetchFn }
  }
  function memoryReplica() {
    const remote = new Map<string, Uint8Array[]>()
    return {
      remote,
      listDocuments: async () => [...remote.keys()],
      appendUpdate: async (name: string, _kind: string, update: Uint8Array) => { remote.set(name, [...(remote.get(name) ?? []), update]) },
      saveCommitted: async () => {},
    }
  }
  const contentOf = (name: string) => {
    const doc = new Y.Doc()
    writeFields(doc, { lastName: name.slice(-4) })
    return Y.encodeStateAsUpdate(doc)
  }

  test('a batch that fails goes back to the queue, is not retried in a loop, and is fetched when the client is online again', async () => {
    const { state, fetchFn } = scripted((names) => names.map((name) => ({ name, status: 'ok', missing: contentOf(name), committed: new Uint8Array() })))
    const replica = memoryReplica()
    const online = makeObservable(true)
    const prefetcher = new Prefetcher({ replica, fetch: fetchFn, serverUrl: 'http://x', workspaceId: 'demo', online, isOpen: () => false, versionOf: () => 1, catchUp: () => {} }, { delay: 0, pause: 0 })
    const names = [newDocName(), newDocName()]
    state.down = true
    prefetcher.prefetch(names)
    await waitFor('the request failed', () => state.requests.length === 1)
    await prefetcher.idle()
    await new Promise((resolve) => setTimeout(resolve, 50))
    // No retry loop against a failing server: it waits for the next time the client is online.
    expect(state.requests).toHaveLength(1)
    expect(replica.remote.size).toBe(0)
    expect(prefetcher.queued).toBe(2)

    state.down = false
    online.set(false)
    online.set(true)
    await waitFor('both are held', () => replica.remote.size === 2)
    expect(readFields(docFromReplica({ docName: names[0]!, remote: replica.remote.get(names[0]!)!, local: [], committed: null }))).toEqual({ lastName: names[0]!.slice(-4) })
    await prefetcher.stop()
  })

  test('a document whose catalog row moved while it was fetched is handed to the catch-up; the others are not', async () => {
    const names = [newDocName(), newDocName()]
    const versions = new Map(names.map((n) => [n, 1]))
    const { fetchFn } = scripted((asked) => {
      versions.set(names[1]!, 2) // a colleague's edit lands between the answer and the next pull
      return asked.map((name) => ({ name, status: 'ok', missing: contentOf(name), committed: new Uint8Array() }))
    })
    const caughtUp: string[][] = []
    const prefetcher = new Prefetcher({
      replica: memoryReplica(), fetch: fetchFn, serverUrl: 'http://x', workspaceId: 'demo', online: makeObservable(true),
      isOpen: () => false, versionOf: (n) => versions.get(n), catchUp: (n) => caughtUp.push(n),
    }, { delay: 0, pause: 0 })
    prefetcher.prefetch(names)
    await waitFor('the catch-up was asked for', () => caughtUp.length === 1)
    expect(caughtUp).toEqual([[names[1]]])
    await prefetcher.stop()
  })

  test('a client fetches nothing while its window saw the user scroll in the quiet time, and fetches once it has passed', async () => {
    const names = [newDocName()]
    await contactsOnServer(names)
    const namespace = newNamespace()
    const reader = client(namespace, { ...quick, quietMs: 2000 })
    await reader.client.start()
    await waitFor('the catalog has the row', () => reader.client.catalog.get(names[0]!.split('/')[2]!) !== null)
    // The user scrolls as the list asks for its documents.
    reader.window.dispatchEvent(new Event('scroll'))
    const scrolledAt = Date.now()
    reader.client.prefetch(names)
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(reader.catchUps.filter((batch) => batch.includes(names[0]!))).toEqual([])
    await waitFor('the document is held', async () => (await openReplica(namespace).listDocuments()).includes(names[0]!))
    expect(Date.now() - scrolledAt).toBeGreaterThan(1900) // the quiet time, less the clocks' rounding
  })

  test('sends no request and writes nothing while the user scrolls or types, and goes on once the input is quiet', async () => {
    let busy = true
    let waiting: Array<() => void> = []
    const quiet = () => (busy ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve())
    const release = () => { busy = false; for (const resolve of waiting.splice(0)) resolve() }
    const { state, fetchFn } = scripted((names) => {
      busy = true // the user starts scrolling while the request is out
      return names.map((name) => ({ name, status: 'ok', missing: contentOf(name), committed: new Uint8Array() }))
    })
    const replica = memoryReplica()
    const prefetcher = new Prefetcher({
      replica, fetch: fetchFn, serverUrl: 'http://x', workspaceId: 'demo', online: makeObservable(true),
      isOpen: () => false, versionOf: () => 1, catchUp: () => {}, quiet,
    }, { delay: 0, pause: 0 })
    prefetcher.prefetch([newDocName(), newDocName()])
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(state.requests).toHaveLength(0)
    release()
    await waitFor('the request went out', () => state.requests.length === 1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(replica.remote.size).toBe(0)
    expect(waiting.length).toBeGreaterThan(0)
    release()
    await waitFor('both are held', () => replica.remote.size === 2)
    await prefetcher.stop()
  })

  test('fetches nothing more once the replica holds its limit of documents, so a huge workspace does not fill it', async () => {
    const { state, fetchFn } = scripted((names) => names.map((name) => ({ name, status: 'ok', missing: contentOf(name), committed: new Uint8Array() })))
    const replica = memoryReplica()
    const prefetcher = new Prefetcher({ replica, fetch: fetchFn, serverUrl: 'http://x', workspaceId: 'demo', online: makeObservable(true), isOpen: () => false, versionOf: () => 1, catchUp: () => {} },
      { delay: 0, pause: 0, batchSize: 2, limit: 3 })
    prefetcher.prefetch(Array.from({ length: 5 }, () => newDocName()))
    await waitFor('three are held', () => replica.remote.size === 3)
    await prefetcher.idle()
    expect(state.requests.map((r) => r.length)).toEqual([2, 1])
    prefetcher.prefetch([newDocName()])
    await prefetcher.idle()
    expect(replica.remote.size).toBe(3)
    await prefetcher.stop()
  })
})
