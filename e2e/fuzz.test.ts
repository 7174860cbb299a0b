/**
 * Acceptance 6 (issue 3): fuzzing the sync boundary of the real server (a child process on PGlite).
 *
 * A real WebsocketProvider session is captured first (sync steps, an account's field and text
 * edits, presence). Then hostile sockets of four signed-in people (three members, one viewer) send
 * seeded mutations of those frames, random frames and fresh edits, one at a time, to the fuzzed
 * record, a few others and new ones, reconnecting whenever the server closes them. Meanwhile an
 * honest person edits the fuzzed record through a stock provider. At the end: the server never
 * crashed or stopped answering, the honest person's socket was never closed and every edit they
 * made is in a fresh reader's copy. Figures (frames, closes by code, loop delay, RSS) are printed.
 *
 *   FUZZ_SEED=<n>     replay a run (each socket's frames follow from the seed; how they
 *                     interleave depends on timing)
 *   FUZZ_FRAMES=<n>   frames the server must handle (default 100,000)
 *   FUZZ_SOCKETS=<n>  hostile sockets at once (default 8: more only queue up in the server)
 */
import * as prng from 'lib0/prng'
import { afterAll, beforeAll, expect, onTestFinished, test } from 'vitest'
import * as Y from 'yjs'
import { DEFAULT_ROOM_LIMITS } from '../server/sync/room'
import { demoCredentials, join, signIn, signUp, type Person } from './support/accounts'
import { captureSession, describeTraffic } from './support/frame-capture'
import { FrameMutator } from './support/frame-mutator'
import { emptyTally, runHostileClient, type FuzzTally } from './support/hostile-client'
import { HonestEditor, missingEdits, openProvider } from './support/honest-editor'
import { killServerProcesses, startServerProcess, wsUrlOf, type ServerProcess } from './support/server-process'
import { residentMb, ServerVitals } from './support/server-vitals'
import { makeTempDir, removeTempDirs } from './support/temp-dir'
import { waitFor } from './support/wait'

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 100_000)
const SOCKETS = Number(process.env.FUZZ_SOCKETS ?? 8)
/** The run fails rather than go on past this (a few minutes on two cores). */
const RUN_BUDGET_MS = 480_000
/** A pong, close or upgrade answer slower than this is a hang. */
const ANSWER_TIMEOUT_MS = 30_000
const HONEST_EDIT_INTERVAL_MS = 200
/** The honest editor goes on editing after the fuzz until it has made more than this many edits. */
const MIN_HONEST_EDITS = 100

let server: ServerProcess
let baseUrl: string
let wsUrl: string
let demo: Person
let hostile: Array<{ person: Person; role: 'member' | 'viewer' }>

beforeAll(async () => {
  server = startServerProcess({ dataDir: makeTempDir('fuzz'), logLevel: 'error', env: { UNLOAD_AFTER_MS: '200' } })
  baseUrl = await server.ready()
  wsUrl = wsUrlOf(baseUrl)
  const credentials = await demoCredentials(server)
  demo = await signIn(baseUrl, credentials.email, credentials.password)
  hostile = []
  for (const [i, role] of (['member', 'member', 'member', 'viewer'] as const).entries()) {
    const person = await signUp(baseUrl, `fuzzer-${i}-${SEED}@example.test`, `Fuzzer ${i}`)
    await join(baseUrl, demo, person, role)
    hostile.push({ person, role })
  }
})

afterAll(async () => {
  await killServerProcesses()
  removeTempDirs()
})

