/**
 * Opens the configured storage: PostgreSQL when `DATABASE_URL` is set, otherwise PGlite in
 * `DATA_DIR` (locked to this process). Migrates the schema and seeds the demo workspace once.
 */
import { join } from 'node:path'
import { DEMO_WORKSPACE_ID, DEMO_WORKSPACE_NAME } from '../../shared/demo'
import { acquireDataDirLock } from './data-dir-lock'
import { ensureDemoWorkspace } from './demo-seed'
import { createDocumentStore, type DocumentStore } from './document-store'
import { openJournaledStore } from './journaled-store'
import { migrate } from './migrations'
import { openPglite } from './pglite-database'
import { openPostgres } from './postgres-database'
import type { SqlDatabase } from './sql'
import { createLogger, type Logger } from '../logger'

/** The demo workspace every fresh server has (shared/demo.ts). */
export const DEMO_WORKSPACE = { id: DEMO_WORKSPACE_ID, name: DEMO_WORKSPACE_NAME }

export interface Storage {
  db: SqlDatabase
  store: DocumentStore
  /** Where the data is, for logs and /healthz (no credentials). */
  location: string
  close(): Promise<void>
}

export interface StorageOptions {
  dataDir: string
  databaseUrl?: string | undefined
  /** PostgreSQL schema to use (tests give each worker its own). */
  schema?: string
  /** Where storage reports trouble it recovers from (a journal replayed, a write retried). */
  logger?: Logger
}

export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.databaseUrl) {
    const db = await openPostgres(options.databaseUrl, options.schema ? { schema: options.schema } : {})
    return finish(db, redact(options.databaseUrl), () => {}, null)
  }
  const lock = acquireDataDirLock(options.dataDir)
  try {
    const db = await openPglite(join(options.dataDir, 'pglite'))
    return await finish(db, options.dataDir, () => lock.release(), { dir: join(options.dataDir, 'journal'), logger: options.logger ?? createLogger('warn') })
  } catch (error) {
    lock.release()
    throw error
  }
}

async function finish(db: SqlDatabase, location: string, release: () => void, journal: { dir: string; logger: Logger } | null): Promise<Storage> {
  await migrate(db)
  // PGlite: updates durable in a journal file, written to the database behind (journaled-store.ts).
  const direct = createDocumentStore(db)
  const store = journal ? await openJournaledStore(direct, db, journal.dir, journal.logger) : direct
  await ensureDemoWorkspace(store)
  let closed = false
  return {
    db,
    store,
    location,
    async close() {
      if (closed) return
      closed = true
      try {
        await store.close() // writes what the journal holds, then closes the database
      } finally {
        release()
      }
    },
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres'
  }
}
