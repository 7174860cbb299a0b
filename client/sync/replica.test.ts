import 'fake-indexeddb/auto'
import { createStore, set } from 'idb-keyval'
import * as prng from 'lib0/prng'
import type * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { createRecordDoc, deleteText, insertText, readFields, readText, writeFields } from '../../shared/doc/record-doc'
import { applyUpdate, encodeCommittedSnapshot, encodeDiff } from '../../shared/doc/sync-state'
import { uuidv7 } from '../../shared/ids'
import { REPLICA_STORE_NAME, openReplica, replicaDatabaseName, wipeReplica } from './replica'
import { docFromReplica } from './replica-doc'
import { ReplicaCorruptError, updateKey } from './replica-entries'
import { WaitingLedger } from './waiting-ledger'

const docName = () => `demo/contact/${uuidv7()}`
const namespace = () => `user-${uuidv7()}`

/** Runs an edit and returns the update it produced. */
function edit(doc: Y.Doc, change: () => void): Uint8Array {
  let update: Uint8Array | null = null
  const capture = (u: Uint8Array) => { update = u }
  doc.on('update', capture)
  change()
  doc.off('update', capture)
  if (!update) throw new Error('the edit changed nothing')
  return update
}

/** A document's content, state vector and delete set, to compare with `toEqual`. */
function stateOf(doc: Y.Doc): unknown {
  return { fields: readFields(doc), notes: readText(doc, 'notes'), snapshot: [...encodeCommittedSnapshot(doc)] }
}

