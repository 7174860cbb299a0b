/**
 * Watches a server child process from outside while a test runs: `/healthz` answers (and how
 * slowly), the event-loop delay from `/metrics` (its histogram restarts at every scrape, so the
 * maximum over scrapes is the run's maximum), and resident memory from /proc/<pid>/status.
 */
import { readFileSync } from 'node:fs'
import { sleep } from './wait'

/** The event-loop monitor ticks every 10 ms, so an idle loop reads 10 ms: report the excess. */
const LOOP_RESOLUTION_MS = 10

export interface Vitals {
  healthChecks: number
  healthFailures: string[]
  slowestHealthMs: number
  maxLoopDelayMs: number
  rssStartMb: number
  rssPeakMb: number
  rssEndMb: number
  /** The server's CPU time (user + system) while watched, in seconds. */
  cpuSeconds: number
}

export class ServerVitals {
  readonly vitals: Vitals
  private running = false
  private loops: Promise<void>[] = []

  constructor(private readonly baseUrl: string, private readonly pid: number, private readonly healthTimeoutMs = 10_000) {
    const rss = residentMb(pid)
    this.vitals = { healthChecks: 0, healthFailures: [], slowestHealthMs: 0, maxLoopDelayMs: 0, rssStartMb: rss, rssPeakMb: rss, rssEndMb: rss, cpuSeconds: 0 }
  }

  /**
   * Starts watching once resident memory has settled (sign-ups hash with scrypt, whose buffers the
   * server hands back only after a while), so growth is measured from the working set; then the
   * first scrape restarts the server's loop-delay histogram.
   */
  async start(settleMaxMs = 30_000): Promise<void> {
    const deadline = performance.now() + settleMaxMs
    const recent = [residentMb(this.pid)]
    while (performance.now() < deadline) {
      await sleep(500)
      recent.push(residentMb(this.pid))
      const last = recent.slice(-4)
      if (last.length === 4 && Math.max(...last) - Math.min(...last) < 4) break
    }
    this.vitals.rssStartMb = this.vitals.rssPeakMb = this.vitals.rssEndMb = recent.at(-1)!
    await this.scrapeLoopDelay()
    this.vitals.maxLoopDelayMs = 0
    this.vitals.cpuSeconds = -cpuSeconds(this.pid)
    this.running = true
    this.loops = [this.every(250, () => this.checkHealth()), this.every(1000, () => this.scrapeLoopDelay()), this.every(200, async () => this.sampleRss())]
  }

  async stop(): Promise<Vitals> {
    this.running = false
    await Promise.all(this.loops)
    await this.scrapeLoopDelay()
    this.sampleRss()
    this.vitals.rssEndMb = residentMb(this.pid)
    this.vitals.cpuSeconds += cpuSeconds(this.pid)
    return this.vitals
  }

  private async every(ms: number, run: () => Promise<void>): Promise<void> {
    while (this.running) {
      await run()
      await sleep(ms)
    }
  }

  private async checkHealth(): Promise<void> {
    const started = performance.now()
    try {
      const res = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(this.healthTimeoutMs) })
      if (!res.ok) this.vitals.healthFailures.push(`HTTP ${res.status}`)
      await res.text()
    } catch (error) {
      this.vitals.healthFailures.push(String(error))
    }
    this.vitals.healthChecks++
    this.vitals.slowestHealthMs = Math.max(this.vitals.slowestHealthMs, performance.now() - started)
  }

  private async scrapeLoopDelay(): Promise<void> {
    try {
      const text = await (await fetch(`${this.baseUrl}/metrics`, { signal: AbortSignal.timeout(this.healthTimeoutMs) })).text()
      const match = /^tandem_event_loop_delay_seconds\{quantile="1"\} (\S+)$/m.exec(text)
      if (match) this.vitals.maxLoopDelayMs = Math.max(this.vitals.maxLoopDelayMs, Number(match[1]) * 1000 - LOOP_RESOLUTION_MS)
    } catch (error) {
      this.vitals.healthFailures.push(`metrics: ${String(error)}`)
    }
  }

  private sampleRss(): void {
    this.vitals.rssPeakMb = Math.max(this.vitals.rssPeakMb, residentMb(this.pid))
  }
}

export function residentMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!match) throw new Error(`no VmRSS for process ${pid}`)
  return Number(match[1]) / 1024
}

/** User plus system CPU time of a process so far, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}
