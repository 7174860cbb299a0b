import * as Y from 'yjs'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { readFields, readText, writeFields, writeText } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import { CLOSE, ERROR } from '../../shared/errors'
import { writeSyncUpdate } from '../../shared/protocol/messages'
import { createLogger } from '../logger'
import { createServices, type Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { MemoryClient } from '../testing/memory-connection'
import { clearDocuments, memoryStorage } from '../testing/test-server'
import { loadStoredDoc } from '../testing/stored-doc'
import type { Check } from './checks'

let storage: Storage
let services: Services

beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })
beforeEach(async () => {
  await clearDocuments(storage)
  services = makeServices()
})

const noLongNames: Check = {
  name: 'test-name-length',
  check: ({ shadow, change }) => {
    if (!change.roots.some((r) => r.root === 'fields' && r.keys.includes('name'))) return null
    const name = readFields(shadow).name
    return typeof name === 'string' && name.length > 20 ? { code: ERROR.CHECK_FAILED, message: 'name is too long', details: { fields: ['name'] } } : null
  },
}

function makeServices(overrides: Partial<Parameters<typeof createServices>[0]> = {}): Services {
  // Storage is shared by the file's tests, so closing these services must not close it.
  return createServices({ storage: { ...storage, close: async () => {} }, logger: createLogger('silent'), checks: [noLongNames], unloadAfterMs: 0, ...overrides })
}

const docName = () => `demo/account/${uuidv7()}`

async function settle(clients: MemoryClient[], rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    for (const c of clients) c.flushToServer()
    await services.rooms.idle()
    await services.log.drain()
    await new Promise((r) => setImmediate(r))
    for (const c of clients) c.flushToClient()
    if (clients.every((c) => c.toServer.length === 0 && c.toClient.length === 0)) {
      await services.rooms.idle()
      if (clients.every((c) => c.toServer.length === 0 && c.toClient.length === 0)) return
    }
  }
}

const storedDoc = (name: string) => loadStoredDoc(storage.store, name)