describe('replica', () => {
  test('keeps local and remote updates, when the store is opened again', async () => {
    const ns = namespace()
    const name = docName()
    const mine = createRecordDoc()
    const theirs = createRecordDoc()
    const remote = edit(theirs, () => writeFields(theirs, { name: 'Ada Lovelace' }))
    applyUpdate(mine, remote)
    const local = edit(mine, () => writeFields(mine, { phone: '+44 20 7946 0000' }))
    const first = openReplica(ns)
    await first.appendUpdate(name, 'remote', remote)
    await first.appendUpdate(name, 'local', local)

    const reopened = openReplica(ns)
    const stored = await reopened.loadDocument(name)
    expect(stored.remote).toHaveLength(1)
    expect(stored.local).toHaveLength(1)
    expect(readFields(docFromReplica(stored))).toEqual({ name: 'Ada Lovelace', phone: '+44 20 7946 0000' })
    expect(await reopened.listDocuments()).toEqual([name])
  })

  test('folds what the server has into one key and keeps the content, when compacting', async () => {
    const replica = openReplica(namespace())
    const name = docName()
    const mine = createRecordDoc()
    const server = createRecordDoc()
    const peer = createRecordDoc()
    for (let i = 0; i < 5; i++) {
      const u = edit(peer, () => insertText(peer, 'notes', 0, `peer ${i} `))
      applyUpdate(server, u)
      applyUpdate(mine, u)
      await replica.appendUpdate(name, 'remote', u)
    }
    const committedLocal = edit(mine, () => writeFields(mine, { name: 'Grace Hopper' }))
    applyUpdate(server, committedLocal)
    await replica.appendUpdate(name, 'local', committedLocal)
    await replica.saveCommitted(name, encodeCommittedSnapshot(server))
    const waitingLocal = edit(mine, () => deleteText(mine, 'notes', 0, 4))
    await replica.appendUpdate(name, 'local', waitingLocal)

    expect(await replica.compactDocument(name)).toEqual({ folded: 6, waiting: 1 })
    const stored = await replica.loadDocument(name)
    expect(stored.remote).toHaveLength(1)
    expect(stored.local).toEqual([waitingLocal])
    expect(stateOf(docFromReplica(stored))).toEqual(stateOf(mine))
    expect(readText(docFromReplica(stored), 'notes')).toBe(readText(mine, 'notes'))
    // Appends after a compaction take fresh keys and are kept.
    const later = edit(mine, () => writeFields(mine, { title: 'Rear Admiral' }))
    await replica.appendUpdate(name, 'local', later)
    expect(stateOf(docFromReplica(await replica.loadDocument(name)))).toEqual(stateOf(mine))
  })

  test('says which of the asked documents it holds, and keeps what it knows it holds up to date with its own writes', async () => {
    const ns = namespace()
    const replica = openReplica(ns)
    const doc = createRecordDoc()
    const [first, second, never] = [docName(), docName(), docName()]
    await replica.appendUpdate(first, 'remote', edit(doc, () => writeFields(doc, { name: 'First' })))
    expect([...await replica.knownDocuments()]).toEqual([first])
    await replica.appendUpdate(second, 'local', edit(doc, () => writeFields(doc, { name: 'Second' })))
    expect([...await replica.holding([second, never])]).toEqual([second])
    expect([...await replica.knownDocuments()].sort()).toEqual([first, second].sort())
    await replica.removeDocument(first)
    expect([...await replica.knownDocuments()]).toEqual([second])
    // Another tab's write is known only once the replica lists again.
    const otherTab = openReplica(ns)
    await otherTab.appendUpdate(never, 'remote', edit(doc, () => writeFields(doc, { name: 'Elsewhere' })))
    expect([...await replica.knownDocuments()]).toEqual([second])
    expect(await replica.listDocuments()).toEqual([second, never].sort())
    expect([...await replica.knownDocuments()].sort()).toEqual([second, never].sort())
  })

  test('sees only its own documents, when two namespaces hold different ones', async () => {
    const a = openReplica(namespace())
    const b = openReplica(namespace())
    const doc = createRecordDoc()
    const nameA = docName()
    await a.appendUpdate(nameA, 'local', edit(doc, () => writeFields(doc, { name: 'A' })))
    expect(await a.listDocuments()).toEqual([nameA])
    expect(await b.listDocuments()).toEqual([])
    expect((await b.loadDocument(nameA)).local).toEqual([])
  })

  test('removes only its own namespace, when wiped', async () => {
    const nsA = namespace()
    const nsB = namespace()
    const doc = createRecordDoc()
    const update = edit(doc, () => writeFields(doc, { name: 'kept' }))
    const name = docName()
    await openReplica(nsA).appendUpdate(name, 'local', update)
    await openReplica(nsB).appendUpdate(name, 'local', update)
    await wipeReplica(nsA)
    expect(await openReplica(nsA).listDocuments()).toEqual([])
    expect(await openReplica(nsB).listDocuments()).toEqual([name])
  })

  test('names the document and entry, and leaves other documents readable, when an entry is corrupt', async () => {
    const ns = namespace()
    const replica = openReplica(ns)
    const broken = docName()
    const fine = docName()
    const doc = createRecordDoc()
    const update = edit(doc, () => writeFields(doc, { name: 'fine' }))
    await replica.appendUpdate(broken, 'local', update)
    await replica.appendUpdate(fine, 'local', update)
    // What another version of the app, a browser bug or a user poking in devtools could leave.
    await set(updateKey('local', broken, 1), { v: 1, update: 'not bytes' }, createStore(replicaDatabaseName(ns), REPLICA_STORE_NAME))

    const failure = await replica.loadDocument(broken).then(() => null, (error: unknown) => error)
    expect(failure).toBeInstanceOf(ReplicaCorruptError)
    expect((failure as ReplicaCorruptError).docName).toBe(broken)
    expect((failure as Error).message).toContain(`The local copy of ${broken} is damaged`)
    expect((failure as Error).message).toContain('"update" is string')

    expect(readFields(docFromReplica(await replica.loadDocument(fine)))).toEqual({ name: 'fine' })
    const scan = await replica.scanWaiting()
    expect(scan.corrupt.map((e) => e.docName)).toEqual([broken])
    expect([...scan.docs.keys()]).toEqual([fine])
    expect(await replica.listDocuments()).toEqual([broken, fine].sort())
  })

  test('says the update does not apply, when stored bytes are not a Yjs update', async () => {
    const replica = openReplica(namespace())
    const name = docName()
    await replica.appendUpdate(name, 'remote', Uint8Array.of(7, 7, 7, 7))
    const stored = await replica.loadDocument(name)
    expect(() => docFromReplica(stored)).toThrow(ReplicaCorruptError)
    expect(() => docFromReplica(stored)).toThrow(/does not apply as a Yjs update/)
    await expect(replica.compactDocument(name)).resolves.toEqual({ folded: 0, waiting: 0 })
  })

  test('drops only the local updates the committed snapshot does not cover', async () => {
    const replica = openReplica(namespace())
    const name = docName()
    const mine = createRecordDoc()
    const server = createRecordDoc()
    const committed = edit(mine, () => writeFields(mine, { name: 'committed' }))
    applyUpdate(server, committed)
    const refused = edit(mine, () => writeFields(mine, { secret: 'refused' }))
    await replica.appendUpdate(name, 'local', committed)
    await replica.appendUpdate(name, 'local', refused)
    await replica.saveCommitted(name, encodeCommittedSnapshot(server))
    expect(await replica.dropWaiting(name)).toBe(1)
    expect(readFields(docFromReplica(await replica.loadDocument(name)))).toEqual({ name: 'committed' })
  })
})

