/**
 * Preloaded (`node --import`) into every server child, ours and the peers alike, so all three are
 * measured the same way from the inside. It answers the parent over the IPC channel:
 *
 *   sample          CPU time (process.cpuUsage), resident memory, heap, and the event-loop delay
 *                   since the last sample (monitorEventLoopDelay); `gc: true` collects first
 *   profile-start   starts the V8 sampling profiler (inspector), for `--profile` runs
 *   profile-stop    stops it and writes the .cpuprofile to the given path
 *   heap-start      starts V8's sampling heap profiler, counting objects the GC has collected too
 *   heap-stop       stops it and writes the .heapprofile (every sampled allocation) to the given path
 *
 * The event-loop delay histogram records the time between ticks of a 10 ms timer, so an idle loop
 * reads 10 ms; the figures reported are the excess over that resolution.
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks'

export interface ProbeRequest {
  id: number
  op: 'sample' | 'profile-start' | 'profile-stop' | 'heap-start' | 'heap-stop'
  gc?: boolean
  path?: string
}

export interface ProbeSample {
  cpuUserUs: number
  cpuSystemUs: number
  rssBytes: number
  heapUsedBytes: number
  /** Event-loop delay since the previous sample, excess over the timer resolution, in ms. */
  loopDelayP50Ms: number
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  /** Garbage-collector pauses of the main thread since the previous sample: count, total, longest, and how many were major (mark-compact). */
  gcPauses: number
  gcMs: number
  gcMaxMs: number
  gcMajor: number
}

export type ProbeReply = { id: number; ok: true; sample?: ProbeSample } | { id: number; ok: false; error: string }

const RESOLUTION_MS = 10

if (process.send) {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  delay.enable()
  const gc = { pauses: 0, ms: 0, maxMs: 0, major: 0 }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.pauses++
      gc.ms += entry.duration
      gc.maxMs = Math.max(gc.maxMs, entry.duration)
      if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++
    }
  }).observe({ entryTypes: ['gc'] })
  let session: Session | null = null
  /** Ends the running inspector session with `method` and writes the profile it answers to `path`. */
  const stopInto = async (method: 'Profiler.stop' | 'HeapProfiler.stopSampling', path: string | undefined, what: string) => {
    if (!session) throw new Error(`no ${what} running`)
    // Two calls, so each narrows `post`'s overloads to its own answer type.
    const { profile } = method === 'Profiler.stop' ? await session.post(method) : await session.post(method)
    session.disconnect()
    session = null
    if (!path) throw new Error(`stopping a ${what} needs a path`)
    writeFileSync(path, JSON.stringify(profile))
  }

  const excess = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS)

  const handle = async (request: ProbeRequest): Promise<ProbeReply> => {
    switch (request.op) {
      case 'sample': {
        if (request.gc) {
          const gc = (globalThis as { gc?: () => void }).gc
          if (gc) { gc(); gc() }
        }
        const cpu = process.cpuUsage()
        const memory = process.memoryUsage()
        const sample: ProbeSample = {
          cpuUserUs: cpu.user,
          cpuSystemUs: cpu.system,
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          loopDelayP50Ms: delay.count > 0 ? excess(delay.percentile(50)) : 0,
          loopDelayP99Ms: delay.count > 0 ? excess(delay.percentile(99)) : 0,
          loopDelayMaxMs: delay.count > 0 ? excess(delay.max) : 0,
          gcPauses: gc.pauses, gcMs: gc.ms, gcMaxMs: gc.maxMs, gcMajor: gc.major,
        }
        delay.reset()
        Object.assign(gc, { pauses: 0, ms: 0, maxMs: 0, major: 0 })
        return { id: request.id, ok: true, sample }
      }
      case 'profile-start': {
        session = new Session()
        session.connect()
        await session.post('Profiler.enable')
        await session.post('Profiler.setSamplingInterval', { interval: 500 })
        await session.post('Profiler.start')
        return { id: request.id, ok: true }
      }
      case 'profile-stop':
        await stopInto('Profiler.stop', request.path, 'profile')
        return { id: request.id, ok: true }
      case 'heap-start': {
        session = new Session()
        session.connect()
        await session.post('HeapProfiler.enable')
        await session.post('HeapProfiler.startSampling', {
          samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
        } as never)
        return { id: request.id, ok: true }
      }
      case 'heap-stop':
        await stopInto('HeapProfiler.stopSampling', request.path, 'heap profile')
        return { id: request.id, ok: true }
      default: {
        const never: never = request.op
        throw new Error(`unknown probe op ${String(never)}`)
      }
    }
  }

  process.on('message', (message: ProbeRequest) => {
    handle(message).then(
      (reply) => process.send!(reply),
      (error: unknown) => process.send!({ id: message.id, ok: false, error: String(error) } satisfies ProbeReply),
    )
  })
  // The IPC channel must not keep a server alive that is otherwise shutting down.
  process.channel?.unref()
}
