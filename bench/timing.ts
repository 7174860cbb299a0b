/**
 * Bounded waiting for benchmark scripts: every wait has a deadline.
 */

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Waits until `done()` is true, polling, for at most `timeoutMs`; says whether it became true. */
export async function waitUntil(done: () => boolean, timeoutMs: number, pollMs = 20): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (!done()) {
    if (performance.now() >= deadline) return false
    await sleep(pollMs)
  }
  return true
}

/** Resolves or rejects as `promise` does, or rejects with `message` after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms) })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
