/**
 * One round of the edit-propagation benchmark against one server: 50 record documents with 4
 * clients each; every client sets its own field in the record's `fields` map 5 times a second,
 * the value carrying a sequence number and the send time. Every other client of the document
 * records the time from the edit to its observation. After a warm-up, a measured window; the
 * server's CPU time and event-loop delay are read from its probe at both ends of the window.
 *
 *   delivered/expected   observations of edits made in the window / (edits × other clients)
 *   p50, p99             edit → remote observation, over every observation
 *   CPU µs/edit          server CPU time (user + system) in the window / edits in the window
 */
import { loadavg } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { FIELDS_ROOT, writeFields } from '../shared/doc/record-doc'
import { uuidv7 } from '../shared/ids'
import { editFieldOf, editValue, isEditField, sentAtOf } from './clients/edit-fields'
import { closeClients, connectClients } from './clients/connect-clients'
import { REMOTE, type SyncClient } from './clients/sync-client'
import { BENCH_WORKSPACE, type ServerKind, type ServerProcess } from './servers/server-process'
import type { Settings } from './settings'
import { percentile } from './stats'
import { sleep, waitUntil } from './timing'

export interface RoundResult {
  server: ServerKind
  round: number
  clients: number
  edits: number
  expected: number
  delivered: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  cpuUsPerEdit: number
  /** The kernel's part of the CPU time (socket and file writes). */
  systemCpuShare: number
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  /** The server's main-thread garbage-collector pauses in the window: total ms, the longest, how many were major. */
  gcMs: number
  gcMaxMs: number
  gcMajor: number
  /** Ours only: the event-loop delay p99 our /metrics reports for the window (excess over 10 ms). */
  metricsLoopDelayP99Ms: number | null
  /** Ours only: mean time from receiving an update to its commit, from /metrics. */
  commitLatencyMeanMs: number | null
  /** The harness's own event-loop delay p99: if high, the clients, not the server, set the latency. */
  harnessLoopDelayP99Ms: number
  clientErrors: number
  /** Frames the clients received in the window, per edit (3 other clients: at least 3). */
  framesPerEdit: number
  /** The machine's 1-minute load average at the end of the window (2 cores: above 2 means contention). */
  loadAverage: number
}

type PropagationSettings = Settings['propagation']

/** A filled-in account, every field valid for its schema. */
const SEED_RECORD = {
  name: 'Northwind Traders', phone: '+44 20 7946 0958',
  email: 'hello@northwind.example', website: 'https://northwind.example', billingStreet: '12 Kingsway', billingPostalCode: 'WC2B 6AA',
  annualRevenue: 12_500_000, employees: 240, type: 'customer', currency: 'GBP',
}