describe('replica under random edits, commits, compactions and reopens', () => {
  const seeds = Array.from({ length: 25 }, (_, i) => 1000 + i)
  test.each(seeds)('holds every update and counts exactly the uncommitted local ones, seed %i', async (seed) => {
    try {
      await randomRun(seed)
    } catch (error) {
      console.error(`replica random run failed; replay with seed ${seed}`)
      throw error
    }
  })
})

async function randomRun(seed: number): Promise<void> {
  const gen = prng.create(seed)
  const ns = namespace()
  let replica = openReplica(ns)
  const docs = Array.from({ length: 3 }, () => ({
    name: docName(),
    mine: createRecordDoc(),
    server: createRecordDoc(),
    peer: createRecordDoc(),
    pending: [] as Uint8Array[],
  }))
  for (let step = 0; step < 60; step++) {
    const d = prng.oneOf(gen, docs)
    const op = prng.int32(gen, 0, 9)
    if (op <= 3) {
      const text = readText(d.mine, 'notes')
      const update = text.length > 0 && prng.bool(gen)
        ? edit(d.mine, () => deleteText(d.mine, 'notes', prng.int32(gen, 0, text.length - 1), 1))
        : prng.bool(gen)
          ? edit(d.mine, () => writeFields(d.mine, { [prng.oneOf(gen, ['name', 'phone', 'email'])]: prng.word(gen, 1, 8) }))
          : edit(d.mine, () => insertText(d.mine, 'notes', prng.int32(gen, 0, text.length), prng.word(gen, 1, 5)))
      d.pending.push(update)
      await replica.appendUpdate(d.name, 'local', update)
    } else if (op <= 5) {
      // The peer only adds, so a local deletion is never covered by someone else's.
      const update = edit(d.peer, () => prng.bool(gen)
        ? writeFields(d.peer, { [prng.oneOf(gen, ['name', 'company'])]: prng.word(gen, 1, 8) })
        : insertText(d.peer, 'notes', 0, prng.word(gen, 1, 4)))
      applyUpdate(d.server, update)
      applyUpdate(d.mine, update)
      await replica.appendUpdate(d.name, 'remote', update)
    } else if (op <= 7) {
      const n = prng.int32(gen, 0, d.pending.length)
      for (const update of d.pending.splice(0, n)) applyUpdate(d.server, update)
      applyUpdate(d.peer, encodeDiff(d.server))
      await replica.saveCommitted(d.name, encodeCommittedSnapshot(d.server))
    } else if (op === 8) {
      await replica.compactDocument(d.name)
    } else {
      replica = openReplica(ns)
    }
  }
  const ledger = new WaitingLedger()
  const scan = await replica.scanWaiting()
  expect(scan.corrupt).toEqual([])
  for (const [name, doc] of scan.docs) ledger.load(name, doc.local, doc.committed)
  for (const d of docs) {
    const loaded = docFromReplica(await replica.loadDocument(d.name))
    expect(stateOf(loaded)).toEqual(stateOf(d.mine))
    expect(ledger.count(d.name).get()).toBe(d.pending.length)
  }
  expect(ledger.total.get()).toBe(docs.reduce((n, d) => n + d.pending.length, 0))
}
