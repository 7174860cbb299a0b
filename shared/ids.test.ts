import { describe, expect, test } from 'vitest'
import { isUuid, uuidv7, uuidv7Time } from './ids'

describe('uuidv7', () => {
  test('makes version-7, variant-10 UUIDs', () => {
    const id = uuidv7()
    expect(isUuid(id)).toBe(true)
    expect(id[14]).toBe('7')
    expect(['8', '9', 'a', 'b']).toContain(id[19])
  })

  test('encodes the creation time in its first 48 bits, and never goes backwards', () => {
    expect(uuidv7Time(uuidv7(4_000_000_000_123))).toBe(4_000_000_000_123)
  })

  test('sorts in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(4_100_000_000_000))
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

test('an id made after the clock went backwards still sorts after the earlier ids', () => {
  const later = uuidv7(4_200_000_000_000)
  const earlierClock = uuidv7(4_199_000_000_000)
  expect(earlierClock > later).toBe(true)
})