export async function runPropagationRound(
  server: ServerProcess, round: number, settings: PropagationSettings, profilePath: string | null,
  heapProfilePath: string | null = null,
): Promise<RoundResult> {
  const docNames = Array.from({ length: settings.docs }, () => `${BENCH_WORKSPACE}/account/${uuidv7()}`)
  const clients = await connectClients(server, docNames, settings.clientsPerDoc)
  const latencies: number[] = []
  let windowStart = Number.POSITIVE_INFINITY
  let windowEnd = Number.POSITIVE_INFINITY
  let editsInWindow = 0
  const timers: Array<ReturnType<typeof setTimeout>> = []
  const harnessDelay = monitorEventLoopDelay({ resolution: 10 })
  try {
    for (const client of clients) observeEdits(client, (sentAt, seenAt) => {
      if (sentAt >= windowStart && sentAt < windowEnd) latencies.push(seenAt - sentAt)
    })
    // The first client of each document fills in the record, as a real one would be.
    for (let i = 0; i < clients.length; i += settings.clientsPerDoc) writeFields(clients[i]!.doc, SEED_RECORD)
    await sleep(500)

    const periodMs = 1000 / settings.editsPerSecondPerClient
    clients.forEach((client, index) => {
      const key = editFieldOf(index, settings.clientsPerDoc)
      let seq = 0
      const edit = () => {
        const sentAt = performance.now()
        if (sentAt >= windowStart && sentAt < windowEnd) editsInWindow++
        writeFields(client.doc, { [key]: editValue(++seq, sentAt) })
      }
      timers.push(setTimeout(() => timers.push(setInterval(edit, periodMs)), Math.random() * periodMs))
    })

    await sleep(settings.warmupMs)
    const ours = server.kind === 'tandem'
    const before = await server.sample()
    const metricsBefore = ours ? await server.metrics() : null
    if (profilePath) await server.profileStart()
    if (heapProfilePath) await server.heapProfileStart()
    harnessDelay.enable()
    const framesBefore = clients.reduce((n, c) => n + c.framesReceived, 0)
    windowStart = performance.now()
    await sleep(settings.measureMs)
    windowEnd = performance.now()
    const framesInWindow = clients.reduce((n, c) => n + c.framesReceived, 0) - framesBefore
    harnessDelay.disable()
    const after = await server.sample()
    const metricsAfter = ours ? await server.metrics() : null
    if (profilePath) await server.profileStop(profilePath)
    if (heapProfilePath) await server.heapProfileStop(heapProfilePath)
    for (const timer of timers) clearInterval(timer)

    const expected = editsInWindow * (settings.clientsPerDoc - 1)
    await waitUntil(() => latencies.length >= expected, settings.drainMs)
    const cpuUs = after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs
    return {
      server: server.kind,
      round,
      clients: clients.length,
      edits: editsInWindow,
      expected,
      delivered: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: percentile(latencies, 100),
      cpuUsPerEdit: cpuUs / editsInWindow,
      systemCpuShare: (after.cpuSystemUs - before.cpuSystemUs) / cpuUs,
      loopDelayP99Ms: after.loopDelayP99Ms,
      loopDelayMaxMs: after.loopDelayMaxMs,
      gcMs: after.gcMs,
      gcMaxMs: after.gcMaxMs,
      gcMajor: after.gcMajor,
      metricsLoopDelayP99Ms: metricsAfter ? Math.max(0, (metricsAfter.get('tandem_event_loop_delay_seconds{quantile="0.99"}') ?? 0) * 1000 - 10) : null,
      commitLatencyMeanMs: metricsBefore && metricsAfter ? commitLatencyMeanMs(metricsBefore, metricsAfter) : null,
      harnessLoopDelayP99Ms: Math.max(0, harnessDelay.percentile(99) / 1e6 - 10),
      clientErrors: clients.reduce((n, c) => n + c.errors, 0),
      framesPerEdit: framesInWindow / editsInWindow,
      loadAverage: loadavg()[0]!,
    }
  } finally {
    for (const timer of timers) clearInterval(timer)
    await closeClients(clients)
  }
}

/** Calls `seen(sentAt, seenAt)` for every remote edit the client observes. */
function observeEdits(client: SyncClient, seen: (sentAt: number, seenAt: number) => void): void {
  const fields = client.doc.getMap<unknown>(FIELDS_ROOT)
  fields.observe((event) => {
    if (event.transaction.origin !== REMOTE) return
    const seenAt = performance.now()
    for (const key of event.keysChanged) {
      if (!isEditField(key)) continue
      const value = fields.get(key)
      if (typeof value !== 'string') continue
      seen(sentAtOf(value), seenAt)
    }
  })
}

function commitLatencyMeanMs(before: Map<string, number>, after: Map<string, number>): number {
  const sum = (after.get('tandem_commit_latency_seconds_sum') ?? 0) - (before.get('tandem_commit_latency_seconds_sum') ?? 0)
  const count = (after.get('tandem_commit_latency_seconds_count') ?? 0) - (before.get('tandem_commit_latency_seconds_count') ?? 0)
  return count > 0 ? (sum / count) * 1000 : Number.NaN
}
