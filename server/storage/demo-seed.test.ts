import * as Y from 'yjs'
import { expect, test } from 'vitest'
import { DEMO_ACCOUNT_FIELDS } from '../../shared/demo'
import { readFields } from '../../shared/doc/record-doc'
import { createDocumentStore } from './document-store'
import { DEMO_ACCOUNT_DOC, seedDemo } from './demo-seed'
import { migrate } from './migrations'
import { openPglite } from './pglite-database'

test('a fresh database gets the demo workspace and its account once, however often it starts', async () => {
  const db = await openPglite(undefined)
  try {
    await migrate(db)
    const store = createDocumentStore(db)
    await seedDemo(store)
    await seedDemo(store)
    expect(await store.workspaceExists('demo')).toBe(true)
    const { updates } = await store.loadDocument(DEMO_ACCOUNT_DOC)
    expect(updates).toHaveLength(1)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, updates[0]!)
    expect(readFields(doc)).toEqual(DEMO_ACCOUNT_FIELDS)
  } finally {
    await db.close()
  }
})
