/** Test helper: an in-memory PGlite with every migration applied (it takes a second or two to start). */
import { migrate } from '../storage/migrations'
import { openPglite } from '../storage/pglite-database'
import type { SqlDatabase } from '../storage/sql'

export async function openMigratedPglite(): Promise<SqlDatabase> {
  const db = await openPglite(undefined)
  await migrate(db)
  return db
}
