/**
 * Group commit: every update is durable before anyone hears of it, and the updates of a few
 * milliseconds go together in one transaction. An idle log commits a lone update at once (next
 * turn of the event loop); a busy one (it committed within the last `busyWindowMs`) first gathers
 * for as long as `targetBatch` updates take to arrive at the current rate, at most `maxGatherMs`,
 * because a transaction's cost is mostly fixed: eight updates in one cost little more CPU than one. Updates that arrive while a transaction commits join the next one.
 * A store that gathers nothing (the journal) commits each turn's updates after the turn, and in a
 * long turn also as soon as the oldest has waited `maxTurnWaitMs` (see `schedule`).
 * Appends resolve in the order they were made.
 */
import type { DocumentStore, StoredUpdate } from '../storage/document-store'

export interface UpdateLogStats {
  committed: number
  batches: number
  /** Seconds from append to durable, for each update (the caller feeds a histogram). */
  onCommitLatency?: (seconds: number) => void
}

interface Waiting {
  row: StoredUpdate
  at: number
  resolve(): void
  reject(error: unknown): void
}

export class UpdateLog {
  private queue: Waiting[] = []
  private flushing = false
  private scheduled = false
  private early = false
  readonly stats: UpdateLogStats = { committed: 0, batches: 0 }

  private lastFlushAt = -Infinity
  private lastAppendAt = -Infinity
  /** Moving average of the time between appends, in ms. */
  private interval = 1000

  private readonly options: { maxBatch: number; targetBatch: number; maxGatherMs: number; busyWindowMs: number; maxTurnWaitMs: number }

  constructor(
    private readonly store: DocumentStore,
    options: Partial<UpdateLog['options']> = {},
  ) {
    // The store says how long gathering pays (a database transaction) or not (a journal write).
    this.options = { maxBatch: 2000, targetBatch: 8, maxGatherMs: store.gatherMs, busyWindowMs: 10, maxTurnWaitMs: 1, ...options }
  }

  append(row: StoredUpdate): Promise<void> {
    const now = performance.now()
    this.interval = 0.9 * this.interval + 0.1 * Math.min(1000, now - this.lastAppendAt)
    this.lastAppendAt = now
    return new Promise((resolve, reject) => {
      this.queue.push({ row, at: now, resolve, reject })
      this.schedule()
    })
  }

  /** Resolves when everything appended so far is durable (or failed). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) {
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
  }

  get waiting(): number {
    return this.queue.length
  }

  private schedule(): void {
    if (this.flushing) return
    // A store that gathers nothing (the journal: an append costs one write) commits a turn's
    // updates after the turn, but not only then: in a long turn (many sockets with frames waiting)
    // an update would wait for all of them to be read and checked. Once the oldest has waited
    // `maxTurnWaitMs`, what is queued commits as soon as the current callback returns.
    if (this.scheduled && this.options.maxGatherMs === 0 && !this.early &&
      performance.now() - this.queue[0]!.at >= this.options.maxTurnWaitMs) {
      this.early = true
      queueMicrotask(this.flushEarly)
      return
    }
    if (this.scheduled) return
    this.scheduled = true
    const run = () => {
      this.scheduled = false
      void this.flush()
    }
    // Busy: wait about as long as it takes `targetBatch` updates to arrive, at most `maxGatherMs`.
    const busy = performance.now() - this.lastFlushAt < this.options.busyWindowMs
    const gather = Math.min(this.options.maxGatherMs, this.options.targetBatch * this.interval)
    if (busy && gather >= 0.5 && this.queue.length < this.options.targetBatch) setTimeout(run, gather)
    else setImmediate(run) // still lets the updates of this turn of the event loop join
  }

  /** The turn's commit, early (see `schedule`); the turn's own still comes, for what arrives after. */
  private readonly flushEarly = () => {
    this.early = false
    void this.flush()
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return
    this.flushing = true
    this.lastFlushAt = performance.now()
    const batch = this.queue.splice(0, this.options.maxBatch)
    try {
      await this.store.appendUpdates(batch.map((w) => w.row))
      const now = performance.now()
      this.stats.committed += batch.length
      this.stats.batches++
      for (const w of batch) {
        this.stats.onCommitLatency?.((now - w.at) / 1000)
        w.resolve()
      }
    } catch (error) {
      for (const w of batch) w.reject(error)
    } finally {
      this.flushing = false
      if (this.queue.length > 0) this.schedule()
    }
  }
}
