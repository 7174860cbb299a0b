/**
 * A fixed-window failure counter with lockout, per key (an account, an address): after `limit`
 * failures within `windowMs`, further attempts are refused until the window has passed. Bounded
 * in memory: the oldest keys are dropped first.
 */
export interface RateLimitDecision {
  allowed: boolean
  retryAfterSeconds: number
}

export class FailureLimiter {
  private readonly entries = new Map<string, { count: number; resetAt: number }>()

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly maxKeys = 100_000, private readonly now = () => Date.now()) {}

  check(key: string): RateLimitDecision {
    const entry = this.entries.get(key)
    const now = this.now()
    if (!entry || entry.resetAt <= now) return { allowed: true, retryAfterSeconds: 0 }
    if (entry.count < this.limit) return { allowed: true, retryAfterSeconds: 0 }
    return { allowed: false, retryAfterSeconds: Math.ceil((entry.resetAt - now) / 1000) }
  }

  fail(key: string): void {
    const now = this.now()
    const entry = this.entries.get(key)
    if (!entry || entry.resetAt <= now) {
      this.entries.delete(key)
      this.entries.set(key, { count: 1, resetAt: now + this.windowMs })
      if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!)
    } else {
      entry.count++
    }
  }

  succeed(key: string): void {
    this.entries.delete(key)
  }
}

/** A token bucket: `rate` per second, bursts up to `burst`. */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(private readonly rate: number, private readonly burst: number, private readonly now = () => performance.now()) {
    this.tokens = burst
    this.last = now()
  }

  take(cost = 1): boolean {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate)
    this.last = now
    if (this.tokens < cost) return false
    this.tokens -= cost
    return true
  }
}
