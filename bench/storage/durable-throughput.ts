/**
 * Durable updates per second through the storage layer: the store `npm start` opens (PGlite in a
 * fresh data directory on disk, behind its update journal), behind the `UpdateLog` group commit
 * the server uses. Many writers (standing in for rooms) each append one small realistic update at
 * a time to one of 1,000 documents and wait for it to be durable (in the journal) before the
 * next, so the batch size is what the concurrency makes it. `storedPerSecond` also waits until the
 * database has every row written behind, so it is the rate the whole store sustains. Run as a
 * child process: `runScript('durable-throughput.ts', settings)`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStorage } from '../../server/storage/open-storage'
import { UpdateLog } from '../../server/sync/update-log'
import { uuidv7 } from '../../shared/ids'
import { percentile } from '../stats'
import { makeRandom, recordUpdates } from './realistic-updates'
import { printResult, readScriptSettings } from './script-result'

export interface ThroughputSettings {
  durationMs: number
  writers: number[]
}

export interface ThroughputResult {
  writers: number
  updates: number
  updatesPerSecond: number
  /** Updates over the time until the database also had them (the journal's writes behind done). */
  storedPerSecond: number
  meanBatch: number
  commitP50Ms: number
  commitP99Ms: number
  meanUpdateBytes: number
}

const DOCS = 1000
const UPDATES_PER_DOC = 10
const WARMUP_MS = 500

async function main(): Promise<void> {
  const settings = readScriptSettings<ThroughputSettings>()
  const random = makeRandom(7)
  const rows = Array.from({ length: DOCS }, () => `demo/account/${uuidv7()}`).flatMap((doc) =>
    recordUpdates(UPDATES_PER_DOC, random).map((update) => ({ doc, update, actor: 'anonymous', clientId: null })))
  const meanUpdateBytes = rows.reduce((n, r) => n + r.update.length, 0) / rows.length
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-storage-'))
  const storage = await openStorage({ dataDir })
  const results: ThroughputResult[] = []
  try {
    for (const writers of settings.writers) {
      await drive(new UpdateLog(storage.store), rows, writers, WARMUP_MS)
      const log = new UpdateLog(storage.store)
      const started = performance.now()
      const { updates, latencies, elapsedMs } = await drive(log, rows, writers, settings.durationMs)
      await storage.store.stored()
      const storedMs = performance.now() - started
      results.push({
        writers,
        updates,
        updatesPerSecond: updates / (elapsedMs / 1000),
        storedPerSecond: updates / (storedMs / 1000),
        meanBatch: log.stats.committed / log.stats.batches,
        commitP50Ms: percentile(latencies, 50),
        commitP99Ms: percentile(latencies, 99),
        meanUpdateBytes,
      })
    }
  } finally {
    await storage.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  printResult(results)
}

/** `writers` loops, each appending and awaiting one update at a time, until the time is up. */
async function drive(log: UpdateLog, rows: Parameters<UpdateLog['append']>[0][], writers: number, durationMs: number) {
  const latencies: number[] = []
  const start = performance.now()
  const deadline = start + durationMs
  let next = 0
  await Promise.all(Array.from({ length: writers }, async () => {
    while (performance.now() < deadline) {
      const row = rows[next++ % rows.length]!
      const t = performance.now()
      await log.append(row)
      latencies.push(performance.now() - t)
    }
  }))
  await log.drain()
  return { updates: latencies.length, latencies, elapsedMs: performance.now() - start }
}

await main()
