/**
 * Acceptance 7 (issue 3): floods against the real server (a child process on PGlite), while an
 * honest person edits through a stock provider and a colleague watches. No timing assertions: the
 * latency under flood is a benchmark figure (bench/flood-latency.ts); waits are generous and only
 * say that something never happened.
 *
 *   - One socket writes thousands of valid updates at once, and again on a new socket each time
 *     the server closes it: every flooding socket is closed by the rate limit (4429), the server
 *     stores no more of a socket's updates than its limit allows, and every honest edit on another
 *     record reaches the colleague.
 *   - Many sockets fill a record with updates that wait on gaps that never close: every honest edit
 *     on that same record still reaches the colleague (each accepted update used to retry every
 *     waiting one, stalling the server for seconds per edit).
 */
import * as prng from 'lib0/prng'
import { afterAll, beforeAll, expect, test } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../shared/errors'
import { uuidv7 } from '../shared/ids'
import { DEFAULT_ROOM_LIMITS } from '../server/sync/room'
import { demoCredentials, join, signIn, signUp, type Person } from './support/accounts'
import { flood, type FloodConnection } from './support/flooder'
import { HonestEditor, missingEdits, openProvider } from './support/honest-editor'
import { killServerProcesses, startServerProcess, wsUrlOf, type ServerProcess } from './support/server-process'
import { makeTempDir, removeTempDirs } from './support/temp-dir'
import { waitFor } from './support/wait'

const SEED = Number(process.env.FLOOD_SEED ?? Math.floor(Math.random() * 2 ** 31))
const HONEST_EDITS = 300

let server: ServerProcess
let baseUrl: string
let wsUrl: string
let demo: Person
let colleague: Person
let mallory: Person

beforeAll(async () => {
  server = startServerProcess({ dataDir: makeTempDir('flood'), logLevel: 'error' })
  baseUrl = await server.ready()
  wsUrl = wsUrlOf(baseUrl)
  const credentials = await demoCredentials(server)
  demo = await signIn(baseUrl, credentials.email, credentials.password)
  colleague = await signUp(baseUrl, `colleague-${SEED}@example.test`, 'Colleague')
  mallory = await signUp(baseUrl, `mallory-${SEED}@example.test`, 'Mallory')
  await join(baseUrl, demo, colleague, 'member')
  await join(baseUrl, demo, mallory, 'member')
})

afterAll(async () => {
  await killServerProcesses()
  removeTempDirs()
})

/** A flood: `ready` once it is under way, `finished` once it has stopped (after `stop()` says so). */
type Flood = (stop: () => boolean) => { ready: Promise<void>; finished: Promise<unknown> }

/**
 * Once the flood is under way, the honest person makes `HONEST_EDITS` edits on `docName` (one
 * each 20 ms, with their cursor: well under the rate limit), then waits until the server has
 * committed all of them and a colleague's copy shows every one.
 */
async function honestEditsArrive(docName: string, during: Flood): Promise<void> {
  const honest = new HonestEditor(wsUrl, docName, demo.WebSocket, prng.create(SEED))
  const watcher = openProvider(wsUrl, docName, colleague.WebSocket)
  try {
    await honest.whenSynced()
    await waitFor(() => watcher.synced, 'the colleague to sync')
    let made = 0
    const { ready, finished } = during(() => made >= HONEST_EDITS)
    await ready
    while (made < HONEST_EDITS) {
      honest.editOnce()
      made++
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await finished
    await waitFor(() => honest.allCommitted(), () => `every honest edit committed (${honest.describeWaiting()})`, { timeoutMs: 60_000 })
    await waitFor(() => missingEdits(watcher.doc, honest.edits).length === 0,
      () => `the colleague to see every honest edit (${missingEdits(watcher.doc, honest.edits).length} of ${honest.edits.length} missing)`, { timeoutMs: 60_000 })
    expect(honest.closes).toEqual([])
  } finally {
    honest.destroy()
    watcher.destroy()
    watcher.doc.destroy()
  }
}

/** How many updates of each flooding socket a fresh reader finds in the flooded record (its client's clock). */
async function storedPerConnection(docName: string, connections: FloodConnection[]): Promise<number[]> {
  const reader = openProvider(wsUrl, docName, colleague.WebSocket, new Y.Doc())
  try {
    await waitFor(() => reader.synced, 'a reader to sync the flooded record')
    const clocks = Y.decodeStateVector(Y.encodeStateVector(reader.doc))
    return connections.map((c) => clocks.get(c.clientId) ?? 0)
  } finally {
    reader.destroy()
    reader.doc.destroy()
  }
}

test('a flood of updates on one socket is closed by its rate limit, and every update of an honest client on another record is delivered', async () => {
  console.log(`flood seed ${SEED} (replay with FLOOD_SEED=${SEED})`)
  const floodedDoc = `demo/account/${uuidv7()}`
  const connections: FloodConnection[] = []
  const perSocket = 3000
  await honestEditsArrive(`demo/account/${uuidv7()}`, (stop) => ({
    ready: waitFor(() => connections.some((c) => c.sent > 0), 'the flood to start'),
    finished: flood({ url: `${wsUrl}/sync/${floodedDoc}`, SignedInWebSocket: mallory.WebSocket, perSocket, kind: 'updates', done: stop }, connections),
  }))

  expect(connections.length).toBeGreaterThan(0)
  const finished = connections.filter((c) => c.openedAt > 0 && c.sent === perSocket && c.closedAt !== null)
  expect(finished.length).toBeGreaterThan(0)
  for (const c of finished) expect(c.close).toEqual(CLOSE.RATE_LIMITED)
  const stored = await storedPerConnection(floodedDoc, connections)
  const { messageBurst, messagesPerSecond } = DEFAULT_ROOM_LIMITS
  connections.forEach((c, i) => {
    if (c.closedAt === null || c.openedAt === 0) return
    // Sync step 1 is not sent, so every message the bucket let through is one of these updates.
    const allowed = messageBurst + Math.ceil((messagesPerSecond * (c.closedAt - c.openedAt)) / 1000) + 1
    expect(stored[i], `updates stored from flooding socket ${i} (${c.sent} sent)`).toBeLessThanOrEqual(allowed)
  })
  console.log(`flood: ${connections.length} sockets, ${connections.reduce((n, c) => n + c.sent, 0)} updates sent, ` +
    `${stored.reduce((a, b) => a + b, 0)} stored, closes ${JSON.stringify(connections.map((c) => c.close?.code))}`)
  expect(server.hasExited).toBe(false)
})

test('updates waiting on gaps that never close, from many sockets, do not stall an honest editor of the same record', async () => {
  const docName = `demo/account/${uuidv7()}`
  const connections: FloodConnection[] = []
  // 20 sockets × 450 updates (under the burst) wait on the honest person's record throughout;
  // when the room gives up on a socket's updates (4408 after 10 s) it fills up again.
  await honestEditsArrive(docName, (stop) => ({
    ready: waitFor(() => connections.filter((c) => c.sent === 450).length >= 20, 'the gap flood to be sent'),
    finished: flood({ url: `${wsUrl}/sync/${docName}`, SignedInWebSocket: mallory.WebSocket, perSocket: 450, kind: 'gaps', sockets: 20, done: stop }, connections),
  }))
  expect(connections.filter((c) => c.close !== null && c.close.code !== 1000 && c.close.code !== CLOSE.CLOCK_GAP.code)).toEqual([])
  expect(server.hasExited).toBe(false)
})
