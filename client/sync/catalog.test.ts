import 'fake-indexeddb/auto'
import { describe, expect, test } from 'vitest'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import { readCatalogPage, type CatalogRow } from '../../shared/protocol/catalog'
import type { TestUser } from '../../server/testing/test-users'
import { when } from './observable'
import { SYNC_PROBLEM } from './sync-problems'
import { openReplica } from './replica'
import { docFromReplica } from './replica-doc'
import { syncTestBed } from './testing/test-bed'
import { editAndClose, newDocName, newNamespace, waitFor, type TestClient } from './testing/harness'

/** This file's server, with the owner and a colleague signed in; clients are destroyed after each test. */
const bed = syncTestBed()

/** What a client asked the server for: catalog pulls (with the rows they brought) and catch-ups. */
interface Traffic {
  pulls: Array<{ url: string; rows: CatalogRow[]; next: string | null }>
  catchUps: string[][]
}

function client(as: TestUser, namespace = newNamespace(), options: { connect?: boolean; catalogPageSize?: number } = {}): TestClient & { traffic: Traffic } {
  const traffic: Traffic = { pulls: [], catchUps: [] }
  const recording: typeof fetch = async (input, init) => {
    const url = String(input)
    const headers = new Headers(init?.headers)
    headers.set('cookie', as.cookie)
    if (url.endsWith('/catch-up')) {
      const text = new TextDecoder().decode(init?.body as Uint8Array)
      traffic.catchUps.push([...text.matchAll(/demo\/[a-z-]+\/[0-9a-f-]{36}/g)].map((m) => m[0]))
    }
    const response = await fetch(input, { ...init, headers })
    if (url.includes('/catalog?') && response.ok) traffic.pulls.push({ url, ...readCatalogPage(await response.clone().json()) })
    return response
  }
  return { ...bed.client(as, namespace, { ...options, fetch: recording }), traffic }
}

const idOf = (name: string) => name.split('/')[2]!
/** The server's catalog sequence once every commit so far is in it (written behind the journal). */
const serverSeq = async () => {
  await bed.server.services.storage.store.stored()
  return Number((await bed.server.services.storage.db.query<{ seq: number }>(`select seq from catalog_counters where workspace_id = 'demo'`))[0]?.seq ?? 0)
}

/** Until the client has pulled everything the server has and caught up what that asked for. */
async function settled(c: TestClient): Promise<void> {
  await waitFor('the catalog has caught up with the server', async () => c.client.catalog.seq.get() === await serverSeq())
  await when(c.client.connection, (s) => s === 'online')
}

