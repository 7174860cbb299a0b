/**
 * Planner statistics for search on PGlite, which has no autovacuum: `record_search` is never
 * analyzed on its own, and without statistics the planner takes `workspace_id = …` for a few rows
 * and intersects every search with a scan of the workspace's whole primary-key range (45 ms at
 * 100,000 records, where the search itself takes under 1 ms). Like autovacuum's rule, once more than
 * 50 + 10% of the rows changed since the last analyze, the next search asks for one, of the
 * workspace column only (cheap). PostgreSQL's autovacuum does this by itself.
 */
import type { SqlDatabase } from '../storage/sql'

const CHECK_EVERY_MS = 30_000

export function searchStatistics(db: SqlDatabase, log: (message: string, fields: Record<string, unknown>) => void = () => {}): () => Promise<void> {
  let checkedAt = -Infinity
  let running: Promise<void> | null = null
  return async function freshen() {
    if (db.kind !== 'pglite') return
    if (running) return running
    if (Date.now() - checkedAt < CHECK_EVERY_MS) return
    checkedAt = Date.now()
    running = (async () => {
      const [stats] = await db.query<{ live: string | number; changed: string | number }>(
        `select n_live_tup as live, n_mod_since_analyze as changed from pg_stat_user_tables where relname = 'record_search'`)
      if (stats && Number(stats.changed) > 50 + 0.1 * Number(stats.live)) {
        const started = performance.now()
        await db.query('analyze record_search (workspace_id)')
        log('analyzed record_search for search', { rows: Number(stats.live), ms: Math.round(performance.now() - started) })
      }
    })().finally(() => { running = null })
    return running
  }
}
