/**
 * The boundary part (`npm run bench -- --only boundary`): what the trust boundary costs, and what
 * honest people see while someone floods.
 *
 * Two of our servers run side by side, identical but for the trust boundary's per-message checks
 * (client-id bindings, the awareness guard, the rate limit): on, as always, and off, which exists
 * only for this (`bench/servers/boundary-server.ts`). In every round, in an order that rotates,
 * the same load runs in four scenarios:
 *
 *   checks on            people edit records (stock providers, each signed in, presence on)
 *   checks off           the same, against the server without the checks
 *   flood, one socket    checks on, while another person floods another record with valid
 *                        updates on one socket, as fast as it drains, until the limit closes it
 *   flood, reconnecting  the same, but on a new socket each time the limit closes one, for the
 *                        whole window (what a hostile client does)
 *
 * and once, after the rounds, `flood, no limit`: the same flood against the server without the
 * checks, its one socket never closed, bounded to `unlimitedFloodUpdates` updates so the run ends.
 * Floods start with the measured window; the honest edits of the window are then waited for
 * until the server is quiet again (its backlog committed), and that wait is reported too.
 *
 *   CPU µs/edit   server CPU time in the window / edits in the window (quiet scenarios)
 *   p50, p99      edit → observation by each other client of the record
 *
 * The figures that matter are medians over rounds of per-round ratios: checks on / off (target
 * ≤ 1.15), and p99 under flood / quiet.
 */
import { loadavg } from 'node:os'
import { uuidv7 } from '../shared/ids'
import { FloodSocket, type FloodTally } from './clients/flood-socket'
import { ProviderEditors } from './clients/provider-editors'
import type { Target } from './report'
import { BoundaryServer } from './servers/boundary-process'
import { median, percentile } from './stats'
import { sleep, waitUntil } from './timing'

export type Scenario = 'checks on' | 'checks off' | 'flood, one socket' | 'flood, reconnecting' | 'flood, no limit'
const ROTATING: Scenario[] = ['checks on', 'checks off', 'flood, one socket', 'flood, reconnecting']
const SCENARIOS: Scenario[] = [...ROTATING, 'flood, no limit']

export interface BoundarySettings {
  rounds: number
  docs: number
  clientsPerDoc: number
  editsPerSecondPerClient: number
  warmupMs: number
  measureMs: number
  drainMs: number
  /** The one unlimited flood stops after this many updates. */
  unlimitedFloodUpdates: number
  /** Longest wait for a server to go quiet after a flood (its backlog committed). */
  quietMaxMs: number
}

export function boundarySettings(quick: boolean, rounds?: number): BoundarySettings {
  return {
    rounds: rounds ?? (quick ? 2 : 4),
    docs: quick ? 10 : 20,
    clientsPerDoc: 4,
    editsPerSecondPerClient: 5,
    warmupMs: quick ? 1500 : 2500,
    measureMs: quick ? 4000 : 8000,
    drainMs: 5000,
    unlimitedFloodUpdates: quick ? 40_000 : 100_000,
    quietMaxMs: 120_000,
  }
}

export interface BoundaryRound {
  round: number
  scenario: Scenario
  clients: number
  edits: number
  expected: number
  delivered: number
  p50Ms: number
  p99Ms: number
  cpuUsPerEdit: number
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  loadAverage: number
  flood: FloodTally | null
  /** After a flood: how long until the server was quiet again (its backlog done). */
  recoveryMs: number | null
}

export interface BoundaryResult {
  settings: BoundarySettings
  rounds: BoundaryRound[]
  /** Per round: CPU per edit with the checks / without. */
  cpuRatios: number[]
  /** Per round: honest p99 during the reconnecting flood / quiet, both with the checks. */
  floodP99Ratios: number[]
}

