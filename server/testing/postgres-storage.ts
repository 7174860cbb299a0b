/**
 * Test helper for the cluster project: storage over a fresh, migrated PostgreSQL schema of its own,
 * as the rooms, rules and routes use it; closing it closes the database and drops the schema.
 */
import { createDocumentStore } from '../storage/document-store'
import { migrate } from '../storage/migrations'
import type { Storage } from '../storage/open-storage'
import { openPostgres } from '../storage/postgres-database'
import { clusterDatabaseUrl, freshSchema } from '../storage/postgres-test-schema'

/** A migrated schema of its own on the cluster's PostgreSQL, dropped when the storage is closed. */
export async function freshPostgresStorage(): Promise<Storage> {
  const url = clusterDatabaseUrl()
  const schema = await freshSchema(url)
  try {
    const db = await openPostgres(url, { schema: schema.name })
    await migrate(db)
    return {
      db, store: createDocumentStore(db), location: 'postgres',
      async close() {
        try {
          await db.close()
        } finally {
          await schema.drop()
        }
      },
    }
  } catch (error) {
    await schema.drop()
    throw error
  }
}
