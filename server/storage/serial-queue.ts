/**
 * Runs async jobs one at a time, in the order they were queued. PGlite is a single connection on
 * the event loop: every statement and transaction goes through one of these so that nothing
 * interleaves inside a transaction.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()
  private waiting = 0

  get depth(): number {
    return this.waiting
  }

  run<T>(job: () => Promise<T>): Promise<T> {
    this.waiting++
    const result = this.tail.then(job, job)
    this.tail = result.then(() => { this.waiting-- }, () => { this.waiting-- })
    return result
  }
}
