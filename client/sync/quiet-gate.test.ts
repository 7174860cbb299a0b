import { describe, expect, test } from 'vitest'
import { listenForActivity, makeQuietGate } from './quiet-gate'

/** A clock and timers moved by hand: `advance(ms)` runs the timers that fall due, in order. */
function manualClock() {
  let time = 0
  const timers: Array<{ at: number; run: () => void }> = []
  return {
    now: () => time,
    setTimer: (run: () => void, ms: number) => { timers.push({ at: time + ms, run }) },
    pending: () => timers.length,
    async advance(ms: number) {
      const end = time + ms
      for (;;) {
        timers.sort((a, b) => a.at - b.at)
        const next = timers[0]
        if (!next || next.at > end) break
        timers.shift()
        time = next.at
        next.run()
        await Promise.resolve()
      }
      time = end
      await Promise.resolve()
    },
  }
}

function settled(promise: Promise<void>): () => boolean {
  let done = false
  void promise.then(() => { done = true })
  return () => done
}

describe('quiet gate', () => {
  test('lets work through at once when the user has done nothing', async () => {
    const clock = manualClock()
    const gate = makeQuietGate({ quietMs: 300, ...clock })
    expect(gate.isQuiet()).toBe(true)
    const done = settled(gate.quiet())
    await Promise.resolve()
    expect(done()).toBe(true)
    expect(clock.pending()).toBe(0)
  })

  test('holds work until 300 ms after the last input, however long the input goes on', async () => {
    const clock = manualClock()
    const gate = makeQuietGate({ quietMs: 300, ...clock })
    gate.active()
    const done = settled(gate.quiet())
    // Scrolling on: an input every 16 ms for a second.
    for (let t = 0; t < 1000; t += 16) {
      await clock.advance(16)
      gate.active()
      expect(done()).toBe(false)
    }
    expect(gate.isQuiet()).toBe(false)
    await clock.advance(299)
    expect(done()).toBe(false)
    await clock.advance(1)
    expect(done()).toBe(true)
    expect(gate.isQuiet()).toBe(true)
  })

  test('keeps one timer for every waiter, and releases them all together', async () => {
    const clock = manualClock()
    const gate = makeQuietGate({ quietMs: 300, ...clock })
    gate.active()
    const first = settled(gate.quiet())
    const second = settled(gate.quiet())
    expect(clock.pending()).toBe(1)
    // Input only notes the time: no timer per event.
    for (let i = 0; i < 10; i++) gate.active()
    expect(clock.pending()).toBe(1)
    await clock.advance(300)
    expect([first(), second()]).toEqual([true, true])
    expect(clock.pending()).toBe(0)
  })

  test('marks the user active on scroll, wheel, touch moves, keys and text input from the window, and stops listening when told', async () => {
    const clock = manualClock()
    const gate = makeQuietGate({ quietMs: 300, ...clock })
    const target = new EventTarget()
    const stop = listenForActivity(gate, target)
    for (const type of ['scroll', 'wheel', 'touchmove', 'keydown', 'input']) {
      await clock.advance(1000)
      expect(gate.isQuiet()).toBe(true)
      target.dispatchEvent(new Event(type))
      expect(gate.isQuiet(), type).toBe(false)
    }
    await clock.advance(1000)
    target.dispatchEvent(new Event('click'))
    expect(gate.isQuiet()).toBe(true)
    stop()
    target.dispatchEvent(new Event('scroll'))
    expect(gate.isQuiet()).toBe(true)
  })
})
