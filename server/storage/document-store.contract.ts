/**
 * The storage contract: one suite that every backend passes (PGlite in the unit project,
 * PostgreSQL in the cluster project). Each test gets an empty store.
 */
import * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { createRecordDoc, readFields, writeFields } from '../../shared/doc/record-doc'
import { foldUpdates } from '../sync/fold'
import type { DocumentStore } from './document-store'

export function describeDocumentStoreContract(backend: string, open: () => Promise<{ store: DocumentStore; cleanup(): Promise<void> }>) {
  async function withStore(run: (store: DocumentStore) => Promise<void>) {
    const { store, cleanup } = await open()
    try {
      await run(store)
    } finally {
      await cleanup()
    }
  }

  function edits(count: number): Uint8Array[] {
    const doc = createRecordDoc(42)
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    for (let i = 0; i < count; i++) writeFields(doc, { name: `v${i}`, [`f${i % 7}`]: i })
    return updates
  }

  function replay(loaded: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
    const doc = createRecordDoc()
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot)
    for (const u of loaded.updates) Y.applyUpdate(doc, u)
    return doc
  }

  describe(`document store contract (${backend})`, () => {
    test('an unknown document loads as empty', () => withStore(async (store) => {
      expect(await store.loadDocument('demo/account/none')).toEqual({ snapshot: null, updates: [] })
    }))

    // Byte for byte until stored; a backend may then merge one writer's updates of a batch into
    // one row (the embedded store's journal does), which holds exactly the same content.
    test('appended updates load back with their content, before and after they are stored, for their document only', () => withStore(async (store) => {
      const updates = edits(5)
      const expected = readFields(replay({ snapshot: null, updates }))
      await store.appendUpdates(updates.map((update, i) => ({ doc: 'demo/account/a', update, actor: `user:${i}`, clientId: 42 })))
      await store.appendUpdates([{ doc: 'demo/account/b', update: updates[0]!, actor: 'server', clientId: null }])
      const loaded = await store.loadDocument('demo/account/a')
      expect(loaded.snapshot).toBeNull()
      expect(loaded.updates.map((u) => [...u])).toEqual(updates.map((u) => [...u]))
      await store.flush()
      const stored = await store.loadDocument('demo/account/a')
      expect(Y.encodeStateVector(replay(stored))).toEqual(Y.encodeStateVector(replay(loaded)))
      expect(readFields(replay(stored))).toEqual(expected)
      expect(readFields(replay(await store.loadDocument('demo/account/b')))).toEqual({ name: 'v0', f0: 0 })
      expect(await store.countUpdates('demo/account/b')).toBe(1)
    }))

    test('a batch larger than one INSERT statement is stored whole', () => withStore(async (store) => {
      const updates = edits(2500)
      await store.appendUpdates(updates.map((update) => ({ doc: 'demo/account/big', update, actor: 'server', clientId: 42 })))
      await store.flush()
      expect(await store.countUpdates('demo/account/big')).toBeGreaterThan(0)
      expect(readFields(replay(await store.loadDocument('demo/account/big'))).name).toBe('v2499')
    }))

    test('compaction folds the log into a snapshot with the same content and trims the log', () => withStore(async (store) => {
      const updates = edits(30)
      // `folded` counts log rows: a backend may have merged one writer's updates into one row.
      await store.appendUpdates(updates.slice(0, 20).map((update) => ({ doc: 'demo/account/c', update, actor: 'server', clientId: 42 })))
      const rows = await store.countUpdates('demo/account/c')
      expect(rows).toBeGreaterThan(0)
      expect(await store.compactDocument('demo/account/c', foldUpdates)).toEqual({ folded: rows })
      expect(await store.countUpdates('demo/account/c')).toBe(0)
      await store.appendUpdates(updates.slice(20).map((update) => ({ doc: 'demo/account/c', update, actor: 'server', clientId: 42 })))
      const more = await store.countUpdates('demo/account/c')
      expect(await store.compactDocument('demo/account/c', foldUpdates)).toEqual({ folded: more })
      const loaded = await store.loadDocument('demo/account/c')
      expect(loaded.updates).toEqual([])
      const all = createRecordDoc()
      for (const u of updates) Y.applyUpdate(all, u)
      expect(readFields(replay(loaded))).toEqual(readFields(all))
      expect(Y.encodeStateVector(replay(loaded))).toEqual(Y.encodeStateVector(all))
    }))

    test('compaction of a document with no log is a no-op', () => withStore(async (store) => {
      expect(await store.compactDocument('demo/account/empty', foldUpdates)).toEqual({ folded: 0 })
    }))

    test('concurrent compactions and appends lose nothing', () => withStore(async (store) => {
      const updates = edits(60)
      const doc = 'demo/account/race'
      const work: Promise<unknown>[] = []
      for (let i = 0; i < 60; i += 10) {
        work.push(store.appendUpdates(updates.slice(i, i + 10).map((update) => ({ doc, update, actor: 'server', clientId: 42 }))))
        work.push(store.compactDocument(doc, foldUpdates))
      }
      await Promise.all(work)
      const all = createRecordDoc()
      for (const u of updates) Y.applyUpdate(all, u)
      expect(Y.encodeStateVector(replay(await store.loadDocument(doc)))).toEqual(Y.encodeStateVector(all))
    }))

    test('a failed fold rolls the compaction back and keeps the log', () => withStore(async (store) => {
      const updates = edits(3)
      await store.appendUpdates(updates.map((update) => ({ doc: 'demo/account/f', update, actor: 'server', clientId: 42 })))
      const rows = await store.countUpdates('demo/account/f')
      await expect(store.compactDocument('demo/account/f', () => { throw new Error('fold failed') })).rejects.toThrow('fold failed')
      expect(await store.countUpdates('demo/account/f')).toBe(rows)
      expect(readFields(replay(await store.loadDocument('demo/account/f')))).toEqual(readFields(replay({ snapshot: null, updates })))
    }))

    test('client-id bindings and owner claims are stored with their updates, and the first one wins', () => withStore(async (store) => {
      const [a, b] = edits(2)
      await store.appendUpdates([{ doc: 'demo/account/o', update: a!, actor: 'user:ada', clientId: 42, bindClients: [42], claimOwner: true }])
      await store.appendUpdates([{ doc: 'demo/account/o', update: b!, actor: 'user:bob', clientId: 42, bindClients: [42, 7], claimOwner: true }])
      expect(await store.docOwner('demo/account/o')).toBe('user:ada')
      expect(await store.docOwner('demo/account/none')).toBeNull()
      expect(await store.clientBindings('demo/account/o')).toEqual(new Map([[42, 'user:ada'], [7, 'user:bob']]))
    }))

    test('workspaces are created once and found by id', () => withStore(async (store) => {
      await store.ensureWorkspace('acme', 'Acme')
      await store.ensureWorkspace('acme', 'Acme again')
      expect(await store.workspaceExists('acme')).toBe(true)
      expect(await store.workspaceExists('nope')).toBe(false)
      expect(await store.workspaceExists('demo')).toBe(true)
    }))
  })
}
