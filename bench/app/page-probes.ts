/**
 * What the app benchmark (bench/app.ts) runs inside the page, in Chromium. Each function is
 * serialised by playwright and runs in the page, so it uses nothing from this module's scope
 * (esbuild's `__name` helper is defined in the page by an init script, see bench/app.ts).
 *
 * "After the next paint" is measured the usual way without a compositor hook: a
 * requestAnimationFrame callback (runs before the frame's style, layout and paint) posts a
 * MessageChannel message, whose handler runs as the next task, once the frame has been painted.
 */

/** The state the probes keep on `window`. */
interface ProbeWindow {
  __ready?: { at: number; rows: number } | null
  __keys?: { down: number; painted: number }[]
  __eventTiming?: number[]
  __seenAt?: number
}

/**
 * An init script (runs in every document): from navigation start, checks each frame for 50 list
 * rows inside the grid's visible area and an enabled search box, then for a main thread free
 * enough to answer a posted task within 50 ms; `__ready.at` is that moment, in ms since
 * navigation start (performance.now()'s origin).
 */
export function watchReady(): void {
  const w = globalThis as unknown as ProbeWindow
  w.__ready = null
  const check = (): void => {
    const scroller = document.querySelector('#list-grid .list-grid__scroller')
    const input = document.querySelector<HTMLInputElement>('[data-testid=list-search]')
    if (scroller && input && !input.disabled) {
      const box = scroller.getBoundingClientRect()
      let rows = 0
      for (const row of scroller.querySelectorAll('.list-grid__body [role=row]')) {
        const r = row.getBoundingClientRect()
        if (r.top >= box.top - 1 && r.bottom <= Math.min(box.bottom, innerHeight) + 1) rows++
      }
      if (rows >= 50) {
        const posted = performance.now()
        const channel = new MessageChannel()
        channel.port1.onmessage = () => {
          const now = performance.now()
          if (now - posted < 50) w.__ready = { at: now, rows }
          else requestAnimationFrame(check)
        }
        channel.port2.postMessage(0)
        return
      }
    }
    requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
}

/** Records each keydown's hardware time and the end of the next paint; and Event Timing entries for keys. */
export function watchKeystrokes(): void {
  const w = (globalThis as unknown as ProbeWindow)
  w.__keys = []
  w.__eventTiming = []
  addEventListener('keydown', (event) => {
    const entry = { down: event.timeStamp, painted: Number.NaN }
    w.__keys!.push(entry)
    requestAnimationFrame(() => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => { entry.painted = performance.now() }
      channel.port2.postMessage(0)
    })
  }, { capture: true })
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'keydown') w.__eventTiming!.push(e.duration)
  }).observe({ type: 'event', buffered: false, durationThreshold: 16 } as PerformanceObserverInit)
}

export function keystrokeSamples(): { ms: number[]; eventTimingMs: number[] } {
  const w = (globalThis as unknown as ProbeWindow)
  return { ms: (w.__keys ?? []).map((k) => k.painted - k.down), eventTimingMs: w.__eventTiming ?? [] }
}

/**
 * Scrolls the list's scroller by `step` px each frame for `frames` frames (down, back up at the
 * end); returns the frame intervals (rAF timestamps), each frame's main-thread time, and every
 * long task (> 50 ms) seen meanwhile.
 *
 * A frame's time is from its start (the rAF timestamp, taken before the scroll event that moves
 * the rows runs) until after its paint (the MessageChannel task): what the page needs to make the
 * frame, which must fit in 16.7 ms at 60 Hz. Intervals tell missed frames, but come in the
 * browser's 0.1 ms clock steps, so an on-time 60 Hz frame reads 16.6 to 16.8 ms.
 */
export async function scrollList(args: { frames: number; step: number }): Promise<{ frameMs: number[]; workMs: number[]; longTasksMs: number[]; scrolledPx: number }> {
  const scroller = document.querySelector<HTMLElement>('#list-grid .list-grid__scroller')
  if (!scroller) throw new Error('no list scroller on the page')
  const longTasksMs: number[] = []
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasksMs.push(e.duration) })
  observer.observe({ type: 'longtask' })
  const frameMs: number[] = []
  const workMs: number[] = []
  const start = scroller.scrollTop
  let direction = 1
  const painted = new MessageChannel()
  const frameStarts: number[] = []
  painted.port1.onmessage = () => { workMs.push(performance.now() - frameStarts.shift()!) }
  await new Promise<void>((resolve) => {
    let last = -1
    let n = 0
    const frame = (t: number): void => {
      if (last >= 0) {
        frameMs.push(t - last)
        frameStarts.push(t)
        painted.port2.postMessage(null)
      }
      last = t
      if (n++ >= args.frames) return resolve()
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - args.step) direction = -1
      scroller.scrollTop += direction * args.step
      requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  })
  // Long tasks are reported after they end: give the observer a frame to deliver the last ones.
  await new Promise((resolve) => setTimeout(resolve, 100))
  observer.disconnect()
  painted.port1.close()
  return { frameMs, workMs, longTasksMs, scrolledPx: Math.abs(scroller.scrollTop - start) }
}

/** In the receiving page: resolves (true) once the field's value ends with `expected`, noting when. */
export function seenWith(args: { selector: string; expected: string }): boolean {
  const field = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(args.selector)
  if (!field || !field.value.endsWith(args.expected)) return false
  const w = globalThis as unknown as ProbeWindow
  w.__seenAt = performance.timeOrigin + performance.now()
  return true
}

export function seenAt(): number {
  return (globalThis as unknown as ProbeWindow).__seenAt ?? Number.NaN
}

/** In the typing page: the wall-clock time (ms since the epoch) of the last keydown. */
export function lastKeyDownAt(): number {
  const keys = (globalThis as unknown as ProbeWindow).__keys ?? []
  const last = keys[keys.length - 1]
  return last ? performance.timeOrigin + last.down : Number.NaN
}

/**
 * In a page: true once the local catalog in IndexedDB (any namespace's) holds at least `rows`
 * rows, so the page is done pulling a catalog of that size.
 */
export async function catalogRowsAtLeast(rows: number): Promise<boolean> {
  const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((name) => name.startsWith('tandem-catalog:'))
  for (const name of names) {
    const count = await new Promise<number>((resolve) => {
      const open = indexedDB.open(name)
      open.onerror = () => resolve(0)
      open.onsuccess = () => {
        const db = open.result
        if (!db.objectStoreNames.contains('rows')) {
          db.close()
          resolve(0)
          return
        }
        const request = db.transaction('rows').objectStore('rows').count()
        request.onsuccess = () => { db.close(); resolve(request.result) }
        request.onerror = () => { db.close(); resolve(0) }
      }
    })
    if (count >= rows) return true
  }
  return false
}

/**
 * True once the list says it shows all its rows and they are at least `total` ("100,000
 * contacts", not "… read so far…" while the local catalog is still being read).
 */
export function wholeListOf(total: number): boolean {
  const text = document.querySelector('[data-testid=list-count]')?.textContent ?? ''
  const whole = /^([\d,]+) [a-z ]+$/.exec(text)
  return whole !== null && Number(whole[1]!.replace(/,/g, '')) >= total
}