test('the server handles 100,000 hostile frames without crashing or hanging, and an honest editor on the fuzzed record loses nothing', async () => {
  console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${FRAMES} frames over ${SOCKETS} sockets`)
  const gen = prng.create(SEED)
  const fuzzedDoc = `demo/account/${seededId(gen)}`
  const otherDocs = [`demo/account/${seededId(gen)}`, `demo/contact/${seededId(gen)}`, `demo/case/${seededId(gen)}`]

  const traffic = await captureSession(wsUrl, fuzzedDoc, hostile[0]!.person.WebSocket)
  const corpus = [...traffic.sent, ...traffic.received]
  console.log(`captured ${traffic.sent.length} frames sent ${JSON.stringify(describeTraffic(traffic.sent))} and ${traffic.received.length} received ${JSON.stringify(describeTraffic(traffic.received))}`)

  const honest = new HonestEditor(wsUrl, fuzzedDoc, demo.WebSocket, prng.create(SEED + 1))
  const vitals = new ServerVitals(baseUrl, server.pid)
  const tally = emptyTally()
  let started = performance.now()
  let fuzzEnded: number | undefined
  try {
    await honest.whenSynced()
    honest.start(HONEST_EDIT_INTERVAL_MS)
    await vitals.start()
    started = performance.now()
    const progress = setInterval(() => console.log(`  ${tally.handled} frames in ${((performance.now() - started) / 1000).toFixed(0)} s, ` +
      `${tally.connections} connections, server RSS ${residentMb(server.pid).toFixed(0)} MB`), 30_000)
    onTestFinished(() => clearInterval(progress))
    const done = () => tally.handled >= FRAMES || performance.now() - started > RUN_BUDGET_MS || server.hasExited
    await Promise.all(Array.from({ length: SOCKETS }, (_, i) => {
      const socketGen = prng.create(SEED * 1000 + i + 2)
      const { person } = hostile[i % hostile.length]!
      return runHostileClient({
        url: (docName) => `${wsUrl}/sync/${docName}`,
        // Half the connections on the record the honest person edits; the rest on others, some new.
        pickDoc: () => {
          const roll = prng.real53(socketGen)
          if (roll < 0.5) return fuzzedDoc
          if (roll < 0.8) return prng.oneOf(socketGen, otherDocs)
          return `demo/${prng.oneOf(socketGen, ['account', 'contact'])}/${seededId(socketGen)}`
        },
        SignedInWebSocket: person.WebSocket,
        mutator: new FrameMutator(socketGen, corpus, { maxFrameBytes: DEFAULT_ROOM_LIMITS.maxFrameBytes }),
        tally,
        done,
        answerTimeoutMs: ANSWER_TIMEOUT_MS,
      })
    }))
    fuzzEnded = performance.now()
    // However fast the server got through the fuzz, the honest person makes enough edits for the
    // checks below to mean something (the fuzz alone once took 17 s: 92 edits).
    await waitFor(() => honest.edits.length > MIN_HONEST_EDITS, () => `the honest editor to make ${MIN_HONEST_EDITS} edits (${honest.edits.length} so far, seed ${SEED})`, { timeoutMs: 60_000, intervalMs: 50 })
  } finally {
    honest.stop()
  }
  const fuzzMs = (fuzzEnded ?? performance.now()) - started
  const figures = await vitals.stop()
  console.log(summary(tally, fuzzMs, figures, honest.edits.length))

  expect(server.hasExited, `the server exited during the fuzz (seed ${SEED}): ${server.stderr}`).toBe(false)
  expect(tally.handled, `frames handled within ${RUN_BUDGET_MS / 1000} s (seed ${SEED})`).toBeGreaterThanOrEqual(FRAMES)
  expect(figures.healthFailures, `/healthz or /metrics failed (seed ${SEED})`).toEqual([])

  // The honest person: never closed, everything committed, and all of it in a fresh reader's copy.
  expect(honest.closes, `the honest editor's socket was closed (seed ${SEED})`).toEqual([])
  await waitFor(() => honest.allCommitted(), () => `the server to report every honest edit committed (${honest.describeWaiting()})`, { timeoutMs: 60_000 })
  const reader = openProvider(wsUrl, fuzzedDoc, demo.WebSocket, new Y.Doc())
  try {
    await waitFor(() => reader.synced, 'a fresh reader to sync the fuzzed record')
    expect(missingEdits(reader.doc, honest.edits), `honest edits missing after the fuzz (seed ${SEED})`).toEqual([])
    console.log(`the fuzzed record at the end: ${Y.decodeStateVector(Y.encodeStateVector(reader.doc)).size} Yjs client ids, ${Y.encodeStateAsUpdate(reader.doc).length} bytes`)
    expect(missingEdits(honest.doc, honest.edits)).toEqual([])
  } finally {
    reader.destroy()
    reader.doc.destroy()
    honest.destroy()
  }
  expect(honest.edits.length).toBeGreaterThan(MIN_HONEST_EDITS)
  expect(figures.rssPeakMb - figures.rssStartMb, `resident memory growth in MB (seed ${SEED})`).toBeLessThanOrEqual(200)
  // Timing is a figure, not an assertion (a shared machine), but a stall of seconds is a hang.
  expect(figures.maxLoopDelayMs, `the server's event loop stalled (seed ${SEED})`).toBeLessThan(5000)
  expect(server.stderr.split('\n').filter((line) => line.includes('"level":"error"')), 'errors the server logged').toEqual([])
}, RUN_BUDGET_MS + 240_000)

/** A record id from the seed (any 32 hex digits in UUID shape pass the document-name check). */
function seededId(gen: prng.PRNG): string {
  const hex = Array.from(prng.uint8Array(gen, 16), (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function summary(tally: FuzzTally, ms: number, vitals: Awaited<ReturnType<ServerVitals['stop']>>, honestEdits: number): string {
  const sorted = (map: Map<string, number>) => Object.fromEntries([...map].sort((a, b) => b[1] - a[1]))
  const figures = {
    seed: SEED,
    framesHandled: tally.handled,
    seconds: Math.round(ms / 100) / 10,
    framesPerSecond: Math.round(tally.handled / (ms / 1000)),
    serverCpuSeconds: Math.round(vitals.cpuSeconds * 10) / 10,
    testCpuSeconds: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e5) / 10,
    connections: tally.connections,
    closesByCode: sorted(tally.closes),
    refusedUpgrades: sorted(tally.refusedUpgrades),
    slowestAnswerMs: Math.round(tally.slowestAnswerMs),
    maxLoopDelayMs: Math.round(vitals.maxLoopDelayMs),
    slowestHealthMs: Math.round(vitals.slowestHealthMs),
    healthChecks: vitals.healthChecks,
    rssStartMb: Math.round(vitals.rssStartMb),
    rssPeakMb: Math.round(vitals.rssPeakMb),
    rssEndMb: Math.round(vitals.rssEndMb),
    rssGrowthMb: Math.round(vitals.rssPeakMb - vitals.rssStartMb),
    honestEdits,
  }
  const mutations = [...tally.byMutation].sort((a, b) => b[1].handled - a[1].handled)
    .map(([name, m]) => `  ${name.padEnd(24)} ${String(m.handled).padStart(7)} handled, ${(100 * m.closed / m.handled).toFixed(0).padStart(3)}% closed their socket`)
  return [`FUZZ_FIGURES ${JSON.stringify(figures)}`, 'by mutation:', ...mutations].join('\n')
}
