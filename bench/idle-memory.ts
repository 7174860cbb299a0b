/**
 * Resident memory of an idle server, and per idle connection. A first cycle of N connections
 * (opened, closed, and their documents unloaded) brings the server to a steady state; then its
 * RSS and heap are read after a forced GC, N clients open (4 per record document), sync and sit
 * idle, and the delta over N is the memory one connection costs, including its share of the
 * loaded document (a quarter of a room). For ours, the idle RSS is also read after a restart on
 * an existing data directory: PGlite's WebAssembly memory only grows, and creating the database
 * (initdb, on the first start) grows it most.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { uuidv7 } from '../shared/ids'
import { closeClients, connectClients } from './clients/connect-clients'
import type { ProbeSample } from './servers/probe'
import { BENCH_WORKSPACE, ServerProcess, type ServerKind } from './servers/server-process'
import type { Settings } from './settings'
import { sleep } from './timing'

export interface MemoryResult {
  server: ServerKind
  /** RSS with the N idle connections open. */
  loadedRssMb: number
  /** A server that has served one cycle of connections, idle. Ours: first start on a fresh data directory. */
  idleRssMb: number
  idleHeapMb: number
  connections: number
  rssPerConnectionKb: number
  heapPerConnectionKb: number
}

/** Our documents unload this long after their last connection closes (UNLOAD_AFTER_MS default). */
const UNLOAD_WAIT_MS = 6000
/** RSS keeps falling for a while after start (the GC hands back what creating the database used). */
const SETTLE_MAX_MS = 40_000
const SETTLED_BYTES = 1 << 20

const SETTLED_SAMPLES = 4

/**
 * A sample after a forced GC once RSS has stopped moving (SETTLED_SAMPLES in a row within 1 MB of
 * each other), bounded in time: the last sample if it never settles.
 */
async function settledSample(server: ServerProcess, intervalMs: number): Promise<ProbeSample> {
  const deadline = performance.now() + SETTLE_MAX_MS
  const recent: ProbeSample[] = [await server.sample({ gc: true })]
  while (performance.now() < deadline) {
    await sleep(intervalMs)
    recent.push(await server.sample({ gc: true }))
    const window = recent.slice(-SETTLED_SAMPLES).map((s) => s.rssBytes)
    if (window.length === SETTLED_SAMPLES && Math.max(...window) - Math.min(...window) < SETTLED_BYTES) break
  }
  return recent.at(-1)!
}

export async function measureIdleMemory(server: ServerProcess, settings: Settings['memory']): Promise<MemoryResult> {
  await closeClients(await openIdle(server, settings))
  await sleep(UNLOAD_WAIT_MS)
  const idle = await settledSample(server, settings.settleMs)
  const clients = await openIdle(server, settings)
  try {
    const loaded = await settledSample(server, settings.settleMs)
    return {
      server: server.kind,
      idleRssMb: idle.rssBytes / 2 ** 20,
      loadedRssMb: loaded.rssBytes / 2 ** 20,
      idleHeapMb: idle.heapUsedBytes / 2 ** 20,
      connections: clients.length,
      rssPerConnectionKb: (loaded.rssBytes - idle.rssBytes) / 1024 / clients.length,
      heapPerConnectionKb: (loaded.heapUsedBytes - idle.heapUsedBytes) / 1024 / clients.length,
    }
  } finally {
    await closeClients(clients)
  }
}

/** Our server's idle RSS on a fresh data directory, and after a restart on the same one, in MB. */
export async function measureOursAtRest(settleMs: number): Promise<{ firstStartRssMb: number; restartedRssMb: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-restart-'))
  try {
    const idleRss = async () => {
      const server = await ServerProcess.start('tandem', { dataDir })
      try {
        return (await settledSample(server, settleMs)).rssBytes / 2 ** 20
      } finally {
        await server.stop()
      }
    }
    const firstStartRssMb = await idleRss()
    return { firstStartRssMb, restartedRssMb: await idleRss() }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function openIdle(server: ServerProcess, settings: Settings['memory']) {
  const docs = Math.ceil(settings.idleConnections / settings.clientsPerDoc)
  const names = Array.from({ length: docs }, () => `${BENCH_WORKSPACE}/account/${uuidv7()}`)
  return connectClients(server, names, settings.clientsPerDoc)
}
