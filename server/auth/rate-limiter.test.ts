import { expect, test } from 'vitest'
import { FailureLimiter, TokenBucket } from './rate-limiter'

test('after the limit of failures a key is refused until its window passes, and others are not', () => {
  let now = 0
  const limiter = new FailureLimiter(3, 60_000, 100, () => now)
  for (let i = 0; i < 3; i++) {
    expect(limiter.check('a').allowed).toBe(true)
    limiter.fail('a')
  }
  expect(limiter.check('a')).toEqual({ allowed: false, retryAfterSeconds: 60 })
  expect(limiter.check('b').allowed).toBe(true)
  now = 60_000
  expect(limiter.check('a').allowed).toBe(true)
})

test('a success clears the failures of its key', () => {
  const limiter = new FailureLimiter(2, 60_000)
  limiter.fail('a')
  limiter.succeed('a')
  limiter.fail('a')
  expect(limiter.check('a').allowed).toBe(true)
})

test('a token bucket allows its burst, then its rate', () => {
  let now = 0
  const bucket = new TokenBucket(10, 5, () => now)
  for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true)
  expect(bucket.take()).toBe(false)
  now = 100
  expect(bucket.take()).toBe(true)
  expect(bucket.take()).toBe(false)
})
