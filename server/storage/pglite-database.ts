/**
 * The embedded backend: PGlite (Postgres in WebAssembly) in a data directory, one process, one
 * serial queue. Durability: PGlite writes through to the host files, so a committed transaction
 * survives the process being killed; it does not fsync, so it is not proof against an OS crash or
 * power loss (docs/decisions.md). Use PostgreSQL for that.
 */
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { SerialQueue } from './serial-queue'
import type { SqlDatabase, SqlRunner } from './sql'
import { execRaw } from './pglite-raw-query'
import { insertScript } from './sql-literal'

export async function openPglite(dataDir: string | undefined): Promise<SqlDatabase> {
  // Postgres' default 128 MB of shared buffers is resident WebAssembly memory that never shrinks;
  // the host's page cache still caches the files underneath, so a smaller pool costs little.
  const db = await PGlite.create({ dataDir, postgresqlconf: ['shared_buffers = 32MB'], extensions: { pg_trgm } })
  await db.exec('set standard_conforming_strings = on')
  const queue = new SerialQueue()
  const runner = (target: { query: PGlite['query'] }): SqlRunner => ({
    async query<Row>(text: string, params?: unknown[]) {
      // Multi-statement text without parameters (migrations) must go through exec.
      if (!params && text.includes(';')) {
        const results = await (target as PGlite).exec(text)
        return (results.at(-1)?.rows ?? []) as Row[]
      }
      return (await target.query<Row>(text, params)).rows
    },
  })
  return {
    kind: 'pglite',
    query: (text, params) => queue.run(() => runner(db).query(text, params)),
    insertRows: async (inserts) => {
      const script = insertScript(inserts)
      if (script) await queue.run(() => execRaw(db, script))
    },
    transaction: (work) => queue.run(() => db.transaction((tx) => work(runner(tx as unknown as PGlite)))),
    async close() {
      await queue.run(async () => { await db.close() })
    },
  }
}
