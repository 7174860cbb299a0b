/**
 * Issue 3, acceptance 3: a viewer reads but never writes. A stock client's write closes its socket
 * with 4403 (and y-websocket stops retrying); our client (`tandem=1`) gets a `refused` message and
 * keeps reading. Either way the document is unchanged for every other client, in the room and in
 * storage.
 */
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import { CLOSE, ERROR } from '../../shared/errors'
import { uuidv7 } from '../../shared/ids'
import { writeSyncStep1, writeSyncStep2, writeSyncUpdate } from '../../shared/protocol/messages'
import { startTestServer, type TestServer } from '../testing/test-server'
import { createTestUser, type TestUser } from '../testing/test-users'
import { loadStoredDoc } from '../testing/stored-doc'
import { catchUp, client, fieldsUpdate, openSocket, sleep, storeDoc, storedActors, tandemQuery, waitFor, type Client } from './support'

let server: TestServer
let viewer: TestUser
let colleague: TestUser
let docName: string
let watcher: Client
const clients: Client[] = []

beforeAll(async () => {
  server = await startTestServer()
  viewer = await createTestUser(server.services, { role: 'viewer', name: 'Vera Viewer' })
  colleague = await createTestUser(server.services, { role: 'member', name: 'Colin Colleague' })
})
beforeEach(async () => {
  docName = `demo/account/${uuidv7()}`
  await storeDoc(server.services, docName, { name: 'Acme', type: 'prospect' })
  watcher = open(colleague, { tandem: true })
  await watcher.whenSynced()
})
afterEach(() => { for (const c of clients.splice(0)) c.destroy() })
afterAll(async () => { await server?.close() })

function open(user: TestUser, options: { tandem?: boolean; connect?: boolean } = {}): Client {
  const c = client(server.wsUrl, docName, user, options)
  clients.push(c)
  return c
}

/** The colleague edits after the refusal; once that edit is everywhere, the refused one had its chance. */
async function expectOnlyHonestEdits(): Promise<void> {
  const marker = `after-${uuidv7()}`
  writeFields(watcher.doc, { industry: marker })
  await waitFor(async () => readFields(await loadStoredDoc(server.services.storage.store, docName)).industry === marker, 'the colleague’s edit to be stored')
  const expected = { name: 'Acme', type: 'prospect', industry: marker }
  expect(readFields(watcher.doc)).toEqual(expected)
  const live = new Y.Doc()
  Y.applyUpdate(live, server.services.rooms.get(docName)!.encodeState())
  expect(readFields(live)).toEqual(expected)
  expect(readFields(await loadStoredDoc(server.services.storage.store, docName))).toEqual(expected)
  expect(await storedActors(server.services, docName)).toEqual(['server', `user:${colleague.user.id}`])
}

describe('a viewer', () => {
  test('with a stock client is closed with 4403 on its first write, does not reconnect, and changes nothing', async () => {
    const vera = open(viewer)
    await vera.whenSynced()
    expect(readFields(vera.doc)).toEqual({ name: 'Acme', type: 'prospect' })
    writeFields(vera.doc, { type: 'competitor', name: 'Vandalized' })
    await waitFor(() => vera.closes.length > 0, 'the viewer’s socket to close')
    expect(vera.closes[0]).toEqual(CLOSE.FORBIDDEN)
    await sleep(700) // longer than the client's backoff: a reconnect would show up now
    expect(vera.closes).toHaveLength(1)
    expect(vera.provider.shouldConnect).toBe(false)
    await expectOnlyHonestEdits()
  })

  test('with our client gets a `refused` message, keeps its socket and keeps receiving others\' edits, and changes nothing', async () => {
    const vera = open(viewer, { tandem: true })
    await vera.whenSynced()
    writeFields(vera.doc, { type: 'competitor' })
    await waitFor(() => vera.refusals.length > 0, 'the refusal')
    expect(vera.refusals.map((r) => r.code)).toEqual([ERROR.FORBIDDEN])
    await expectOnlyHonestEdits()
    await waitFor(() => readFields(vera.doc).industry !== undefined, 'the viewer to receive the colleague’s edit')
    expect(vera.closes).toEqual([])
  })

  test('whose client edited offline has those edits refused when it syncs (sync step 2), and changes nothing', async () => {
    const vera = open(viewer, { tandem: true, connect: false })
    writeFields(vera.doc, { name: 'Offline vandalism', billingCity: 'Vandalville' })
    vera.provider.connect()
    await waitFor(() => vera.refusals.length > 0, 'the refusal of the offline edits')
    expect(vera.refusals[0]!.code).toBe(ERROR.FORBIDDEN)
    await expectOnlyHonestEdits()
  })

  test('sending hand-made step 2 and update frames on a raw socket is refused every time, and changes nothing', async () => {
    const socket = await openSocket(`${server.wsUrl}/sync/${docName}${tandemQuery}`, viewer.headers)
    socket.send(writeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    socket.send(writeSyncStep2(fieldsUpdate({ name: 'step 2 write' })))
    socket.send(writeSyncUpdate(fieldsUpdate({ name: 'update write' })))
    await waitFor(() => socket.refusals().length === 2, 'both refusals')
    expect(socket.refusals().map((r) => r.code)).toEqual([ERROR.FORBIDDEN, ERROR.FORBIDDEN])
    expect(readFields(socket.docSeen())).toEqual({ name: 'Acme', type: 'prospect' })
    socket.end()
    await expectOnlyHonestEdits()
  })

  test('writing through catch-up is refused and still gets the document to read', async () => {
    const { docs } = await catchUp(server.url, 'demo', [{ name: docName, stateVector: Y.encodeStateVector(new Y.Doc()), update: fieldsUpdate({ name: 'catch-up write' }) }], { cookie: viewer.cookie })
    const [answer] = docs!
    expect(answer).toMatchObject({ name: docName, status: 'refused', code: ERROR.FORBIDDEN })
    const seen = new Y.Doc()
    if (answer!.status === 'refused') Y.applyUpdate(seen, answer!.missing)
    expect(readFields(seen)).toEqual({ name: 'Acme', type: 'prospect' })
    await expectOnlyHonestEdits()
  })
})
