/**
 * Planner statistics on PGlite, which has no autovacuum: a table is never analyzed on its own, and
 * without statistics the planner misjudges `workspace_id = …` as a few rows — lists then sort a
 * whole type instead of walking an index (150 ms instead of 2 ms at 100,000 contacts), and search
 * intersects every query with a scan of the workspace's key range (45 ms where the search takes
 * under 1 ms). Like autovacuum's rule: once more than 50 + 10% of a table's rows changed since its
 * last analyze, the next read that asks gets one, of the given columns only (analyzing every index
 * expression takes seconds on PGlite's one thread). At most one check per table every 30 s.
 * PostgreSQL's autovacuum does this by itself, so there it does nothing.
 */
import type { SqlDatabase } from './sql'
import { identifier } from './sql-literal'

const CHECK_EVERY_MS = 30_000

export function plannerStatistics(db: SqlDatabase, table: string, columns: readonly string[],
  log: (message: string, fields: Record<string, unknown>) => void = () => {}): () => Promise<void> {
  const analyze = `analyze ${identifier(table)} (${columns.map(identifier).join(', ')})`
  let checkedAt = -Infinity
  let running: Promise<void> | null = null
  return async function freshen() {
    if (db.kind !== 'pglite') return
    if (running) return running
    if (Date.now() - checkedAt < CHECK_EVERY_MS) return
    checkedAt = Date.now()
    running = (async () => {
      const [stats] = await db.query<{ live: string | number; changed: string | number }>(
        'select n_live_tup as live, n_mod_since_analyze as changed from pg_stat_user_tables where relname = $1', [table])
      if (stats && Number(stats.changed) > 50 + 0.1 * Number(stats.live)) {
        const started = performance.now()
        await db.query(analyze)
        log(`analyzed ${table}`, { rows: Number(stats.live), ms: Math.round(performance.now() - started) })
      }
    })().finally(() => { running = null })
    return running
  }
}