export async function runBoundaryPart(settings: BoundarySettings, log: (line: string) => void): Promise<BoundaryResult> {
  // One person per client of a record, and one more who floods.
  const people = settings.clientsPerDoc + 1
  process.setMaxListeners(settings.docs * settings.clientsPerDoc + 50) // each provider listens for process exit
  const on = await BoundaryServer.start(true, people)
  const off = await BoundaryServer.start(false, people)
  const rounds: BoundaryRound[] = []
  try {
    for (const server of [on, off]) {
      const warm = await runScenario(server, server.checks ? 'checks on' : 'checks off', 0, { ...settings, measureMs: settings.warmupMs * 2 })
      log(`boundary: warm-up checks ${server.checks ? 'on ' : 'off'} ${warm.cpuUsPerEdit.toFixed(0)} µs CPU/edit (not counted)`)
    }
    for (let round = 1; round <= settings.rounds; round++) {
      const order = ROTATING.map((_, i) => ROTATING[(i + round - 1) % ROTATING.length]!)
      for (const scenario of order) {
        const server = scenario === 'checks off' ? off : on
        const result = await runScenario(server, scenario, round, settings)
        rounds.push(result)
        log(`boundary round ${round}/${settings.rounds} ${scenario.padEnd(19)} p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ` +
          `delivered ${result.delivered}/${result.expected}, ${result.cpuUsPerEdit.toFixed(0)} µs CPU/edit, loop p99 ${result.loopDelayP99Ms.toFixed(1)} ms` +
          (result.flood ? `, flood ${result.flood.updatesSent} updates on ${result.flood.sockets} sockets, closes ${JSON.stringify(result.flood.closes)}` : '') +
          `, load ${result.loadAverage.toFixed(1)}`)
        await sleep(500)
      }
    }
    const unlimited = await runScenario(off, 'flood, no limit', settings.rounds + 1, settings)
    rounds.push(unlimited)
    log(`boundary once   flood, no limit p50 ${unlimited.p50Ms.toFixed(2)} ms, p99 ${unlimited.p99Ms.toFixed(2)} ms, delivered ${unlimited.delivered}/${unlimited.expected}, ` +
      `flood ${unlimited.flood!.updatesSent} updates on ${unlimited.flood!.sockets} socket, the server quiet again ${((unlimited.recoveryMs ?? 0) / 1000).toFixed(1)} s after it stopped`)
  } finally {
    await Promise.all([on.stop(), off.stop()])
  }
  const of = (round: number, scenario: Scenario) => rounds.find((r) => r.round === round && r.scenario === scenario)!
  const roundNumbers = [...new Set(rounds.filter((r) => r.scenario !== 'flood, no limit').map((r) => r.round))]
  return {
    settings,
    rounds,
    cpuRatios: roundNumbers.map((n) => of(n, 'checks on').cpuUsPerEdit / of(n, 'checks off').cpuUsPerEdit),
    floodP99Ratios: roundNumbers.map((n) => of(n, 'flood, reconnecting').p99Ms / of(n, 'checks on').p99Ms),
  }
}

async function runScenario(server: BoundaryServer, scenario: Scenario, round: number, settings: BoundarySettings): Promise<BoundaryRound> {
  const docNames = Array.from({ length: settings.docs }, () => `demo/account/${uuidv7()}`)
  const editors = await ProviderEditors.open(server.wsUrl, docNames, settings.clientsPerDoc, server.cookies)
  const flooder = scenario.startsWith('flood')
    ? new FloodSocket(`${server.wsUrl}/sync/demo/account/${uuidv7()}`, server.cookies[settings.clientsPerDoc]!,
      { reconnect: scenario === 'flood, reconnecting', maxUpdates: scenario === 'flood, no limit' ? settings.unlimitedFloodUpdates : undefined })
    : null
  try {
    editors.start(settings.editsPerSecondPerClient)
    await sleep(settings.warmupMs)
    const before = await server.sample()
    flooder?.start()
    editors.beginWindow()
    await sleep(settings.measureMs)
    editors.endWindow()
    const after = await server.sample()
    editors.stop()
    await flooder?.stop()
    const stoppedAt = performance.now()
    const recovered = flooder ? await untilQuiet(server, settings.quietMaxMs) : true
    const recoveryMs = flooder ? performance.now() - stoppedAt : null
    if (!recovered) throw new Error(`the server was still busy ${settings.quietMaxMs / 1000} s after the ${scenario} stopped`)
    await waitUntil(() => editors.latencies.length >= editors.expected, settings.drainMs)
    const cpuUs = after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs
    return {
      round,
      scenario,
      clients: editors.clients,
      edits: editors.editsInWindow,
      expected: editors.expected,
      delivered: editors.latencies.length,
      p50Ms: percentile(editors.latencies, 50),
      p99Ms: percentile(editors.latencies, 99),
      cpuUsPerEdit: cpuUs / editors.editsInWindow,
      loopDelayP99Ms: after.loopDelayP99Ms,
      loopDelayMaxMs: after.loopDelayMaxMs,
      loadAverage: loadavg()[0]!,
      flood: flooder ? { ...flooder.tally } : null,
      recoveryMs,
    }
  } finally {
    await flooder?.stop()
    editors.close()
  }
}

