/**
 * Planner statistics for list pages on PGlite. PGlite has no autovacuum, so `records` is never
 * analyzed on its own: the planner then takes every `workspace_id = … and type = …` for a few rows
 * and sorts the whole type instead of walking an index (150 ms instead of 2 ms at 100,000 contacts).
 * Like autovacuum's rule, once more than 50 + 10% of the rows changed since the last analyze, the
 * next list asks for an analyze of the columns lists select on — a column list, because analyzing
 * every index expression as well takes seconds on PGlite's one thread. PostgreSQL's autovacuum does
 * this by itself.
 */
import type { Services } from '../../services'

const CHECK_EVERY_MS = 30_000
const COLUMNS = '(workspace_id, type, deleted, account_id, owner_id, refs)'

export function plannerStatistics(services: Services): () => Promise<void> {
  const db = services.storage.db
  let checkedAt = -Infinity
  let running: Promise<void> | null = null
  return async function freshen() {
    if (db.kind !== 'pglite') return
    if (running) return running
    if (Date.now() - checkedAt < CHECK_EVERY_MS) return
    checkedAt = Date.now()
    running = (async () => {
      const [stats] = await db.query<{ live: string | number; changed: string | number }>(
        `select n_live_tup as live, n_mod_since_analyze as changed from pg_stat_user_tables where relname = 'records'`)
      if (stats && Number(stats.changed) > 50 + 0.1 * Number(stats.live)) {
        const started = performance.now()
        await db.query(`analyze records ${COLUMNS}`)
        services.logger.info('analyzed records for list pages', { rows: Number(stats.live), ms: Math.round(performance.now() - started) })
      }
    })().finally(() => { running = null })
    return running
  }
}
