/**
 * Where a renderer's main thread spent a phase, from a Chromium trace (`browser.startTracing`
 * with the devtools timeline categories): the time of each kind of event (style recalculation,
 * layout, pre-paint, paint, script, GC, …) on the page's main thread, as self time (an event's
 * duration less its children's), so forced layouts inside script count as layout, not script.
 * A tool for finding causes, used by profile-app.ts; not a benchmark.
 */

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'cc', 'gpu']

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

/** Self ms per event name on the renderer's main thread (`CrRendererMain`), largest first. */
export function mainThreadSelfTime(traceJson: string): Array<[string, number]> {
  const parsed = JSON.parse(traceJson) as { traceEvents: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents
  const main = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  const mainThreads = new Set(main.map((e) => `${e.pid}:${e.tid}`))
  const complete = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && mainThreads.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const self = new Map<string, number>()
  // A stack of open events per thread: each event's duration is taken from its parent's self time.
  const stacks = new Map<string, TraceEvent[]>()
  for (const event of complete) {
    const key = `${event.pid}:${event.tid}`
    const stack = stacks.get(key) ?? []
    stacks.set(key, stack)
    while (stack.length > 0 && stack[stack.length - 1]!.ts + stack[stack.length - 1]!.dur! <= event.ts) stack.pop()
    const parent = stack[stack.length - 1]
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - event.dur! / 1000)
    self.set(event.name, (self.get(event.name) ?? 0) + event.dur! / 1000)
    stack.push(event)
  }
  return [...self].filter(([, ms]) => ms >= 0.5).sort((a, b) => b[1] - a[1])
}

export function formatSelfTime(rows: Array<[string, number]>, top = 22): string {
  return rows.slice(0, top).map(([name, ms]) => `  ${ms.toFixed(0).padStart(6)} ms  ${name}`).join('\n')
}
