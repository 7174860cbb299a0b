/**
 * A small Prometheus registry: counters, gauges read at scrape time, histograms, and the
 * event-loop delay. Rendered in the text exposition format at GET /metrics.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'

type Labels = Record<string, string>

class Counter {
  private values = new Map<string, number>()
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels)
    this.values.set(key, (this.values.get(key) ?? 0) + by)
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`]
    if (this.values.size === 0) lines.push(`${this.name} 0`)
    for (const [key, value] of this.values) lines.push(`${this.name}${key} ${value}`)
    return lines
  }
}

class Histogram {
  private counts: number[]
  private sum = 0
  private count = 0
  constructor(readonly name: string, readonly help: string, readonly buckets: number[]) {
    this.counts = buckets.map(() => 0)
  }
  observe(value: number): void {
    this.sum += value
    this.count++
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) this.counts[i]!++
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`]
    this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{le="${b}"} ${this.counts[i]}`))
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`)
    return lines
  }
}

export class Metrics {
  readonly updatesCommitted = new Counter('tandem_updates_committed_total', 'Updates committed to storage.')
  readonly updatesRefused = new Counter('tandem_updates_refused_total', 'Updates refused, by reason.')
  readonly socketsClosed = new Counter('tandem_sockets_closed_total', 'Sync sockets closed by the server, by reason.')
  readonly commitLatency = new Histogram('tandem_commit_latency_seconds', 'Time from receiving an update to its commit.',
    [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5])
  private gauges: Array<{ name: string; help: string; read: () => number }> = []
  private loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 })

  constructor() {
    this.loopDelay.enable()
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.push({ name, help, read })
  }

  /** Event-loop delay in seconds since the last reset: p99 and max. */
  eventLoopDelay(): { p99: number; max: number } {
    return { p99: this.loopDelay.percentile(99) / 1e9, max: this.loopDelay.max / 1e9 }
  }

  render(): string {
    const lines: string[] = []
    for (const g of this.gauges) lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, `${g.name} ${g.read()}`)
    lines.push(...this.updatesCommitted.render(), ...this.updatesRefused.render(), ...this.socketsClosed.render(), ...this.commitLatency.render())
    const delay = this.eventLoopDelay()
    lines.push('# HELP tandem_event_loop_delay_seconds Event-loop delay over the last scrape interval.',
      '# TYPE tandem_event_loop_delay_seconds gauge',
      `tandem_event_loop_delay_seconds{quantile="0.99"} ${delay.p99}`,
      `tandem_event_loop_delay_seconds{quantile="1"} ${delay.max}`)
    this.loopDelay.reset()
    return lines.join('\n') + '\n'
  }

  stop(): void {
    this.loopDelay.disable()
  }
}

function labelKey(labels: Labels): string {
  const entries = Object.entries(labels)
  if (entries.length === 0) return ''
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`
}
