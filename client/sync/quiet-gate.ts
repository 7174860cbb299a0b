/**
 * The quiet gate: background work (the prefetcher's requests and IndexedDB writes) waits while the
 * user scrolls or types, and goes on once no input came for `quietMs` (default 300 ms). A frame
 * has 16.7 ms; an IndexedDB write's callbacks or a batch's decoding landing in one of them while
 * the list scrolls makes that frame late, and the work loses nothing by waiting a moment.
 *
 *   input event ─▶ active() ─▶ quiet() waits until `quietMs` after the last one ─▶ work goes on
 *
 * One timer at most, armed only while someone waits (input events come at up to 60 a second; they
 * only note the time). `listenForActivity` feeds a gate from a window's input events.
 */
import type { EventTargetLike } from './reconnect-triggers'

export interface QuietGate {
  /** The user did something: work waiting on `quiet()` waits `quietMs` from now. */
  active(): void
  /** True when no input came in the last `quietMs`. */
  isQuiet(): boolean
  /** Resolves at once when quiet, else once `quietMs` passed since the last input. */
  quiet(): Promise<void>
}

export interface QuietGateOptions {
  quietMs?: number
  now?: () => number
  setTimer?: (run: () => void, ms: number) => unknown
}

export const QUIET_MS = 300

export function makeQuietGate(options: QuietGateOptions = {}): QuietGate {
  const quietMs = options.quietMs ?? QUIET_MS
  const now = options.now ?? (() => performance.now())
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms))
  let lastInput = Number.NEGATIVE_INFINITY
  let waiting: Array<() => void> = []
  let armed = false
  const remaining = () => lastInput + quietMs - now()
  const arm = (ms: number) => {
    armed = true
    setTimer(() => {
      armed = false
      const left = remaining()
      if (left > 0) return arm(left)
      const release = waiting
      waiting = []
      for (const resolve of release) resolve()
    }, ms)
  }
  return {
    active() { lastInput = now() },
    isQuiet: () => remaining() <= 0,
    quiet() {
      const left = remaining()
      if (left <= 0) return Promise.resolve()
      return new Promise<void>((resolve) => {
        waiting.push(resolve)
        if (!armed) arm(left)
      })
    },
  }
}

/**
 * The input that marks the user busy: scrolling (any element's: `scroll` does not bubble, so it is
 * caught on the way down), the wheel, touch moves, keys and text input. Returns the unsubscriber.
 */
export const ACTIVITY_EVENTS = ['scroll', 'wheel', 'touchmove', 'keydown', 'input'] as const

export function listenForActivity(gate: QuietGate, target: EventTargetLike | undefined): () => void {
  if (!target) return () => {}
  const onInput = () => gate.active()
  for (const type of ACTIVITY_EVENTS) target.addEventListener(type, onInput, { capture: true, passive: true })
  return () => {
    for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, onInput, { capture: true })
  }
}
