/**
 * Checkpoints for PGlite. PGlite runs PostgreSQL as one backend with no checkpointer process, so
 * nothing checkpoints while it runs: `pg_wal` grows without bound (4.2 GB after writing a
 * 100,000-contact workspace) and a crash replays all of it at the next start. So the server asks
 * for checkpoints itself: every `checkEveryMs` it reads how much WAL was written since the last
 * one, and checkpoints once that passes `maxBytes`, or once `maxAgeMs` passed with anything
 * written. Segments before a checkpoint are then recycled, so `pg_wal` stays near `maxBytes`.
 *
 * Both the check and the checkpoint go through the database's serial queue (`run`), so they wait
 * their turn like any statement; the checkpoint runs in the database thread, not on the sockets'.
 */
export interface WalCheckpointOptions {
  checkEveryMs: number
  maxBytes: number
  maxAgeMs: number
}

export const DEFAULT_WAL_CHECKPOINTS: WalCheckpointOptions = { checkEveryMs: 10_000, maxBytes: 64 * 1024 * 1024, maxAgeMs: 5 * 60_000 }

type Run = <T>(text: string) => Promise<T[]>

export interface WalCheckpoints {
  /** Checkpoints taken so far. */
  readonly count: number
  /** No check from now on; resolves when the one under way (if any) is done. */
  stop(): Promise<void>
}

export function startWalCheckpoints(run: Run, onError: (error: unknown) => void, options: WalCheckpointOptions = DEFAULT_WAL_CHECKPOINTS): WalCheckpoints {
  let lastLsn: string | null = null
  let lastAt = Date.now()
  let count = 0
  let inFlight: Promise<void> | null = null
  const check = async () => {
    const since = lastLsn === null ? 'null' : `pg_wal_lsn_diff(pg_current_wal_lsn(), '${lastLsn}'::pg_lsn)`
    const [row] = await run<{ lsn: string; since: string | number | null }>(`select pg_current_wal_lsn()::text as lsn, ${since} as since`)
    if (!row) return
    if (lastLsn === null) {
      lastLsn = row.lsn // the first look: WAL counts from here
      return
    }
    const written = Number(row.since ?? 0)
    if (written >= options.maxBytes || (written > 0 && Date.now() - lastAt >= options.maxAgeMs)) {
      await run('checkpoint')
      count++
      lastAt = Date.now()
      const [after] = await run<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')
      lastLsn = after?.lsn ?? row.lsn
    }
  }
  const tick = () => {
    if (inFlight) return
    inFlight = check().catch(onError).finally(() => { inFlight = null })
  }
  const timer = setInterval(tick, options.checkEveryMs)
  timer.unref()
  tick()
  return {
    get count() {
      return count
    },
    async stop() {
      clearInterval(timer)
      await inFlight
    },
  }
}
