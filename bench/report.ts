/**
 * Turns the results of a run into the summary (medians of per-round figures and ratios, targets)
 * and the printed tables.
 */
import type { MemoryResult } from './idle-memory'
import type { RoundResult } from './propagation-round'
import { SERVER_LABEL, type ServerKind } from './servers/server-process'
import type { ColdLoadResult } from './storage/cold-load'
import type { ThroughputResult } from './storage/durable-throughput'
import { median } from './stats'

export const SERVERS: ServerKind[] = ['tandem', 'y-websocket', 'hocuspocus']

export interface ServerSummary {
  server: ServerKind
  rounds: number
  p50Ms: number
  p99Ms: number
  deliveredShare: number
  cpuUsPerEdit: number
  loopDelayP99Ms: number
  harnessLoopDelayP99Ms: number
}

export interface RatioSummary {
  name: string
  perRound: number[]
  median: number
  limit: number | null
}

export interface Target {
  name: string
  value: number
  limit: string
  pass: boolean
}

export function summarizeServer(server: ServerKind, rounds: RoundResult[]): ServerSummary {
  const mine = rounds.filter((r) => r.server === server)
  const delivered = mine.reduce((n, r) => n + r.delivered, 0)
  const expected = mine.reduce((n, r) => n + r.expected, 0)
  return {
    server,
    rounds: mine.length,
    p50Ms: median(mine.map((r) => r.p50Ms)),
    p99Ms: median(mine.map((r) => r.p99Ms)),
    deliveredShare: expected > 0 ? delivered / expected : Number.NaN,
    cpuUsPerEdit: median(mine.map((r) => r.cpuUsPerEdit)),
    loopDelayP99Ms: median(mine.map((r) => r.loopDelayP99Ms)),
    harnessLoopDelayP99Ms: median(mine.map((r) => r.harnessLoopDelayP99Ms)),
  }
}

/** Ours over a peer, round by round (each round measured every server back to back). */
export function ratio(name: string, rounds: RoundResult[], peer: ServerKind, pick: (r: RoundResult) => number, limit: number | null): RatioSummary {
  const roundNumbers = [...new Set(rounds.map((r) => r.round))]
  const perRound = roundNumbers.flatMap((n) => {
    const ours = rounds.find((r) => r.round === n && r.server === 'tandem')
    const theirs = rounds.find((r) => r.round === n && r.server === peer)
    return ours && theirs ? [pick(ours) / pick(theirs)] : []
  })
  return { name, perRound, median: median(perRound), limit }
}

export function propagationTable(summaries: ServerSummary[], ratios: RatioSummary[], header: string): string {
  const lines = [header, '']
  lines.push(row(['server', 'p50 ms', 'p99 ms', 'delivered', 'CPU µs/edit', 'loop p99 ms', 'harness loop p99'], [40, 8, 8, 10, 12, 12, 17]))
  for (const s of summaries) {
    lines.push(row([SERVER_LABEL[s.server], f(s.p50Ms, 2), f(s.p99Ms, 2), f(s.deliveredShare, 4), f(s.cpuUsPerEdit, 0),
      f(s.loopDelayP99Ms, 2), f(s.harnessLoopDelayP99Ms, 2)], [40, 8, 8, 10, 12, 12, 17]))
  }
  lines.push('')
  const n = Math.max(0, ...ratios.map((r) => r.perRound.length))
  const widths = [34, ...Array.from({ length: n }, () => 6), 8, 8]
  lines.push(row(['ratio (ours / peer)', ...Array.from({ length: n }, (_, i) => `r${i + 1}`), 'median', 'limit'], widths))
  for (const r of ratios) {
    lines.push(row([r.name, ...r.perRound.map((v) => f(v, 2)), f(r.median, 2), r.limit === null ? '—' : `≤ ${r.limit}`], widths))
  }
  return lines.join('\n')
}

export function memoryTable(results: MemoryResult[]): string {
  const widths = [40, 12, 13, 12, 15, 12, 13]
  const lines = [row(['server', 'idle RSS MB', 'idle heap MB', 'connections', 'RSS with N MB', 'RSS KB/conn', 'heap KB/conn'], widths)]
  // Idle here: after one cycle of N connections has come and gone.
  for (const m of results) {
    lines.push(row([SERVER_LABEL[m.server], f(m.idleRssMb, 1), f(m.idleHeapMb, 1), String(m.connections), f(m.loadedRssMb, 1),
      f(m.rssPerConnectionKb, 1), f(m.heapPerConnectionKb, 1)], widths))
  }
  return lines.join('\n')
}

export function storageTable(throughput: ThroughputResult[], cold: ColdLoadResult | null): string {
  const lines: string[] = []
  const widths = [18, 14, 18, 12, 16, 16]
  lines.push(row(['writers', 'updates/s', 'stored in db/s', 'mean batch', 'commit p50 ms', 'commit p99 ms'], widths))
  for (const t of throughput) lines.push(row([String(t.writers), f(t.updatesPerSecond, 0), f(t.storedPerSecond, 0), f(t.meanBatch, 0), f(t.commitP50Ms, 2), f(t.commitP99Ms, 2)], widths))
  if (cold) {
    lines.push('')
    lines.push(`cold load (${cold.docs} documents: snapshot of ~${cold.snapshotBytes} B + ${cold.updatesInLog} updates in the log)`)
    lines.push(row(['', 'p50 ms', 'p99 ms'], [36, 8, 8]))
    lines.push(row(['through a Room (read, apply, shadow)', f(cold.roomLoadP50Ms, 2), f(cold.roomLoadP99Ms, 2)], [36, 8, 8]))
    lines.push(row(['  store.loadDocument (read)', f(cold.readP50Ms, 2), f(cold.readP99Ms, 2)], [36, 8, 8]))
    lines.push(row(['  apply into a Y.Doc', f(cold.applyP50Ms, 2), f(cold.applyP99Ms, 2)], [36, 8, 8]))
    lines.push(row([`compaction of ${cold.compactedUpdates} updates`, f(cold.compactP50Ms, 2), f(cold.compactP99Ms, 2)], [36, 8, 8]) +
      `   (≈ ${f((cold.compactP50Ms * 1000) / cold.compactedUpdates, 0)} µs per update, amortised)`)
  }
  return lines.join('\n')
}

export function targetsTable(targets: Target[]): string {
  return targets.map((t) => row([t.pass ? 'PASS' : 'FAIL', t.name, f(t.value, 2), t.limit], [5, 56, 10, 10], 2)).join('\n')
}

/** A table row: the first `left` cells are left-aligned, the rest right-aligned. */
function row(cells: string[], widths: number[], left = 1): string {
  return cells.map((c, i) => (i < left ? c.padEnd(widths[i] ?? 10) : c.padStart(widths[i] ?? 10))).join(' ').trimEnd()
}

function f(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a'
}
