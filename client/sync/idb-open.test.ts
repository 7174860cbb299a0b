import 'fake-indexeddb/auto'
import { expect, test } from 'vitest'
import { catalogDatabaseName, openCatalogDatabase } from './catalog-store'
import { openLocalDatabase, watchLocalDatabases, type LocalDatabaseEvent } from './idb-open'
import { openReplica, replicaDatabaseName } from './replica'
import { makeSyncClient } from './sync-client'
import { SYNC_PROBLEM } from './sync-problems'
import type { WebSocketClass } from './doc-session'
import { newNamespace, waitFor } from './testing/harness'

/** What a newer build in another tab does: open the database at a higher version. */
function openNewer(name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

/** What an old build that never listens for `versionchange` holds: a connection that stays open. */
function openStubborn(name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version)
    request.onupgradeneeded = () => request.result.createObjectStore('catalog')
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function events(name: string): { seen: LocalDatabaseEvent[]; stop: () => void } {
  const seen: LocalDatabaseEvent[] = []
  return { seen, stop: watchLocalDatabases([name], (event) => seen.push(event)) }
}

test('the catalog\'s connection closes itself when another tab opens the database at a higher version, and says so', async () => {
  const namespace = newNamespace()
  const watched = events(catalogDatabaseName(namespace))
  const old = await openCatalogDatabase(namespace)
  const newer = await openNewer(catalogDatabaseName(namespace), old.version + 1)
  expect(newer.version).toBe(old.version + 1)
  expect(watched.seen).toEqual(['replaced'])
  newer.close()
  watched.stop()
})

test('the replica\'s connection closes itself when another tab opens the database at a higher version, and says so', async () => {
  const namespace = newNamespace()
  const watched = events(replicaDatabaseName(namespace))
  const replica = openReplica(namespace)
  await replica.appendUpdate('demo/contact/a', 'remote', new Uint8Array([0, 0]))
  const newer = await openNewer(replicaDatabaseName(namespace), 2)
  expect(newer.version).toBe(2)
  expect(watched.seen).toEqual(['replaced'])
  newer.close()
  watched.stop()
})

test('an open blocked by a connection that stays open says so, waits, and goes on once that connection closes', async () => {
  const name = `tandem-test:${newNamespace()}`
  const watched = events(name)
  const stubborn = await openStubborn(name, 1)
  let opened: IDBDatabase | null = null
  const opening = openLocalDatabase(name, 2, (request) => request.result.createObjectStore('rows')).then((db) => (opened = db))
  await waitFor('the open is blocked', () => watched.seen.includes('blocked'))
  expect(opened).toBeNull()
  stubborn.close()
  const db = await opening
  expect([...db.objectStoreNames]).toContain('rows')
  expect(watched.seen).toEqual(['blocked', 'unblocked'])
  db.close()
  watched.stop()
})

test('the sync client shows a blocked upgrade of the local catalog as a problem, and drops it once the upgrade went on', async () => {
  const namespace = newNamespace()
  const stubborn = await openStubborn(catalogDatabaseName(namespace), 1)
  const client = makeSyncClient({
    serverUrl: 'http://localhost:1', workspaceId: 'demo', namespace, connect: false,
    WebSocket: class {} as unknown as WebSocketClass, window: new EventTarget(),
  })
  await waitFor('the blocked upgrade is shown', () => client.problems.get().some((p) => p.kind === SYNC_PROBLEM.UPGRADE_BLOCKED))
  expect(client.problems.get().find((p) => p.kind === SYNC_PROBLEM.UPGRADE_BLOCKED)?.message).toMatch(/Close other Tandem tabs/)
  stubborn.close()
  await client.start()
  expect(client.problems.get().map((p) => p.kind)).toEqual([])
  await client.destroy()
})

test('the sync client asks for a reload when a newer build in another tab takes over the local databases', async () => {
  const namespace = newNamespace()
  const client = makeSyncClient({
    serverUrl: 'http://localhost:1', workspaceId: 'demo', namespace, connect: false,
    WebSocket: class {} as unknown as WebSocketClass, window: new EventTarget(),
  })
  await client.start()
  const newer = await openNewer(catalogDatabaseName(namespace), 3)
  const shown = client.problems.get().filter((p) => p.kind === SYNC_PROBLEM.UPDATED_ELSEWHERE)
  expect(shown.map((p) => p.message)).toEqual([expect.stringMatching(/updated in another tab.*reload this tab/)])
  newer.close()
  await client.destroy()
})
