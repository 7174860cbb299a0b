/**
 * Cold load of a record document: documents with a realistic history (a few hundred updates
 * folded into a snapshot by compaction, then a few hundred more in the log) are written to PGlite
 * on disk; the storage is closed and opened again, so nothing is cached in the database, and each
 * document is then loaded once. Half of them load through a `Room` (read snapshot and log in one
 * transaction, apply, build the shadow copy), as the server does when the first client opens one;
 * the other half through `store.loadDocument` + apply, which splits the time into reading and
 * applying. Both halves are cold. The compactions made while building are timed too: the
 * propagation rounds never reach the compaction threshold, so its cost is reported here.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { createLogger } from '../../server/logger'
import { createServices, type Services } from '../../server/services'
import { openStorage, type Storage } from '../../server/storage/open-storage'
import { foldUpdates } from '../../server/sync/fold'
import { uuidv7 } from '../../shared/ids'
import { percentile } from '../stats'
import { makeRandom, recordUpdates } from './realistic-updates'
import { printResult, readScriptSettings } from './script-result'

export interface ColdLoadSettings {
  docs: number
  logBeforeCompaction: number
  logAfterCompaction: number
}

export interface ColdLoadResult {
  docs: number
  updatesInLog: number
  snapshotBytes: number
  roomLoadP50Ms: number
  roomLoadP99Ms: number
  readP50Ms: number
  readP99Ms: number
  applyP50Ms: number
  applyP99Ms: number
  /** Compaction of a log of `logBeforeCompaction` updates into the first snapshot (while building). */
  compactedUpdates: number
  compactP50Ms: number
  compactP99Ms: number
}

async function main(): Promise<void> {
  const settings = readScriptSettings<ColdLoadSettings>()
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-cold-'))
  try {
    const names = Array.from({ length: settings.docs }, () => `demo/account/${uuidv7()}`)
    let snapshotBytes = 0
    const compactions: number[] = []
    {
      const storage = await openStorage({ dataDir })
      const random = makeRandom(11)
      for (const doc of names) {
        const updates = recordUpdates(settings.logBeforeCompaction + settings.logAfterCompaction, random)
        const row = (update: Uint8Array) => ({ doc, update, actor: 'anonymous', clientId: null })
        await storage.store.appendUpdates(updates.slice(0, settings.logBeforeCompaction).map(row))
        const t = performance.now()
        await storage.store.compactDocument(doc, foldUpdates)
        compactions.push(performance.now() - t)
        await storage.store.appendUpdates(updates.slice(settings.logBeforeCompaction).map(row))
      }
      const [row] = await storage.db.query<{ n: number }>('select avg(length(state))::int as n from doc_snapshots')
      snapshotBytes = Number(row?.n ?? 0)
      await storage.close()
    }

    const storage = await openStorage({ dataDir })
    const services = createServices({ storage, logger: createLogger('silent'), unloadAfterMs: 0 })
    const roomLoads: number[] = []
    const reads: number[] = []
    const applies: number[] = []
    // Alternate the two ways, so neither gets a warmer process than the other.
    for (const [i, name] of names.entries()) {
      if (i % 2 === 0) roomLoads.push(await loadThroughRoom(services, name))
      else {
        const { readMs, applyMs } = await loadDirect(storage, name)
        reads.push(readMs)
        applies.push(applyMs)
      }
    }
    await services.close()
    printResult({
      docs: names.length,
      updatesInLog: settings.logAfterCompaction,
      snapshotBytes,
      roomLoadP50Ms: percentile(roomLoads, 50),
      roomLoadP99Ms: percentile(roomLoads, 99),
      readP50Ms: percentile(reads, 50),
      readP99Ms: percentile(reads, 99),
      applyP50Ms: percentile(applies, 50),
      applyP99Ms: percentile(applies, 99),
      compactedUpdates: settings.logBeforeCompaction,
      compactP50Ms: percentile(compactions, 50),
      compactP99Ms: percentile(compactions, 99),
    } satisfies ColdLoadResult)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function loadThroughRoom(services: Services, name: string): Promise<number> {
  const t = performance.now()
  let ms = 0
  await services.rooms.with(name, async (room) => {
    ms = performance.now() - t
    if (room.state !== 'ready') throw new Error(`${name} did not load: ${room.state}`)
  })
  return ms
}

async function loadDirect(storage: Storage, name: string): Promise<{ readMs: number; applyMs: number }> {
  const t0 = performance.now()
  const loaded = await storage.store.loadDocument(name)
  const t1 = performance.now()
  const doc = new Y.Doc({ gc: true })
  doc.transact(() => {
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot)
    for (const update of loaded.updates) Y.applyUpdate(doc, update)
  })
  const t2 = performance.now()
  doc.destroy()
  return { readMs: t1 - t0, applyMs: t2 - t1 }
}

await main()
