/**
 * Long main-thread work cut into slices. The work asks `due()` between steps and, when the slice
 * has run its budget, awaits `pause()`, which gives the event loop a turn (`setImmediate`: every
 * socket read and timer waiting runs first). So no socket waits much longer than the budget for
 * work that is not its own, however big the whole job (a batch of rows for the database).
 */
export class TimeSlices {
  private sliceStart = performance.now()
  /** Time spent waiting in `pause()`, for callers that measure the work itself. */
  pausedMs = 0

  constructor(private readonly budgetMs: number) {}

  /** The current slice has run its budget: pause before the next step. */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.budgetMs
  }

  /** Resolves after the event loop's next turn; the next slice starts then. */
  async pause(): Promise<void> {
    const started = performance.now()
    await new Promise<void>((resolve) => setImmediate(resolve))
    this.sliceStart = performance.now()
    this.pausedMs += this.sliceStart - started
  }
}
