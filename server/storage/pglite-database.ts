/**
 * The embedded backend: PGlite (Postgres in WebAssembly) in a data directory, one process, one
 * serial queue, run in a worker thread (server/storage/pglite-thread.ts) so that its work never
 * holds up the sockets. Durability: PGlite writes through to the host files, so a committed
 * transaction survives the process being killed; it does not fsync, so it is not proof against an
 * OS crash or power loss (docs/decisions.md). Use PostgreSQL for that.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { SerialQueue } from './serial-queue'
import type { SqlDatabase, SqlRunner } from './sql'
import { insertScriptInSlices } from './sql-literal'
import { TimeSlices } from './time-slices'
import { DEFAULT_WAL_CHECKPOINTS, startWalCheckpoints, type WalCheckpointOptions } from './wal-checkpoints'
import type { PgliteAnswer, PgliteRequest } from './pglite-thread'

const THREAD = new URL('./pglite-thread.mjs', import.meta.url)
/** A batch's SQL text is written on the main thread in slices of about this long. */
const SCRIPT_SLICE_MS = 1

export async function openPglite(dataDir: string | undefined, checkpointOptions: WalCheckpointOptions = DEFAULT_WAL_CHECKPOINTS): Promise<SqlDatabase> {
  if (dataDir !== undefined && !existsSync(join(dataDir, 'PG_VERSION'))) {
    // Creating a database (initdb) leaves hundreds of MB of WebAssembly memory behind that a
    // database opened afresh never takes: create it in a thread of its own, then let that go.
    const creator = startThread(dataDir)
    await creator.ready
    await creator.request('close')
    await creator.worker.terminate()
  }
  const thread = startThread(dataDir, dataDir === undefined ? null : exitOnDeath)
  await thread.ready
  const queue = new SerialQueue()
  const direct: SqlRunner = { query: (text, params) => thread.request('query', text, params) as never }
  // A data directory's WAL is checkpointed by us: PGlite has no checkpointer (wal-checkpoints.ts).
  const checkpoints = dataDir === undefined ? null : startWalCheckpoints(
    (text) => queue.run(() => direct.query(text)),
    (error) => process.stderr.write(`tandem: a WAL checkpoint of the embedded database failed (${String(error)}); it is tried again shortly\n`),
    checkpointOptions)
  return {
    kind: 'pglite',
    query: (text, params) => queue.run(() => direct.query(text, params)),
    // The script is written in its turn (calls keep their order) and in slices of the event loop.
    insertRows: (inserts) => queue.run(async () => {
      const script = await insertScriptInSlices(inserts, new TimeSlices(SCRIPT_SLICE_MS))
      if (script) await thread.request('raw', script)
    }),
    transaction: (work) => queue.run(async () => {
      await direct.query('begin')
      try {
        const result = await work(direct)
        await direct.query('commit')
        return result
      } catch (error) {
        await direct.query('rollback').catch(() => {})
        throw error
      }
    }),
    async close() {
      await checkpoints?.stop()
      await queue.run(async () => {
        thread.closing = true
        try {
          await thread.request('close')
        } finally {
          await thread.worker.terminate()
        }
      })
    },
  }
}

function startThread(dataDir: string | undefined, onDeath: ((error: Error) => void) | null = null): PgliteThread {
  // Not the server's own flags (preloads, profilers): the thread registers its loader itself.
  return new PgliteThread(new Worker(THREAD, { workerData: { dataDir }, execArgv: [] }), onDeath)
}

/**
 * The serving database thread died (out of memory, a crash in the WebAssembly): every commit since
 * is in the journal, so the process exits and a restart replays it, rather than serving on with a
 * database that answers nothing.
 */
function exitOnDeath(error: Error): void {
  process.stderr.write(`tandem: ${error.message}; exiting so that a restart writes the update journal to a fresh database thread\n`)
  process.exit(1)
}

class PgliteThread {
  readonly ready: Promise<void>
  private next = 0
  private readonly waiting = new Map<number, { resolve(rows: unknown[]): void; reject(error: Error): void }>()
  private failed: Error | null = null

  constructor(readonly worker: Worker, private readonly onDeath: ((error: Error) => void) | null = null) {
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (answer: PgliteAnswer) => {
        if (answer.type === 'ready') return resolve()
        if (answer.type === 'failed') return reject(new Error(answer.message))
        const waiter = this.waiting.get(answer.id)
        this.waiting.delete(answer.id)
        if (!waiter) return
        if (answer.type === 'rows') waiter.resolve(answer.rows)
        else waiter.reject(Object.assign(new Error(answer.error.message), answer.error))
      })
      const fail = (error: Error) => {
        if (!this.closing && this.failed === null && this.onDeath) this.onDeath(error)
        this.failed = error
        reject(error)
        for (const waiter of this.waiting.values()) waiter.reject(error)
        this.waiting.clear()
      }
      worker.on('error', (error) => fail(new Error(`the database thread failed: ${error.message}`)))
      worker.on('exit', (code) => fail(new Error(`the database thread exited (code ${code})`)))
    })
  }

  /** Set before a deliberate close: an exit then is no failure. */
  closing = false

  request(kind: PgliteRequest['kind'], text?: string, params?: unknown[]): Promise<unknown[]> {
    if (this.failed) return Promise.reject(this.failed)
    const id = this.next++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      try {
        this.worker.postMessage({ id, kind, text, params } satisfies PgliteRequest)
      } catch (error) {
        this.waiting.delete(id) // a parameter that cannot be cloned
        reject(error)
      }
    })
  }
}
