/**
 * Updates waiting on a clock gap are retried only once the document has passed what they wait
 * for (DESIGN.md §3a). Retrying every waiting update after every accepted one cost a shadow
 * rebuild each, so a member with a few sockets of small gap updates stalled the whole server for
 * seconds per edit (found while writing the flood test); these check that waiting updates still
 * apply when their gap closes, also when unrelated updates are accepted in between.
 */
import * as Y from 'yjs'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { deleteText, insertText, readFields, readText, writeFields } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import { writeSyncUpdate } from '../../shared/protocol/messages'
import { createLogger } from '../logger'
import { createServices, type Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { connectClient, settle } from '../testing/room-clients'
import { clearDocuments, memoryStorage } from '../testing/test-server'
import { loadStoredDoc } from '../testing/stored-doc'

let storage: Storage
let services: Services

beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })
beforeEach(async () => {
  await clearDocuments(storage)
  services = createServices({ storage: { ...storage, close: async () => {} }, logger: createLogger('silent'), unloadAfterMs: 0 })
})

/** Every update a document makes, in order, by a fixed Yjs client id. */
function recorder(clientId: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  return { doc, updates }
}

async function scene() {
  const name = `demo/account/${uuidv7()}`
  const sender = await connectClient(services, name, 5, 'user:test')
  const other = await connectClient(services, name, 6, 'user:test')
  const room = services.rooms.open(name)!
  return { name, room, sender, other }
}

test('an update waiting on a gap applies when its gap closes, after unrelated updates were accepted in between', async () => {
  const { name, room, sender, other } = await scene()
  const writer = recorder(77)
  writeFields(writer.doc, { name: 'one' })
  writeFields(writer.doc, { name: 'two' })
  room.handleMessage(sender.conn!, writeSyncUpdate(writer.updates[1]!))
  const unrelated = ['industry', 'billingCity', 'shippingCity']
  for (let i = 0; i < 3; i++) writeFields(other.doc, { [unrelated[i]!]: `unrelated ${i}` })
  await settle(services, [sender, other])
  expect(readFields(other.doc).name).toBeUndefined()
  room.handleMessage(sender.conn!, writeSyncUpdate(writer.updates[0]!))
  await settle(services, [sender, other])
  expect(readFields(other.doc)).toEqual({ name: 'two', industry: 'unrelated 0', billingCity: 'unrelated 1', shippingCity: 'unrelated 2' })
  expect(readFields(await loadStoredDoc(storage.store, name)).name).toBe('two')
  expect(sender.conn?.closed).toBeNull()
})

test('a deletion of text that has not arrived yet waits, and applies once the text arrives', async () => {
  const { name, room, sender, other } = await scene()
  const writer = recorder(78)
  insertText(writer.doc, 'description', 0, 'abcdef')
  deleteText(writer.doc, 'description', 1, 2)
  room.handleMessage(sender.conn!, writeSyncUpdate(writer.updates[1]!)) // only a delete set: waits
  writeFields(other.doc, { industry: 'unrelated' })
  await settle(services, [sender, other])
  expect(readText(other.doc, 'description')).toBe('')
  room.handleMessage(sender.conn!, writeSyncUpdate(writer.updates[0]!))
  await settle(services, [sender, other])
  expect(readText(other.doc, 'description')).toBe('adef')
  expect(readText(await loadStoredDoc(storage.store, name), 'description')).toBe('adef')
})

test('updates waiting on each other in a chain all apply when the first one arrives', async () => {
  const { room, sender, other } = await scene()
  const writer = recorder(79)
  for (let i = 0; i < 6; i++) insertText(writer.doc, 'description', i, String(i))
  for (let i = 5; i >= 1; i--) room.handleMessage(sender.conn!, writeSyncUpdate(writer.updates[i]!))
  await settle(services, [sender, other])
  expect(readText(other.doc, 'description')).toBe('')
  room.handleMessage(sender.conn!, writeSyncUpdate(writer.updates[0]!))
  await settle(services, [sender, other])
  expect(readText(other.doc, 'description')).toBe('012345')
})
