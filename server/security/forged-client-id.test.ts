/**
 * Issue 3, acceptance 4, over real sockets: Mallory forges structs under Ada's Yjs client id (the
 * next clock range Ada is about to use offline, or the id Ada shows in presence before her first
 * edit). The forgery is refused — stored nowhere, shown to nobody — and Ada's offline edits still
 * merge when she reconnects.
 *
 * A Y.Doc that receives structs of its own clientID switches to a new one, so each forgery is built
 * by a separate document with Ada's client id and without Ada's state: its clock 0 duplicates what
 * the server has, its clock 1 is the forged range.
 */
import * as Y from 'yjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import { CLOSE, ERROR } from '../../shared/errors'
import { uuidv7 } from '../../shared/ids'
import { writeSyncStep2, writeSyncUpdate } from '../../shared/protocol/messages'
import { createTestUser, type TestUser } from '../testing/test-users'
import { loadStoredDoc } from '../testing/stored-doc'
import { storedActors, storedUpdates, tandemQuery, waitFor } from './support'
import { securityTestBed } from './test-bed'

const bed = securityTestBed()
let ada: TestUser
let bob: TestUser
let mallory: TestUser

beforeAll(async () => {
  ada = await createTestUser(bed.server.services, { role: 'member', name: 'Ada' })
  bob = await createTestUser(bed.server.services, { role: 'member', name: 'Bob' })
  mallory = await createTestUser(bed.server.services, { role: 'member', name: 'Mallory' })
})

const open = bed.client
const malloryRaw = (docName: string, tandem: boolean) => bed.socket(`/sync/${docName}${tandem ? tandemQuery : ''}`, mallory.headers)

// Valid values (the schema check is on), so only the client id range can refuse them.
const OFFLINE_PHONE = '+1 555 0100 ext. 1'
const FORGED_PHONE = '+1 555 0666'
const FORGED_MIXED_PHONE = '+1 555 0667'

/** Updates written as `clientId` by a document that never saw Ada's state, one per edit. */
function forgeAs(clientId: number, edits: Array<Record<string, string>>): Uint8Array[] {
  const forger = new Y.Doc()
  forger.clientID = clientId
  const updates: Uint8Array[] = []
  forger.on('update', (update: Uint8Array) => updates.push(update))
  for (const edit of edits) writeFields(forger, edit)
  forger.destroy()
  return updates
}

/** An update that mixes Mallory's own client id with a struct under Ada's. */
function mixedForgery(adaClientId: number): Uint8Array {
  const own = new Y.Doc()
  writeFields(own, { industry: 'innocent looking' })
  const [, forged] = forgeAs(adaClientId, [{ industry: 'filler' }, { phone: FORGED_MIXED_PHONE }])
  return Y.mergeUpdates([Y.encodeStateAsUpdate(own), forged!])
}

const randomClientId = () => 100_000 + Math.floor(Math.random() * 1_000_000_000)

describe('a forged client id range', () => {
  test('is refused on every path (update, step 2, mixed with own structs; ours and stock), and Ada\'s offline edits merge when she reconnects', async () => {
    const docName = `demo/account/${uuidv7()}`
    const adaId = randomClientId()
    const adaClient = open(docName, ada, { clientId: adaId })
    const bobClient = open(docName, bob, { tandem: true })
    await Promise.all([adaClient.whenSynced(), bobClient.whenSynced()])
    writeFields(adaClient.doc, { name: 'Acme' })
    await waitFor(() => readFields(bobClient.doc).name === 'Acme', 'Bob to see Ada’s edit')

    // Ada goes offline and edits; that edit is clock 1 of her client id.
    adaClient.provider.disconnect()
    writeFields(adaClient.doc, { phone: OFFLINE_PHONE })

    const [, forged] = forgeAs(adaId, [{ industry: 'filler' }, { phone: FORGED_PHONE }])
    const ours = await malloryRaw(docName, true)
    ours.send(writeSyncUpdate(forged!))
    ours.send(writeSyncStep2(forged!))
    ours.send(writeSyncUpdate(mixedForgery(adaId)))
    await waitFor(() => ours.refusals().length === 3, 'three refusals')
    for (const refusal of ours.refusals()) {
      expect(refusal.code).toBe(ERROR.FORBIDDEN_CLIENT_ID)
      expect(refusal.details).toEqual({ clientId: adaId })
    }
    const stock = await malloryRaw(docName, false)
    stock.send(writeSyncUpdate(forged!))
    expect(await stock.closed).toEqual(CLOSE.REFUSED)

    adaClient.provider.connect()
    await waitFor(() => readFields(bobClient.doc).phone === OFFLINE_PHONE, 'Ada’s offline edit to reach Bob')
    const expected = { name: 'Acme', phone: OFFLINE_PHONE }
    expect(readFields(bobClient.doc)).toEqual(expected)
    expect(readFields(adaClient.doc)).toEqual(expected)
    expect(readFields(await loadStoredDoc(bed.server.services.storage.store, docName))).toEqual(expected)
    expect(new Set(await storedActors(bed.server.services, docName))).toEqual(new Set([`user:${ada.user.id}`]))
    const stored = JSON.stringify(await storedUpdates(bed.server.services, docName))
    expect(stored).not.toContain(FORGED_PHONE)
    expect(stored).not.toContain(FORGED_MIXED_PHONE)
    expect(stored).not.toContain('innocent looking')
    expect(adaClient.closes).toEqual([])
  })

  test('is refused for a client id Ada shows in presence before her first edit, so her first edit is still hers', async () => {
    const docName = `demo/account/${uuidv7()}`
    const adaId = randomClientId()
    const adaClient = open(docName, ada, { clientId: adaId })
    const bobClient = open(docName, bob, { tandem: true })
    await Promise.all([adaClient.whenSynced(), bobClient.whenSynced()])
    adaClient.provider.awareness.setLocalStateField('cursor', { field: 'name' })
    const ours = await malloryRaw(docName, true)
    // Mallory learns Ada's client id from presence, and writes with it first.
    await waitFor(() => ours.awareness().has(adaId), 'Mallory to see Ada’s presence')
    const [squat] = forgeAs(adaId, [{ name: 'Squatted by Mallory' }])
    ours.send(writeSyncUpdate(squat!))
    await waitFor(() => ours.refusals().length > 0, 'the refusal')
    expect(ours.refusals()[0]!.code).toBe(ERROR.FORBIDDEN_CLIENT_ID)

    writeFields(adaClient.doc, { name: 'Acme, by Ada' })
    await waitFor(() => readFields(bobClient.doc).name === 'Acme, by Ada', 'Ada’s first edit to reach Bob')
    expect(adaClient.closes).toEqual([])
    expect(await storedActors(bed.server.services, docName)).toEqual([`user:${ada.user.id}`])
  })

  test('under a client id nobody uses yet is Mallory\'s own, bound to her: the binding is per writer, not a refusal of new ids', async () => {
    const docName = `demo/account/${uuidv7()}`
    const bobClient = open(docName, bob, { tandem: true })
    await bobClient.whenSynced()
    const ours = await malloryRaw(docName, true)
    const [update] = forgeAs(randomClientId(), [{ name: 'Mallory’s honest edit' }])
    ours.send(writeSyncUpdate(update!))
    await waitFor(() => readFields(bobClient.doc).name === 'Mallory’s honest edit', 'Mallory’s own edit to reach Bob')
    expect(ours.refusals()).toEqual([])
    expect(await storedActors(bed.server.services, docName)).toEqual([`user:${mallory.user.id}`])
  })
})
