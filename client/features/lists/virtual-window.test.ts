import { describe, expect, test } from 'vitest'
import { movedIndex, rowInSlot, rowWindow, scrollToReveal, slotCount } from './virtual-window'

describe('rowWindow', () => {
  test('at the top of 100,000 rows renders the visible rows plus the margin below, and the full height', () => {
    expect(rowWindow({ scrollTop: 0, viewportHeight: 340, rowHeight: 34, count: 100_000, overscan: 5 }))
      .toEqual({ start: 0, end: 15, offsetTop: 0, totalHeight: 3_400_000 })
  })

  test('in the middle renders the margin on both sides, starting at a whole row', () => {
    expect(rowWindow({ scrollTop: 3400 + 17, viewportHeight: 340, rowHeight: 34, count: 100_000, overscan: 5 }))
      .toEqual({ start: 95, end: 116, offsetTop: 95 * 34, totalHeight: 3_400_000 })
  })

  test('a scroll position past the end (the list shrank under it) shows the last rows', () => {
    expect(rowWindow({ scrollTop: 99_999, viewportHeight: 340, rowHeight: 34, count: 20, overscan: 2 }))
      .toEqual({ start, end: 20, offsetTop: start * 34, totalHeight: 680 })
  })

  test('no rows render nothing; a list shorter than the viewport renders all of it', () => {
    expect(rowWindow({ scrollTop: 0, viewportHeight: 340, rowHeight: 34, count: 0, overscan: 5 })).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 })
    expect(rowWindow({ scrollTop: 0, viewportHeight: 340, rowHeight: 34, count: 3, overscan: 5 })).toMatchObject({ start: 0, end: 3 })
  })

  test('a row height of zero is refused with a message', () => {
    expect(() => rowWindow({ scrollTop: 0, viewportHeight: 340, rowHeight: 0, count: 3, overscan: 5 })).toThrow('A row height must be above zero (got 0).')
  })
})
const start = 20 - 10 - 2 // the last ten visible rows, less the margin

test('scrollToReveal scrolls up to a row above, down to a row below, and not at all for a visible row', () => {
  expect(scrollToReveal(2, 340, 340, 34)).toBe(68)
  expect(scrollToReveal(25, 340, 340, 34)).toBe(26 * 34 - 340)
  expect(scrollToReveal(12, 340, 340, 34)).toBe(340)
})

test('movedIndex steps by one, by a page, to either end, stays inside the list, and ignores other keys', () => {
  expect(movedIndex('ArrowDown', -1, 10, 5)).toBe(0)
  expect(movedIndex('ArrowDown', 9, 10, 5)).toBe(9)
  expect(movedIndex('ArrowUp', 0, 10, 5)).toBe(0)
  expect(movedIndex('PageDown', 3, 10, 5)).toBe(8)
  expect(movedIndex('PageUp', 3, 10, 5)).toBe(0)
  expect(movedIndex('End', 3, 10, 5)).toBe(9)
  expect(movedIndex('Home', 3, 10, 5)).toBe(0)
  expect(movedIndex('a', 3, 10, 5)).toBeNull()
  expect(movedIndex('ArrowDown', -1, 0, 5)).toBeNull()
})

describe('slots', () => {
  const input = { viewportHeight: 340, rowHeight: 34, count: 100_000, overscan: 5 }
  const slots = slotCount(input.viewportHeight, input.rowHeight, input.overscan)
  const shown = (scrollTop: number) => {
    const win = rowWindow({ ...input, scrollTop })
    return Array.from({ length: slots }, (_, s) => rowInSlot(s, win, slots))
  }

  test('every row of any window has exactly one slot, and no slot shows a row outside it', () => {
    for (const scrollTop of [0, 17, 3400, 3417, 50_000, 3_400_000 - 340, 3_400_000]) {
      const win = rowWindow({ ...input, scrollTop })
      expect(win.end - win.start).toBeLessThanOrEqual(slots)
      const rows = shown(scrollTop).filter((r) => r >= 0).sort((a, b) => a - b)
      expect(rows).toEqual(Array.from({ length: win.end - win.start }, (_, i) => win.start + i))
    }
  })

  test('a row that stays in the window keeps its slot while scrolling, so only the rows scrolled in are written', () => {
    const before = shown(34 * 100 + 5)
    const after = shown(34 * 103 + 5)
    const kept = before.filter((row) => row >= 0 && after.includes(row))
    expect(kept.length).toBeGreaterThan(0)
    for (const row of kept) expect(after.indexOf(row)).toBe(before.indexOf(row))
    expect(after.filter((row, s) => row >= 0 && before[s] !== row)).toHaveLength(3)
  })

  test('a list shorter than the slots leaves the extra slots empty', () => {
    const win = rowWindow({ ...input, count: 3, scrollTop: 0 })
    expect(Array.from({ length: slots }, (_, s) => rowInSlot(s, win, slots)).filter((r) => r >= 0)).toEqual([0, 1, 2])
  })
})
