/**
 * Acceptance 4 (issue 2), DESIGN.md §5 "an update is committed before it is broadcast or
 * acknowledged": the real server process under a steady edit load from 4 writers on 3 record
 * documents (our `committed` message on), killed with SIGKILL at 20 seeded random moments and
 * restarted on the same data each time.
 *
 * After each restart, before the writers reconnect, a fresh probe client checks that every edit the
 * server had reported committed (covered by a `committed` snapshot a writer received before the
 * kill) is there. The writers keep editing while the server is down, then reconnect, and the round
 * ends once the server reports everything made until then committed, so the next kill's probe
 * checks that too. At the end, every edit any writer made is in storage and every replica agrees.
 *
 * Replay a run with TANDEM_SEED=<seed>.
 */
import * as prng from 'lib0/prng'
import { afterAll, describe, expect, test } from 'vitest'
import { isCommitted } from '../shared/doc/sync-state'
import { uuidv7 } from '../shared/ids'
import { demoCredentials, signIn, type Person } from './support/accounts'
import { converged } from './support/doc-state'
import { describeEdit, EditLoad, missingEdits, textRootOf, type Edit, type Writer } from './support/edit-load'
import { killServerProcesses, startServerProcess, wsUrlOf, type ServerProcess } from './support/server-process'
import { stockClient, tandemClient, type TandemClient } from './support/sync-client'
import { makeTempDir, removeTempDirs } from './support/temp-dir'
import { sleep, waitFor } from './support/wait'

const SEED = Number(process.env.TANDEM_SEED ?? Math.floor(Math.random() * 2 ** 31))
const KILLS = 20
const WRITERS = 4
const DOCUMENTS = ['account', 'contact', 'account'].map((type) => `demo/${type}/${uuidv7()}`)

const clients: TandemClient[] = []
process.setMaxListeners(32) // every WebsocketProvider listens for the process's exit

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await killServerProcesses()
  removeTempDirs()
})

/** Edits whose update the writer's latest `committed` snapshot covers. */
function reportedCommitted(edits: readonly Edit[]): Edit[] {
  return edits.filter((e) => e.client.committed !== null && isCommitted(e.footprint, e.client.committed))
}

/** A fresh stock client per document, synced with the server: the documents as the server holds them. */
async function probeMissing(baseUrl: string, as: Person, edits: readonly Edit[]): Promise<Edit[]> {
  const missing: Edit[] = []
  for (const docName of DOCUMENTS) {
    const probe = stockClient(baseUrl, as, docName)
    try {
      await probe.whenSynced()
      missing.push(...missingEdits(probe.doc, edits.filter((e) => e.docName === docName)))
    } finally {
      probe.destroy()
    }
  }
  return missing
}

function connectAll(baseUrl: string): void {
  for (const c of clients) {
    c.provider.serverUrl = `${baseUrl}/sync`
    c.provider.connect()
  }
}

describe('durability under SIGKILL', () => {
  test(`every edit the server reported committed survives ${KILLS} SIGKILLs at random moments under load, and every edit any client made is there once they reconnect`, async () => {
    console.log(`durability: seed ${SEED} (replay with TANDEM_SEED=${SEED})`)
    const gen = prng.create(SEED)
    const dataDir = makeTempDir('durability')
    let server: ServerProcess = startServerProcess({ dataDir })
    const firstUrl = await server.ready()
    let baseUrl = wsUrlOf(firstUrl)
    // Everyone signs in once, as the demo user: sessions are stored, so they outlive every restart.
    const { email, password } = await demoCredentials(server)
    const demo = await signIn(firstUrl, email, password)

    const writers: Writer[] = []
    for (let writer = 0; writer < WRITERS; writer++) {
      for (const docName of DOCUMENTS) {
        const client = tandemClient(baseUrl, demo, docName)
        clients.push(client)
        writers.push({ writer, docName, client })
      }
    }
    await Promise.all(clients.map((c) => c.whenSynced()))
    const load = new EditLoad(writers, gen)
    load.start()

    const rows: string[] = []
    let verified = 0
    try {
      for (let kill = 1; kill <= KILLS; kill++) {
        const delay = prng.int32(gen, 0, 2000)
        await sleep(delay)
        await server.kill('SIGKILL')
        // The writers stay offline (and keep editing) until the probe has looked.
        for (const c of clients) c.provider.disconnect()
        const madeBeforeKill = load.edits.length
        const reported = reportedCommitted(load.edits)

        server = startServerProcess({ dataDir })
        baseUrl = wsUrlOf(await server.ready())
        const missing = await probeMissing(baseUrl, demo, reported)
        expect(missing.map(describeEdit), `seed ${SEED}, kill ${kill}: edits reported committed before the kill are missing after the restart`).toEqual([])
        verified += reported.length

        const madeBeforeReconnect = load.edits.length
        connectAll(baseUrl)
        const pending = () => load.edits.slice(0, madeBeforeReconnect).filter((e) => e.client.committed === null || !isCommitted(e.footprint, e.client.committed))
        await waitFor(() => pending().length === 0, () => `seed ${SEED}, kill ${kill}: the server to report every edit made before the reconnect committed (${pending().length} not yet)\n${server.stderr}`, { timeoutMs: 60_000 })
        rows.push(`  kill ${String(kill).padStart(2)}  after ${String(delay).padStart(4)} ms  edits made ${String(madeBeforeKill).padStart(5)}  reported committed ${String(reported.length).padStart(5)}  made offline ${String(madeBeforeReconnect - madeBeforeKill).padStart(4)}`)
      }

      // The end: no more edits; everything any writer made is committed, stored and agreed on.
      load.stop()
      await waitFor(() => clients.every((c) => c.provider.synced && c.allCommitted()), `seed ${SEED}: every writer's edits to be committed`, { timeoutMs: 60_000 })
      await server.kill('SIGKILL')
      for (const c of clients) c.provider.disconnect()
      server = startServerProcess({ dataDir })
      baseUrl = wsUrlOf(await server.ready())
      expect((await probeMissing(baseUrl, demo, load.edits)).map(describeEdit), `seed ${SEED}: edits missing at the end`).toEqual([])
      for (const docName of DOCUMENTS) {
        const probe = stockClient(baseUrl, demo, docName)
        try {
          await probe.whenSynced()
          for (const { client } of writers.filter((w) => w.docName === docName)) {
            expect(converged(probe.doc, client.doc, [textRootOf(docName)]), `seed ${SEED}: a writer of ${docName} disagrees with the server`).toBe(true)
          }
        } finally {
          probe.destroy()
        }
      }
    } finally {
      load.stop()
      console.log([`durability (seed ${SEED}): ${KILLS} SIGKILLs, ${WRITERS} writers on ${DOCUMENTS.length} documents`, ...rows,
        `  edits made ${load.edits.length} (${load.edits.filter((e) => e.kind === 'field').length} fields, ${load.edits.filter((e) => e.kind === 'insert').length} inserts, ${load.edits.filter((e) => e.kind === 'delete').length} deletes); probe checks after kills: ${verified} (each probe rechecks every edit reported committed so far)`].join('\n'))
    }
  })
})
