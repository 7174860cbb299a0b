/**
 * `npm run bench [-- --quick] [--profile] [--rounds N] [--only propagation,memory,storage,boundary,records,app]`
 *
 * Measures Tandem and two peers (the y-websocket reference server and Hocuspocus) side by side in
 * one run, because this machine is shared and noisy: every server runs in its own child process,
 * the clients of all three run here through the same code, and the propagation rounds alternate
 * between the servers (the order rotates each round). The figures that matter are the medians of
 * the per-round ratios. Prints tables and writes JSON to bench/results/. See docs/benchmarks.md.
 * The boundary part compares two of our servers, with and without the trust boundary's checks
 * (bench/boundary-cost.ts).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { appTable, appTargets, runAppBench, type AppResult } from './app'
import { boundarySettings, boundaryTable, boundaryTargets, runBoundaryPart, type BoundaryResult } from './boundary-cost'
import { measureIdleMemory, measureOursAtRest, type MemoryResult } from './idle-memory'
import { formatProfileSummary, summarizeProfile, type ProfileSummary } from './profile-summary'
import { runPropagationRound, type RoundResult } from './propagation-round'
import {
  memoryTable, propagationTable, ratio, SERVERS, storageTable, summarizeServer, targetsTable,
  type RatioSummary, type ServerSummary, type Target,
} from './report'
import { SERVER_LABEL, ServerProcess, type ServerKind } from './servers/server-process'
import { recordsTable, recordsTargets, runRecordsBench, type RecordsResult } from './records'
import { readSettings } from './settings'
import type { ColdLoadResult, ColdLoadSettings } from './storage/cold-load'
import type { ThroughputResult, ThroughputSettings } from './storage/durable-throughput'
import { runScript } from './storage/script-result'
import { sleep } from './timing'

const RESULTS_DIR = new URL('./results/', import.meta.url).pathname
const REPO = new URL('../', import.meta.url).pathname

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2))
  const startedAt = new Date()
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-')
  mkdirSync(RESULTS_DIR, { recursive: true })
  const log = (line: string) => process.stderr.write(`[${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)}s] ${line}\n`)
  log(`Tandem bench ${settings.quick ? '(quick)' : '(full)'} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)

  const servers = new Map<ServerKind, ServerProcess>()
  const rounds: RoundResult[] = []
  const memory: MemoryResult[] = []
  let oursAtRest: { firstStartRssMb: number; restartedRssMb: number } | null = null
  const profiles: Partial<Record<ServerKind, { summary: ProfileSummary; cpuUsPerEdit: number }>> = {}
  let throughput: ThroughputResult[] = []
  let coldLoad: ColdLoadResult | null = null
  const p = settings.propagation
  try {
    if (settings.parts.has('memory')) {
      oursAtRest = await measureOursAtRest(settings.memory.settleMs)
      log(`memory: tandem at rest ${oursAtRest.firstStartRssMb.toFixed(0)} MB on first start, ${oursAtRest.restartedRssMb.toFixed(0)} MB after a restart`)
    }
    if (settings.parts.has('propagation') || settings.parts.has('memory')) {
      for (const kind of SERVERS) {
        servers.set(kind, await ServerProcess.start(kind))
        log(`started ${SERVER_LABEL[kind]} (pid ${servers.get(kind)!.pid}, port ${servers.get(kind)!.port})`)
      }
      // One short unmeasured round per server first: JIT and WebAssembly tiering done, start-up memory returned.
      for (const kind of SERVERS) {
        const warm = await runPropagationRound(servers.get(kind)!, 0, { ...p, warmupMs: 0, measureMs: p.warmupRoundMs }, null)
        log(`warm-up ${kind.padEnd(11)} p99 ${warm.p99Ms.toFixed(2)} ms, ${warm.cpuUsPerEdit.toFixed(0)} µs CPU/edit (not counted)`)
      }
    }
    if (settings.parts.has('memory')) {
      for (const kind of SERVERS) {
        memory.push(await measureIdleMemory(servers.get(kind)!, settings.memory))
        log(`memory: ${kind} idle ${memory.at(-1)!.idleRssMb.toFixed(1)} MB, ${memory.at(-1)!.rssPerConnectionKb.toFixed(1)} KB/connection`)
      }
    }
    if (settings.parts.has('propagation')) {
      mkdirSync(join(RESULTS_DIR, 'profiles'), { recursive: true })
      for (let round = 1; round <= p.rounds; round++) {
        const order = SERVERS.map((_, i) => SERVERS[(i + round - 1) % SERVERS.length]!)
        for (const kind of order) {
          const profilePath = settings.profile && round === p.rounds ? join(RESULTS_DIR, 'profiles', `${stamp}-${kind}.cpuprofile`) : null
          const result = await runPropagationRound(servers.get(kind)!, round, p, profilePath)
          rounds.push(result)
          log(`round ${round}/${p.rounds} ${kind.padEnd(11)} p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ` +
            `delivered ${result.delivered}/${result.expected}, ${result.cpuUsPerEdit.toFixed(0)} µs CPU/edit ` +
            `(${(result.systemCpuShare * 100).toFixed(0)}% system), ` +
            `${result.framesPerEdit.toFixed(2)} frames/edit, loop p99 ${result.loopDelayP99Ms.toFixed(1)} ms, GC ${result.gcMs.toFixed(0)} ms (longest ${result.gcMaxMs.toFixed(1)}, ${result.gcMajor} major), harness loop p99 ${result.harnessLoopDelayP99Ms.toFixed(1)} ms, load ${result.loadAverage.toFixed(1)}` +
            (result.clientErrors ? `, ${result.clientErrors} client errors` : ''))
          if (profilePath) profiles[kind] = { summary: summarizeProfile(profilePath), cpuUsPerEdit: result.cpuUsPerEdit }
          await sleep(1000)
        }
      }
    }
  } finally {
    await Promise.all([...servers.values()].map((s) => s.stop()))
  }

  if (settings.parts.has('storage')) {
    log('storage: durable updates per second through UpdateLog + PGlite on disk')
    throughput = await runScript<ThroughputResult[]>('durable-throughput.ts',
      { durationMs: settings.storage.throughputMs, writers: settings.storage.writers } satisfies ThroughputSettings)
    log('storage: cold load of record documents')
    coldLoad = await runScript<ColdLoadResult>('cold-load.ts', {
      docs: settings.storage.coldLoadDocs,
      logBeforeCompaction: settings.storage.logBeforeCompaction,
      logAfterCompaction: settings.storage.logAfterCompaction,
    } satisfies ColdLoadSettings)
  }

  let boundary: BoundaryResult | null = null
  if (settings.parts.has('boundary')) {
    log('boundary: two of our servers, with and without the trust boundary\'s checks')
    boundary = await runBoundaryPart(boundarySettings(settings.quick), log)
  }

  let records: RecordsResult | null = null
  if (settings.parts.has('records')) {
    log(`records: a generated workspace at scale ${settings.records.scale} (bench/records.ts)`)
    records = await runRecordsBench(settings.records, log)
  }

  let app: AppResult | null = null
  if (settings.parts.has('app')) {
    log('app: the client in Chromium with 100,000 contacts (bench/app.ts)')
    app = await runAppBench(settings.app, log)
  }

  const summaries: ServerSummary[] = rounds.length ? SERVERS.map((kind) => summarizeServer(kind, rounds)) : []
  const ratios: RatioSummary[] = rounds.length ? [
    ratio('p99 vs y-websocket reference', rounds, 'y-websocket', (r) => r.p99Ms, 2),
    ratio('CPU/edit vs Hocuspocus', rounds, 'hocuspocus', (r) => r.cpuUsPerEdit, 1.5),
    ratio('p99 vs Hocuspocus', rounds, 'hocuspocus', (r) => r.p99Ms, null),
    ratio('CPU/edit vs y-websocket reference', rounds, 'y-websocket', (r) => r.cpuUsPerEdit, null),
  ] : []
  const targets = collectTargets(summaries, ratios, throughput)
  if (boundary) targets.push(...boundaryTargets(boundary))
  if (records) targets.push(...recordsTargets(records))
  if (app) targets.push(...appTargets(app))
  const finishedAt = new Date()

  const out: string[] = ['']
  if (summaries.length) {
    out.push(propagationTable(summaries, ratios,
      `Edit propagation: ${p.docs * p.clientsPerDoc} clients, ${p.docs} documents × ${p.clientsPerDoc}, ${p.editsPerSecondPerClient} edits/s each; ` +
      `${p.rounds} rounds of ${p.measureMs / 1000} s per server; medians of the rounds`), '')
    const busy = rounds.filter((r) => r.loadAverage > cpus().length * 1.5 || r.harnessLoopDelayP99Ms > 10)
    if (busy.length) {
      out.push(`The machine was busy in ${busy.length} of ${rounds.length} rounds (load average above ${cpus().length * 1.5} or the harness's ` +
        'own event-loop p99 above 10 ms): latency there is the machine\'s as much as the servers\'. Compare within rounds, or rerun.', '')
    }
    const ours = summaries.find((s) => s.server === 'tandem')!
    const behind = summaries.filter((s) => s.server !== 'tandem' && (ours.cpuUsPerEdit > s.cpuUsPerEdit || ours.p99Ms > s.p99Ms))
    if (behind.length && !settings.profile) out.push(`Tandem is above ${behind.map((s) => s.server).join(' and ')} on CPU or p99: run with --profile to see where its time goes.`, '')
  }
  if (memory.length) {
    out.push('Memory (after a forced GC; per connection: the delta of N idle sockets, 4 per document, over N)', memoryTable(memory))
    if (oursAtRest) out.push(`Tandem idle with PGlite, no connection yet: ${oursAtRest.firstStartRssMb.toFixed(0)} MB RSS on first start (creates the database), ` +
      `${oursAtRest.restartedRssMb.toFixed(0)} MB after a restart on the same data directory`)
    out.push('')
  }
  if (throughput.length || coldLoad) out.push('Storage (PGlite on disk, group commit through UpdateLog)', storageTable(throughput, coldLoad), '')
  for (const kind of SERVERS) {
    const profile = profiles[kind]
    if (profile) out.push(formatProfileSummary(`Profile of ${SERVER_LABEL[kind]} (last round)`, profile.summary, profile.cpuUsPerEdit), '')
  }
  if (boundary) out.push(boundaryTable(boundary), '')
  if (records) out.push(recordsTable(records), '')
  if (app) out.push(appTable(app), '')
  if (targets.length) out.push('Targets', targetsTable(targets), '')
  const file = join(RESULTS_DIR, `bench-${stamp}${settings.quick ? '-quick' : ''}.json`)
  out.push(`Run ${startedAt.toISOString()} → ${finishedAt.toISOString()} (${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s); JSON in ${file}`)
  process.stdout.write(out.join('\n') + '\n')

  writeFileSync(file, JSON.stringify({
    startedAt, finishedAt, settings: { ...settings, parts: [...settings.parts] }, machine: machine(), git: git(),
    propagation: { rounds, summaries, ratios }, memory: { servers: memory, oursAtRest }, storage: { throughput, coldLoad }, boundary, records, app, profiles, targets,
  }, null, 2))
  if (targets.some((t) => !t.pass)) process.exitCode = 1
}

function collectTargets(summaries: ServerSummary[], ratios: RatioSummary[], throughput: ThroughputResult[]): Target[] {
  const targets: Target[] = []
  for (const s of summaries) {
    targets.push({ name: `${s.server}: delivered / expected`, value: s.deliveredShare, limit: '= 1', pass: s.deliveredShare === 1 })
  }
  for (const r of ratios) {
    if (r.limit !== null) targets.push({ name: `Tandem ${r.name} (median of rounds)`, value: r.median, limit: `≤ ${r.limit}`, pass: r.median <= r.limit })
  }
  if (throughput.length) {
    const best = Math.max(...throughput.map((t) => t.updatesPerSecond))
    targets.push({ name: 'durable updates/s through the storage layer', value: best, limit: '≥ 20000', pass: best >= 20_000 })
    // The same run's rate counted until the database also had every row (written behind the journal).
    const stored = Math.max(...throughput.map((t) => t.storedPerSecond))
    targets.push({ name: 'updates/s with the database caught up', value: stored, limit: '≥ 20000', pass: stored >= 20_000 })
  }
  return targets
}

function machine() {
  return { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavg: loadavg() }
}

/** The commit measured. A run from an exported snapshot (no .git) names it in BENCH_COMMIT. */
function git(): { commit: string; dirty: string[] } {
  if (process.env.BENCH_COMMIT) return { commit: process.env.BENCH_COMMIT, dirty: [] }
  try {
    const run = (args: string[]) => execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    const commit = run(['rev-parse', 'HEAD']).trim()
    const dirty = run(['status', '--porcelain', '--', 'server', 'shared'])
      .split('\n').filter(Boolean)
    return { commit, dirty }
  } catch {
    return { commit: 'unknown', dirty: [] }
  }
}

await main()