/** Waits until the server used under a quarter of a core for a second (its backlog done), bounded. */
async function untilQuiet(server: BoundaryServer, maxMs: number): Promise<boolean> {
  const deadline = performance.now() + maxMs
  let last = await server.sample()
  while (performance.now() < deadline) {
    await sleep(1000)
    const next = await server.sample()
    const cpuMs = (next.cpuUserUs + next.cpuSystemUs - last.cpuUserUs - last.cpuSystemUs) / 1000
    if (cpuMs < 250) return true
    last = next
  }
  return false
}

export function boundaryTable(result: BoundaryResult): string {
  const s = result.settings
  const by = (scenario: Scenario) => result.rounds.filter((r) => r.scenario === scenario)
  const lines = [
    `Trust boundary: ${s.docs * s.clientsPerDoc} stock providers (${s.docs} records × ${s.clientsPerDoc}, each its own signed-in person, presence on), ` +
    `${s.editsPerSecondPerClient} edits/s each (a field and a cursor move); ${s.rounds} rounds of ${s.measureMs / 1000} s per scenario; medians of the rounds`,
    row(['scenario', 'CPU µs/edit', 'p50 ms', 'p99 ms', 'delivered', 'loop p99 ms', 'flood updates/s sent', 'flood sockets closed', 'quiet again after']),
  ]
  for (const scenario of SCENARIOS) {
    const rounds = by(scenario)
    if (rounds.length === 0) continue
    const delivered = rounds.reduce((n, r) => n + r.delivered, 0) / Math.max(1, rounds.reduce((n, r) => n + r.expected, 0))
    const flood = rounds.filter((r) => r.flood)
    const floodRate = flood.length ? median(flood.map((r) => r.flood!.updatesSent / r.flood!.seconds)).toFixed(0) : '–'
    const floodCloses = flood.length ? summarizeCloses(flood.map((r) => r.flood!.closes)) : '–'
    const recovery = flood.length ? `${(median(flood.map((r) => r.recoveryMs ?? 0)) / 1000).toFixed(1)} s` : '–'
    const cpu = flood.length ? '–' : median(rounds.map((r) => r.cpuUsPerEdit)).toFixed(0)
    lines.push(row([scenario, cpu, median(rounds.map((r) => r.p50Ms)).toFixed(2), median(rounds.map((r) => r.p99Ms)).toFixed(2),
      `${(delivered * 100).toFixed(2)}%`, median(rounds.map((r) => r.loopDelayP99Ms)).toFixed(1), floodRate, floodCloses, recovery]))
  }
  lines.push(`CPU per edit, checks on / off: median ${median(result.cpuRatios).toFixed(3)} (rounds ${result.cpuRatios.map((r) => r.toFixed(3)).join(', ')}); ` +
    `honest p99 during the reconnecting flood / quiet: median ${median(result.floodP99Ratios).toFixed(2)} (rounds ${result.floodP99Ratios.map((r) => r.toFixed(2)).join(', ')})`)
  return lines.join('\n')
}

export function boundaryTargets(result: BoundaryResult): Target[] {
  const cpu = median(result.cpuRatios)
  const flood = result.rounds.filter((r) => r.flood !== null)
  const delivered = flood.reduce((n, r) => n + r.delivered, 0) / Math.max(1, flood.reduce((n, r) => n + r.expected, 0))
  return [
    { name: 'trust boundary: CPU/edit with checks / without (median of rounds)', value: cpu, limit: '≤ 1.15', pass: cpu <= 1.15 },
    { name: 'trust boundary: honest edits delivered during the floods', value: delivered, limit: '= 1', pass: delivered === 1 },
  ]
}

function summarizeCloses(closes: Array<Record<string, number>>): string {
  const total: Record<string, number> = {}
  for (const c of closes) for (const [code, n] of Object.entries(c)) total[code] = (total[code] ?? 0) + n
  return Object.entries(total).map(([code, n]) => `${n}× ${code}`).join(', ') || 'none'
}

function row(cells: string[]): string {
  const widths = [20, 12, 8, 9, 10, 12, 21, 22, 16]
  return cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' ')
}
