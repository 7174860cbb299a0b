/**
 * Acceptance 7 (issue 2), DESIGN.md §3a: bad frames over a real socket. Each closes its own
 * socket with a 44xx code (y-websocket stops retrying on those), nothing of it reaches storage,
 * and the server keeps serving: two stock clients on the same document keep syncing throughout.
 * Everyone is a signed-in member (issue 3), the sender of the bad frames too: a frame is checked
 * only after the upgrade has checked the session.
 */
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deleteText, insertText, readFields, readText, writeFields } from '../shared/doc/record-doc'
import { CLOSE } from '../shared/errors'
import { uuidv7 } from '../shared/ids'
import { MESSAGE, writeSyncUpdate } from '../shared/protocol/messages'
import { DEFAULT_ROOM_LIMITS } from '../server/sync/room'
import { startTestServer, type TestServer } from '../server/testing/test-server'
import { createTestUser, type TestUser } from '../server/testing/test-users'
import { loadStoredDoc, sameSnapshot } from './support/doc-state'
import { messageType, openRawSocket } from './support/raw-socket'
import { stockClient, type SyncClient } from './support/sync-client'
import { waitFor } from './support/wait'


/** Yjs client ids of the hostile updates; nothing of theirs may ever be stored. */
const EVIL_STRUCTS = 0x5eed01
const EVIL_DELETES = 0x5eed02
const EVIL_LARGE = 0x5eed03

let server: TestServer
let alice: SyncClient
let bob: SyncClient
/** A member of the workspace who sends the bad frames: signed in, so they reach the room. */
let mallory: TestUser
const docName = `demo/account/${uuidv7()}`

beforeAll(async () => {
  server = await startTestServer()
  const as = (name: string) => createTestUser(server.services, { name })
  mallory = await as('Mallory')
  alice = stockClient(server.wsUrl, await as('Alice'), docName)
  bob = stockClient(server.wsUrl, await as('Bob'), docName)
  await Promise.all([alice.whenSynced(), bob.whenSynced()])
  writeFields(alice.doc, { name: 'Acme' })
  insertText(alice.doc, 'description', 0, 'Key account.')
  await waitFor(() => readFields(bob.doc).name === 'Acme', 'bob to see the first edit')
})

afterAll(async () => {
  alice?.destroy()
  bob?.destroy()
  await server?.close()
})

/** A document's full state as one update, written by one Yjs client id. */
function updateBy(clientId: number, edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientId
  edit(doc)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** What applying an update to a fresh document does: whether Yjs throws, and what integrated before. */
function tryApply(update: Uint8Array): { threw: boolean; clients: number[] } {
  const doc = new Y.Doc()
  let threw = false
  try {
    Y.applyUpdate(doc, update)
  } catch {
    threw = true
  }
  const clients = [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()]
  doc.destroy()
  return { threw, clients }
}

/** Cut inside the structs: the longest prefix (from the middle down) on which Yjs throws. */
function truncatedInStructs(): Uint8Array {
  const whole = updateBy(EVIL_STRUCTS, (doc) => {
    writeFields(doc, { name: 'Evil Corp', type: 'competitor', industry: 'mallory' })
    insertText(doc, 'description', 0, 'This text should never be stored.')
  })
  for (let cut = Math.floor(whole.length / 2); cut > 1; cut--) {
    const truncated = whole.slice(0, cut)
    if (tryApply(truncated).threw) return truncated
  }
  throw new Error('no cut of the update makes Yjs throw')
}

/** Cut inside the delete set, which Yjs reads after integrating every struct. */
function truncatedInDeleteSet(): Uint8Array {
  const whole = updateBy(EVIL_DELETES, (doc) => {
    writeFields(doc, { name: 'Half Evil Corp' })
    insertText(doc, 'description', 0, 'abcdefghijklmnopqrstuvwxyz')
    deleteText(doc, 'description', 2, 3)
    deleteText(doc, 'description', 10, 4)
  })
  return whole.slice(0, whole.length - 1) // the last byte is the length of the last deleted range
}

function oversizedUpdate(): Uint8Array {
  const limit = server.services.limits.maxFrameBytes
  return writeSyncUpdate(updateBy(EVIL_LARGE, (doc) => insertText(doc, 'description', 0, 'x'.repeat(limit + 1024))))
}

interface BadFrame {
  name: string
  frame: () => Uint8Array | string
  close: { code: number; reason: string }
}

const badFrames: BadFrame[] = [
  { name: 'an empty frame', frame: () => new Uint8Array(0), close: CLOSE.MALFORMED_FRAME },
  { name: 'a sync message with no sync type, [0]', frame: () => Uint8Array.of(0), close: CLOSE.MALFORMED_FRAME },
  { name: 'an unknown message type, [9]', frame: () => Uint8Array.of(9), close: CLOSE.MALFORMED_FRAME },
  { name: 'an unknown sync type, [0,7]', frame: () => Uint8Array.of(0, 7), close: CLOSE.MALFORMED_FRAME },
  { name: 'a text frame', frame: () => 'hello, server', close: CLOSE.TEXT_FRAME },
  { name: 'a sync update whose Yjs update is cut short inside its structs', frame: () => writeSyncUpdate(truncatedInStructs()), close: CLOSE.MALFORMED_UPDATE },
  { name: 'a sync update cut short inside its delete set, after its structs integrate', frame: () => writeSyncUpdate(truncatedInDeleteSet()), close: CLOSE.MALFORMED_UPDATE },
  { name: 'a valid sync update over the room’s frame size limit', frame: oversizedUpdate, close: CLOSE.FRAME_TOO_LARGE },
]

async function storedState(): Promise<{ count: number; doc: Y.Doc }> {
  await server.services.rooms.idle()
  const store = server.services.storage.store
  return { count: await store.countUpdates(docName), doc: await loadStoredDoc(store, docName) }
}

function liveClients(): number[] {
  const room = server.services.rooms.get(docName)
  if (!room) throw new Error('the document was unloaded while clients were connected')
  const doc = new Y.Doc()
  Y.applyUpdate(doc, room.encodeState())
  const clients = [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()]
  doc.destroy()
  return clients
}

let round = 0
async function othersKeepSyncing(): Promise<void> {
  round++
  writeFields(bob.doc, { accountNumber: `after bad frame ${round}` })
  insertText(alice.doc, 'description', 0, `${round} `)
  await waitFor(() => readFields(alice.doc).accountNumber === `after bad frame ${round}` && readText(bob.doc, 'description').startsWith(`${round} `),
    `alice and bob to keep syncing after bad frame ${round}`)
  expect(alice.closes).toEqual([])
  expect(bob.closes).toEqual([])
  expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true)
}