describe('room', () => {
  test('two clients converge through the room, and storage holds what they see', async () => {
    const name = docName()
    const room = services.rooms.open(name)!
    const a = new MemoryClient(name, 1)
    const b = new MemoryClient(name, 2)
    a.connect(room)
    b.connect(room)
    writeFields(a.doc, { name: 'Acme' })
    writeText(b.doc, 'description', 'Makes anvils')
    await settle([a, b])
    expect(readFields(b.doc)).toEqual({ name: 'Acme' })
    expect(readText(a.doc, 'description')).toBe('Makes anvils')
    const stored = await storedDoc(name)
    expect(readFields(stored)).toEqual({ name: 'Acme' })
    expect(readText(stored, 'description')).toBe('Makes anvils')
  })

  test('messages that arrive while the document loads are answered after it has loaded', async () => {
    const name = docName()
    const seed = new Y.Doc()
    writeFields(seed, { name: 'Stored before' })
    await storage.store.appendUpdates([{ doc: name, update: Y.encodeStateAsUpdate(seed), actor: 'server', clientId: null }])
    const room = services.rooms.open(name)!
    const a = new MemoryClient(name, 1)
    a.connect(room)
    a.flushToServer() // sync step 1 while loading
    expect(a.toClient).toEqual([])
    await room.ready
    await settle([a])
    expect(readFields(a.doc)).toEqual({ name: 'Stored before' })
  })

  test('a refused update reaches only its sender, is not stored, and the others never see it', async () => {
    const name = docName()
    const room = services.rooms.open(name)!
    const a = new MemoryClient(name, 1)
    const b = new MemoryClient(name, 2)
    a.connect(room)
    b.connect(room)
    writeFields(a.doc, { name: 'Short' })
    await settle([a, b])
    writeFields(a.doc, { name: 'A name far longer than twenty characters' })
    await settle([a, b])
    expect(a.refusals).toHaveLength(1)
    expect(a.refusals[0]).toMatchObject({ code: ERROR.CHECK_FAILED, details: { fields: ['name'], check: 'test-name-length' } })
    expect(b.refusals).toHaveLength(0)
    expect(readFields(b.doc)).toEqual({ name: 'Short' })
    expect(readFields(await storedDoc(name))).toEqual({ name: 'Short' })
    expect(services.metrics.updatesRefused.get({ code: ERROR.CHECK_FAILED })).toBe(1)
    // The shadow was rebuilt: a valid edit from the other client still goes through.
    writeFields(b.doc, { phone: '555' })
    await settle([a, b])
    expect(readFields(await storedDoc(name))).toEqual({ name: 'Short', phone: '555' })
  })

  test('a refusal after many commits, and a client that joins after them, see every committed edit, whether or not the live document had caught up', async () => {
    const name = docName()
    const room = services.rooms.open(name)!
    // Stock clients: no committed snapshot is asked for after each commit, so the live document lags.
    const a = new MemoryClient(name, 1, { extensions: false })
    const b = new MemoryClient(name, 3, { extensions: false })
    a.connect(room)
    b.connect(room)
    // 100 commits: more than the live document lets wait, and some after its last catch-up.
    for (let i = 0; i < 100; i++) {
      writeFields(a.doc, { [`field${i % 7}`]: `value ${i}` })
      await settle([a, b])
    }
    // A refusal rebuilds the shadow from the live document: nothing committed may go missing.
    writeFields(a.doc, { name: 'A name far longer than twenty characters' })
    await settle([a, b])
    expect(a.conn?.closed).toEqual(CLOSE.REFUSED) // a stock client is closed on a refusal
    writeFields(b.doc, { field1: 'overwritten', name: 'Short' }) // field1's last value came after the catch-up
    await settle([a, b])
    const late = new MemoryClient(name, 2, { extensions: false })
    late.connect(room)
    await settle([b, late])
    const expected = readFields(late.doc)
    expect(expected).toMatchObject({ field1: 'overwritten', field2: 'value 93', name: 'Short' })
    const committed = new Y.Doc()
    Y.applyUpdate(committed, room.encodeState())
    expect(readFields(committed)).toEqual(expected)
    expect(readFields(await storedDoc(name))).toEqual(expected)
  })

  test('a stock client (no extensions) that writes a refused update is closed with a 44xx reason', async () => {
    const name = docName()
    const room = services.rooms.open(name)!
    const stock = new MemoryClient(name, 1, { extensions: false })
    stock.connect(room)
    await settle([stock])
    writeFields(stock.doc, { name: 'A name far longer than twenty characters' })
    await settle([stock])
    expect(stock.conn?.closed).toEqual(CLOSE.REFUSED)
  })

  test('a read-only connection reads and is refused when it writes', async () => {
    const name = docName()
    const room = services.rooms.open(name)!
    const owner = new MemoryClient(name, 1)
    const viewer = new MemoryClient(name, 2, { readOnly: true })
    owner.connect(room)
    viewer.connect(room)
    writeFields(owner.doc, { name: 'Acme' })
    await settle([owner, viewer])
    expect(readFields(viewer.doc)).toEqual({ name: 'Acme' })
    writeFields(viewer.doc, { name: 'Hacked' })
    await settle([owner, viewer])
    expect(viewer.refusals.map((r) => r.code)).toEqual([ERROR.FORBIDDEN])
    expect(readFields(owner.doc)).toEqual({ name: 'Acme' })
  })

  test('an update with a clock gap waits until the gap closes, then both are committed', async () => {
    const name = docName()
    const room = services.rooms.open(name)!
    await room.ready
    const writer = new Y.Doc()
    writer.clientID = 77
    const updates: Uint8Array[] = []
    writer.on('update', (u: Uint8Array) => updates.push(u))
    writeFields(writer, { name: 'one' })
    writeFields(writer, { name: 'two' })
    const sender = new MemoryClient(name, 5)
    const watcher = new MemoryClient(name, 6)
    sender.connect(room)
    watcher.connect(room)
    await settle([sender, watcher])
    room.handleMessage(sender.conn!, writeSyncUpdate(updates[1]!)) // arrives first: waits
    await settle([sender, watcher])
    expect(readFields(watcher.doc)).toEqual({})
    room.handleMessage(sender.conn!, writeSyncUpdate(updates[0]!))
    await settle([sender, watcher])
    expect(readFields(watcher.doc)).toEqual({ name: 'two' })
    expect(readFields(await storedDoc(name))).toEqual({ name: 'two' })
  })

  test('a gap that never closes closes the sender with the clock-gap reason', async () => {
    services = makeServices({ limits: { gapWaitMs: 50 } })
    const name = docName()
    const room = services.rooms.open(name)!
    await room.ready
    const writer = new Y.Doc()
    const updates: Uint8Array[] = []
    writer.on('update', (u: Uint8Array) => updates.push(u))
    writeFields(writer, { name: 'one' })
    writeFields(writer, { name: 'two' })
    const sender = new MemoryClient(name, 5)
    sender.connect(room)
    await settle([sender])
    room.handleMessage(sender.conn!, writeSyncUpdate(updates[1]!))
    await new Promise((r) => setTimeout(r, 120))
    expect(sender.conn?.closed).toEqual(CLOSE.CLOCK_GAP)
    expect(await storage.store.countUpdates(name)).toBe(0)
  })

  test('our client gets a committed snapshot that covers its edits once they are stored', async () => {
    const name = docName()
    const room = services.rooms.open(name)!
    const a = new MemoryClient(name, 1)
    a.connect(room)
    writeFields(a.doc, { name: 'Acme' })
    await settle([a])
    const snapshot = Y.decodeSnapshot(a.committed!)
    expect(snapshot.sv.get(1)).toBe(1)
  })

  test('awareness goes to the others and is removed when its connection closes', async () => {
    const name = docName()
    const room = services.rooms.open(name)!
    const a = new MemoryClient(name, 1)
    const b = new MemoryClient(name, 2)
    a.connect(room)
    b.connect(room)
    await settle([a, b])
    a.awareness.setLocalStateField('user', { name: 'Ada' })
    const { encodeAwarenessUpdate } = await import('y-protocols/awareness')
    const { writeAwareness } = await import('../../shared/protocol/messages')
    room.handleMessage(a.conn!, writeAwareness(encodeAwarenessUpdate(a.awareness, [1])))
    await settle([a, b])
    // The server speaks for identity: the claimed name is replaced by the session's.
    expect(b.awareness.getStates().get(1)).toEqual({ user: { id: 'test', name: 'user:test', color: '#1f5fbf' } })
    a.disconnect()
    await settle([b])
    expect(b.awareness.getStates().has(1)).toBe(false)
  })

  test('an update forging structs under another user\'s client id is refused, and that user\'s own edits still merge', async () => {
    const name = docName()
    const room = services.rooms.open(name)!
    const ada = new MemoryClient(name, 11, { actor: 'user:ada' })
    const mallory = new MemoryClient(name, 22, { actor: 'user:mallory' })
    ada.connect(room)
    mallory.connect(room)
    writeFields(ada.doc, { name: 'Acme' })
    await settle([ada, mallory])
    // Ada goes offline and edits; Mallory forges the next clock range of Ada's client id.
    ada.disconnect()
    writeFields(ada.doc, { phone: '+1 555 0100' })
    // (A Y.Doc that receives structs of its own client id picks a new one, so the forgery is
    // built without Ada's state: clock 0 is a duplicate the server ignores, clock 1 is the forgery.)
    const forger = new Y.Doc()
    forger.clientID = 11
    const forged: Uint8Array[] = []
    forger.on('update', (u: Uint8Array) => forged.push(u))
    writeFields(forger, { industry: 'filler' })
    writeFields(forger, { phone: '+1 555 0666' })
    room.handleMessage(mallory.conn!, writeSyncUpdate(forged[1]!))
    await settle([mallory])
    expect(mallory.refusals.map((r) => r.code)).toEqual([ERROR.FORBIDDEN_CLIENT_ID])
    ada.connect(room)
    await settle([ada, mallory])
    expect(readFields(mallory.doc)).toEqual({ name: 'Acme', phone: '+1 555 0100' })
    expect(readFields(await storedDoc(name))).toEqual({ name: 'Acme', phone: '+1 555 0100' })
  })

  test('a connection that floods past its message rate is closed with the rate-limit reason', async () => {
    services = makeServices({ limits: { messagesPerSecond: 10, messageBurst: 20 } })
    const name = docName()
    const room = services.rooms.open(name)!
    const flooder = new MemoryClient(name, 1)
    flooder.connect(room)
    await settle([flooder])
    for (let i = 0; i < 40; i++) writeFields(flooder.doc, { accountNumber: String(i) })
    flooder.flushToServer()
    expect(flooder.conn?.closed).toEqual(CLOSE.RATE_LIMITED)
  })

  test('an idle room unloads after its last connection closes, leaving no listeners', async () => {
    const name = docName()
    const room = services.rooms.open(name)!
    const a = new MemoryClient(name, 1)
    a.connect(room)
    writeFields(a.doc, { name: 'Acme' })
    await settle([a])
    a.disconnect()
    await new Promise((r) => setTimeout(r, 20))
    expect(services.rooms.size).toBe(0)
    expect(room.state).toBe('closed')
  })

  test('the log is compacted once it grows past the limit, and the document is unchanged', async () => {
    services = makeServices({ limits: { compactAfterUpdates: 10 } })
    const name = docName()
    const room = services.rooms.open(name)!
    const a = new MemoryClient(name, 1)
    a.connect(room)
    for (let i = 0; i < 25; i++) {
      writeFields(a.doc, { name: `v${i}` })
      await settle([a], 3)
    }
    await new Promise((r) => setTimeout(r, 50))
    expect(await storage.store.countUpdates(name)).toBeLessThan(10)
    expect(readFields(await storedDoc(name))).toEqual({ name: 'v24' })
  })
})