describe('local catalog', () => {
  test('a client back from offline pulls only what changed since its sequence and catches up exactly the held documents among it', async () => {
    const namespace = newNamespace()
    const [kept, changed, unheld] = [newDocName('account'), newDocName('account'), newDocName('account')]
    const a = client(bed.owner, namespace)
    await a.client.start()
    await editAndClose(a, kept, (doc) => writeFields(doc, { name: 'Kept Ltd' }))
    await editAndClose(a, changed, (doc) => writeFields(doc, { name: 'Changed Ltd' }))
    await settled(a)
    const since = a.client.catalog.seq.get()
    await a.client.destroy()

    // While A is away, a colleague changes one of A's records and creates one A never held.
    const b = client(bed.colleague)
    await b.client.start()
    await editAndClose(b, changed, (doc) => writeFields(doc, { industry: 'Retail' }))
    await editAndClose(b, unheld, (doc) => writeFields(doc, { name: 'New Co' }))

    const back = client(bed.owner, namespace, { catalogPageSize: 1 })
    await back.client.start()
    await settled(back)
    await waitFor('the changed record arrived', async () =>
      readFields(docFromReplica(await openReplica(namespace).loadDocument(changed))).industry === 'Retail')

    // One row a page: the first page starts at A's sequence, the next ones follow the cursor.
    expect(back.traffic.pulls[0]!.url).toContain(`since=${since}&`)
    expect(back.traffic.pulls[1]!.url).toContain('cursor=')
    const firstPull = back.traffic.pulls.slice(0, back.traffic.pulls.findIndex((p) => p.next === null) + 1)
    expect(firstPull.length).toBe(2)
    expect(firstPull.flatMap((p) => p.rows.map((r) => r.docName)).sort()).toEqual([changed, unheld].sort())
    expect(back.traffic.catchUps[0]).toEqual([changed])
    expect(back.traffic.catchUps.flat()).not.toContain(kept)
    // The record A never held is listed, not reconstructed: no local document for it.
    expect(back.client.catalog.get(idOf(unheld))).toMatchObject({ title: 'New Co', pending: false })
    expect(await openReplica(namespace).listDocuments()).toEqual([kept, changed].sort())
    expect(back.client.catalog.get(idOf(changed))).toMatchObject({ fields: { name: 'Changed Ltd', industry: 'Retail' }, pending: false })
  })

  test('an edit made offline shows in the local catalog at once, pending, survives a reload, and gives way to the server\'s row after upload', async () => {
    const namespace = newNamespace()
    const [existing, created] = [newDocName('account'), newDocName('account')]
    const a = client(bed.owner, namespace)
    await a.client.start()
    await editAndClose(a, existing, (doc) => writeFields(doc, { name: 'Before' }))
    await settled(a)
    expect(a.client.catalog.get(idOf(existing))).toMatchObject({ title: 'Before', pending: false })

    a.client.disconnect()
    const accounts = a.client.catalog.watch({ type: 'account' })
    const seen: string[][] = []
    accounts.subscribe((rows) => seen.push(rows.map((r) => r.title)))
    const session = await a.client.openDocument(existing)
    writeFields(session.doc, { name: 'After offline' })
    const fresh = await a.client.openDocument(created)
    writeFields(fresh.doc, { name: 'Created offline' })
    await Promise.resolve()
    expect(a.client.catalog.get(idOf(existing))).toMatchObject({ title: 'After offline', fields: { name: 'After offline' }, pending: true })
    expect(a.client.catalog.get(idOf(created))).toMatchObject({ title: 'Created offline', type: 'account', version: 0, pending: true })
    expect(accounts.get().map((r) => r.title)).toEqual(expect.arrayContaining(['After offline', 'Created offline']))
    expect(seen.length).toBeGreaterThan(0)
    // Nothing went to the server.
    const [stored] = await bed.server.services.storage.db.query<{ title: string }>(`select title from records where workspace_id = 'demo' and id = $1`, [idOf(existing)])
    expect(stored?.title).toBe('Before')
    await session.close()
    await fresh.close()
    await a.client.destroy()

    // A reload, still offline, shows the same rows from IndexedDB.
    const reloaded = client(bed.owner, namespace, { connect: false })
    await reloaded.client.start()
    expect(reloaded.client.catalog.get(idOf(existing))).toMatchObject({ title: 'After offline', pending: true })
    expect(reloaded.client.catalog.get(idOf(created))).toMatchObject({ title: 'Created offline', pending: true })

    reloaded.client.connect()
    await waitFor('the offline edits are uploaded', () => reloaded.client.waiting.get() === 0)
    await waitFor('the server\'s rows replace the local ones', () =>
      reloaded.client.catalog.get(idOf(existing))?.pending === false && reloaded.client.catalog.get(idOf(created))?.pending === false)
    expect(reloaded.client.catalog.get(idOf(existing))).toMatchObject({ title: 'After offline', version: 2 })
    expect(reloaded.client.catalog.get(idOf(created))).toMatchObject({ title: 'Created offline', version: 1, updatedBy: `user:${bed.owner.user.id}` })
  })

  test('an online client pulls and catches up a held record another person changes, and lists a deletion', async () => {
    const namespace = newNamespace()
    const name = newDocName('account')
    const a = client(bed.owner, namespace)
    await a.client.start()
    await editAndClose(a, name, (doc) => writeFields(doc, { name: 'Northwind' }))
    await settled(a)

    const b = client(bed.colleague)
    await b.client.start()
    await editAndClose(b, name, (doc) => writeFields(doc, { name: 'Northwind Traders', deleted: true }))
    await waitFor('A\'s catalog shows the deletion', () => a.client.catalog.get(idOf(name))?.deleted === true)
    expect(a.client.catalog.get(idOf(name))?.title).toBe('Northwind Traders')
    expect(a.client.catalog.list({ type: 'account' }).map((r) => r.id)).not.toContain(idOf(name))
    expect(a.client.catalog.list({ type: 'account', includeDeleted: true }).map((r) => r.id)).toContain(idOf(name))
    await waitFor('A holds the colleague\'s edit', async () =>
      readFields(docFromReplica(await openReplica(namespace).loadDocument(name))).deleted === true)
  })

  test('a local edit the server refuses gives way to the server\'s row, through the socket and through the catch-up', async () => {
    const [live, offline] = [newDocName('account'), newDocName('account')]
    const a = client(bed.owner)
    await a.client.start()
    await editAndClose(a, live, (doc) => writeFields(doc, { name: 'Good' }))
    await editAndClose(a, offline, (doc) => writeFields(doc, { name: 'Also good' }))
    await settled(a)

    // Through the socket: the session reloads from the server's state.
    const session = await a.client.openDocument(live)
    await session.whenSynced()
    writeFields(session.doc, { name: 'Bad', shoeSize: 44 })
    await Promise.resolve()
    expect(a.client.catalog.get(idOf(live))).toMatchObject({ title: 'Bad', pending: true })
    await waitFor('the refusal', () => session.refusal.get() !== null)
    expect(a.client.catalog.get(idOf(live))).toMatchObject({ title: 'Good', pending: false })
    await session.close()

    // Through the catch-up: an edit made offline in a document that is closed again.
    a.client.disconnect()
    const closed = await a.client.openDocument(offline)
    writeFields(closed.doc, { name: 'Also bad', shoeSize: 45 })
    await closed.close()
    expect(a.client.catalog.get(idOf(offline))).toMatchObject({ title: 'Also bad', pending: true })
    a.client.connect()
    await waitFor('the refusal', () => a.client.problems.get().some((p) => p.kind === SYNC_PROBLEM.REFUSED && p.docName === offline))
    await waitFor('the server\'s row shows again', () => a.client.catalog.get(idOf(offline))?.pending === false)
    expect(a.client.catalog.get(idOf(offline))?.title).toBe('Also good')
  })

  test('a held record whose row changed only for a referenced record\'s new title is not caught up, and shows the new title', async () => {
    const namespace = newNamespace()
    const [account, contact] = [newDocName('account'), newDocName('contact')]
    const a = client(bed.owner, namespace)
    await a.client.start()
    await editAndClose(a, account, (doc) => writeFields(doc, { name: 'Litware' }))
    await editAndClose(a, contact, (doc) => writeFields(doc, { lastName: 'Lee', accountId: idOf(account) }))
    await settled(a)
    await waitFor('the contact row shows its account', () => a.client.catalog.get(idOf(contact))?.refTitles[idOf(account)] === 'Litware')
    const before = a.traffic.catchUps.length
    const version = a.client.catalog.get(idOf(contact))!.version

    const b = client(bed.colleague)
    await b.client.start()
    await editAndClose(b, account, (doc) => writeFields(doc, { name: 'Litware Inc' }))
    await waitFor('the contact row shows the new title', () => a.client.catalog.get(idOf(contact))?.refTitles[idOf(account)] === 'Litware Inc')
    await settled(a)
    expect(a.client.catalog.get(idOf(contact))?.version).toBe(version)
    expect(a.traffic.catchUps.slice(before).flat()).toContain(account)
    expect(a.traffic.catchUps.slice(before).flat()).not.toContain(contact)
  })
})
