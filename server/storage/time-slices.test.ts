import { expect, test } from 'vitest'
import { TimeSlices } from './time-slices'

function spin(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) { /* busy: the work of one step */ }
}

test('a slice is due once it has run its budget, and a pause starts the next one', async () => {
  const slices = new TimeSlices(5)
  expect(slices.due()).toBe(false)
  spin(6)
  expect(slices.due()).toBe(true)
  await slices.pause()
  expect(slices.due()).toBe(false)
})

test('a pause gives the event loop a turn: what was waiting for it runs before the work goes on', async () => {
  const slices = new TimeSlices(0)
  const order: string[] = []
  setImmediate(() => order.push('waiting'))
  await slices.pause()
  order.push('work')
  expect(order).toEqual(['waiting', 'work'])
  expect(slices.pausedMs).toBeGreaterThan(0)
})
