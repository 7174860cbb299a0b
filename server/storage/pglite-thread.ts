/**
 * PGlite in a worker thread (server/storage/pglite-database.ts is the other side). Postgres in
 * WebAssembly runs synchronously: a batch of rows, a compaction or a search takes the thread for
 * milliseconds, and on the server's thread that is every socket waiting. Here it waits alone.
 *
 * The thread opens the database in `workerData.dataDir` and says `ready` (or `failed`); then
 * requests `{ id, kind, text, params? }` are answered in order with `rows` or `error` (the error's
 * message, code and details as plain fields).
 * `kind`: `query` (one statement with parameters; text with several statements and no parameters
 * goes through `exec`), `raw` (a simple-protocol script whose answer is only checked for errors:
 * the group-commit inserts), `close`.
 */
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { execRaw } from './pglite-raw-query'

export interface PgliteRequest {
  id: number
  kind: 'query' | 'raw' | 'close'
  text?: string
  params?: unknown[]
}

export type PgliteAnswer =
  | { type: 'rows'; id: number; rows: unknown[] }
  | { type: 'error'; id: number; error: { message: string } & Record<string, unknown> }
  | { type: 'ready' }
  | { type: 'failed'; message: string }

/** The database thread's nice value (0 is the process's own; 19 the lowest priority). */
const DATABASE_THREAD_NICE = 10
const port = parentPort!
const { dataDir } = workerData as { dataDir: string | undefined }
yieldToSockets()

try {
  // Postgres' default 128 MB of shared buffers is resident WebAssembly memory that never shrinks;
  // the host's page cache still caches the files underneath, so a smaller pool costs little.
  const db = await PGlite.create({ dataDir, postgresqlconf: ['shared_buffers = 32MB'], extensions: { pg_trgm } })
  await db.exec('set standard_conforming_strings = on')
  port.on('message', (request: PgliteRequest) => {
    void answer(db, request).then((message) => port.postMessage(message))
  })
  port.postMessage({ type: 'ready' } satisfies PgliteAnswer)
} catch (error) {
  port.postMessage({ type: 'failed', message: (error as Error).message } satisfies PgliteAnswer)
}

// Requests arrive one at a time (the other side queues them), so they never interleave.
async function answer(db: PGlite, request: PgliteRequest): Promise<PgliteAnswer> {
  try {
    switch (request.kind) {
      case 'query': {
        const text = request.text!
        if (!request.params && text.includes(';')) return { type: 'rows', id: request.id, rows: (await db.exec(text)).at(-1)?.rows ?? [] }
        return { type: 'rows', id: request.id, rows: (await db.query(text, request.params)).rows }
      }
      case 'raw':
        await execRaw(db, request.text!)
        return { type: 'rows', id: request.id, rows: [] }
      case 'close':
        await db.close()
        return { type: 'rows', id: request.id, rows: [] }
      default:
        throw new Error(`unknown request ${String((request as { kind: unknown }).kind)}`)
    }
  } catch (error) {
    const { message, ...details } = error as Error & Record<string, unknown>
    return { type: 'error', id: request.id, error: { ...plain(details), message: String(message) } }
  }
}

/** The error's own fields that survive a structured clone (code, detail, constraint…). */
function plain(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value
  }
  return out
}

/**
 * This thread's writes are behind the commits by design: when it and the sockets' thread both
 * want a core (a batch takes tens of milliseconds of CPU; on a small machine the cores are
 * shared with everything else), the sockets should get it. So this thread runs at a lower
 * priority (a higher nice value), which on Linux is per thread: its id comes from
 * /proc/thread-self. Elsewhere, or when not allowed, it keeps the process's priority.
 */
function yieldToSockets(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isInteger(tid) && tid !== process.pid) setPriority(tid, DATABASE_THREAD_NICE)
  } catch {
    // Not Linux, or not permitted: the same priority as the sockets.
  }
}
