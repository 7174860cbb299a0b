import { afterAll } from 'vitest'
import { describeDocumentStoreContract } from './document-store.contract'
import { createDocumentStore } from './document-store'
import { migrate } from './migrations'
import { openPglite } from './pglite-database'
import type { SqlDatabase } from './sql'

// One in-memory database for the file (PGlite takes a second or two to start), emptied between
// tests: the contract is about SQL, not files.
let database: Promise<SqlDatabase> | null = null

afterAll(async () => { if (database) await (await database).close() })

describeDocumentStoreContract('PGlite', async () => {
  database ??= openPglite(undefined).then(async (db) => { await migrate(db); return db })
  const db = await database
  const store = createDocumentStore(db)
  await store.ensureWorkspace('demo', 'Demo workspace')
  return {
    store,
    cleanup: async () => {
      await db.query('truncate doc_updates, doc_snapshots, doc_clients, doc_owners')
      await db.query(`delete from workspaces where id <> 'demo'`)
    },
  }
})