describe('bad frames on a real sync socket', () => {
  test('the hostile updates are what they claim: Yjs throws on both truncations, the delete-set one only after its structs integrate, and the large one is over the room limit but under ws’s own', () => {
    expect(server.services.limits.maxFrameBytes).toBe(DEFAULT_ROOM_LIMITS.maxFrameBytes)
    const inStructs = tryApply(truncatedInStructs())
    expect(inStructs.threw).toBe(true)
    const inDeleteSet = tryApply(truncatedInDeleteSet())
    expect(inDeleteSet.threw).toBe(true)
    expect(inDeleteSet.clients).toContain(EVIL_DELETES)
    const large = oversizedUpdate()
    expect(large.length).toBeGreaterThan(DEFAULT_ROOM_LIMITS.maxFrameBytes)
    expect(large.length).toBeLessThan(32 * 1024 * 1024)
  })

  test.each(badFrames)('$name closes that socket with $close.code $close.reason, stores nothing, and the other clients keep syncing', async ({ frame, close }) => {
    const before = await storedState()
    const socket = await openRawSocket(`${server.wsUrl}/sync/${docName}`, mallory)
    await socket.greeted()
    expect(messageType(socket.received[0]!)).toBe(MESSAGE.SYNC)

    socket.send(frame())
    const closed = await socket.closed
    expect(closed).toEqual(close)
    expect(closed.code).toBeGreaterThanOrEqual(4400)
    expect(closed.code).toBeLessThan(4500)

    const after = await storedState()
    expect(after.count).toBe(before.count)
    expect(sameSnapshot(after.doc, before.doc)).toBe(true)
    for (const evil of [EVIL_STRUCTS, EVIL_DELETES, EVIL_LARGE]) expect(liveClients()).not.toContain(evil)

    await othersKeepSyncing()
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  test('after a truncated update was refused, the same update sent whole is accepted and stored (the half-integrated structs left no trace)', async () => {
    const whole = updateBy(EVIL_DELETES, (doc) => {
      writeFields(doc, { name: 'Half Evil Corp', website: 'half.example' })
      insertText(doc, 'description', 0, 'abcdefghijklmnopqrstuvwxyz')
      deleteText(doc, 'description', 2, 3)
      deleteText(doc, 'description', 10, 4)
    })
    const truncated = whole.slice(0, whole.length - 1)
    const first = await openRawSocket(`${server.wsUrl}/sync/${docName}`, mallory)
    await first.greeted()
    first.send(writeSyncUpdate(truncated))
    expect(await first.closed).toEqual(CLOSE.MALFORMED_UPDATE)

    const before = await storedState()
    const second = await openRawSocket(`${server.wsUrl}/sync/${docName}`, mallory)
    await second.greeted()
    second.send(writeSyncUpdate(whole))
    // `name` is also alice's, concurrently, so only `website` is sure to show this update's value.
    await waitFor(() => readFields(alice.doc).website === 'half.example', 'the whole update to reach alice')
    const after = await storedState()
    expect(after.count).toBe(before.count + 1)
    expect(readFields(after.doc).website).toBe('half.example')
    expect(readText(after.doc, 'description')).toContain('abfghijklmrstuvwxyz')
    expect(readText(alice.doc, 'description')).toContain('abfghijklmrstuvwxyz')
    second.terminate()
    await othersKeepSyncing()
  })
})
