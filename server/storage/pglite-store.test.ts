import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { describeDocumentStoreContract } from './document-store.contract'
import { createDocumentStore, type DocumentStore } from './document-store'
import { openJournaledStore } from './journaled-store'
import { openMigratedPglite } from '../testing/migrated-pglite'
import type { SqlDatabase } from './sql'

// One in-memory database for the file (PGlite takes a second or two to start), emptied between
// tests: the contract is about SQL, not files.
let database: Promise<SqlDatabase> | null = null

afterAll(async () => { if (database) await (await database).close() })

describeDocumentStoreContract('PGlite', async () => {
  database ??= openMigratedPglite()
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

// What `npm start` runs: the same database behind the update journal (journaled-store.ts).
describeDocumentStoreContract('PGlite behind the journal', async () => {
  database ??= openMigratedPglite()
  const db = await database
  const direct: DocumentStore = { ...createDocumentStore(db), close: async () => {} }
  const store = await openJournaledStore(direct, db, mkdtempSync(join(tmpdir(), 'contract-journal-')), { warn: () => {}, error: () => {} })
  await store.ensureWorkspace('demo', 'Demo workspace')
  return {
    store,
    cleanup: async () => {
      await store.close()
      await db.query('truncate doc_updates, doc_snapshots, doc_clients, doc_owners, journal_state')
      await db.query(`delete from workspaces where id <> 'demo'`)
    },
  }
})
