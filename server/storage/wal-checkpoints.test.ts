import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { openPglite } from './pglite-database'
import type { SqlDatabase } from './sql'

const dirs: string[] = []
afterAll(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }) })

const checkpointLsn = async (db: SqlDatabase) =>
  (await db.query<{ lsn: string }>('select checkpoint_lsn::text as lsn from pg_control_checkpoint()'))[0]!.lsn

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

test('a PGlite data directory is checkpointed once enough WAL was written, and not while nothing is', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wal-checkpoints-'))
  dirs.push(dir)
  const db = await openPglite(dir, { checkEveryMs: 50, maxBytes: 2 * 1024 * 1024, maxAgeMs: 3_600_000 })
  try {
    await db.query('create table filler (id serial primary key, v text)')
    await new Promise((resolve) => setTimeout(resolve, 300)) // a few checks with little written
    const quiet = await checkpointLsn(db)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await checkpointLsn(db)).toBe(quiet)

    await db.query(`insert into filler (v) select repeat('x', 1000) from generate_series(1, 5000)`) // about 5 MB of WAL
    await until('a checkpoint after the writes', async () => await checkpointLsn(db) !== quiet)
  } finally {
    await db.close()
  }
})
