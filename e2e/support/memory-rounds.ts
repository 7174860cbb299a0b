/**
 * The memory scenario of acceptance 8, run as its own process so the heap it measures is only the
 * server's and its clients' (run with `node --expose-gc --import tsx`): an in-process server
 * (real sockets, in-memory PGlite, documents unloaded as soon as their last connection closes),
 * a warm-up, then rounds of documents opened, edited and closed through stock `WebsocketProvider`
 * clients with Tandem's `committed` message, signed in as one member. After each round it waits
 * for every document to unload, forces GC and records heap used. Prints one line
 * `MEMORY_FIGURES <json>` on stdout.
 *
 * Arguments: documents per round, rounds, documents opened at once.
 */
import { insertText, writeFields } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import { startTestServer, type TestServer } from '../../server/testing/test-server'
import { createTestUser } from '../../server/testing/test-users'
import { tandemClient, type SignedIn } from './sync-client'
import { sleep, waitFor } from './wait'

export interface MemoryFigures {
  documentsPerRound: number
  baselineHeapUsed: number
  rounds: Array<{ heapUsed: number; documentsLoaded: number; connections: number; updatesCommitted: number }>
}

const [perRound = 1000, rounds = 3, concurrency = 25] = process.argv.slice(2).map(Number)
process.setMaxListeners(concurrency + 10) // each WebsocketProvider listens for process exit
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')

async function settledHeapUsed(): Promise<number> {
  for (let i = 0; i < 6; i++) {
    gc!()
    await sleep(20) // let finalizers and closed sockets' callbacks run between collections
  }
  return process.memoryUsage().heapUsed
}

async function openEditClose(server: TestServer, as: SignedIn, n: number): Promise<void> {
  const isAccount = n % 2 === 0
  const docName = `demo/${isAccount ? 'account' : 'contact'}/${uuidv7()}`
  const client = tandemClient(server.wsUrl, as, docName)
  try {
    await client.whenSynced()
    const phone = `+1 555 ${String(n).padStart(4, '0')}`
    // The same edit in each record type's own fields: a name, a phone, a choice, a long text.
    if (isAccount) writeFields(client.doc, { name: `Record ${n}`, phone, type: n % 3 === 0 ? 'customer' : 'prospect' })
    else writeFields(client.doc, { lastName: `Record ${n}`, businessPhone: phone, preferredContactMethod: n % 3 === 0 ? 'email' : 'phone' })
    insertText(client.doc, isAccount ? 'description' : 'notes', 0, `Notes about record ${n}. `.repeat(4))
    await waitFor(() => client.allCommitted(), `${docName} to be committed`)
  } finally {
    client.destroy()
  }
}

async function round(server: TestServer, as: SignedIn, documents: number): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < documents) await openEditClose(server, as, next++)
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  await waitFor(() => server.services.rooms.size === 0 && server.services.rooms.connectionCount === 0,
    () => `every document to unload (${server.services.rooms.size} loaded, ${server.services.rooms.connectionCount} connections)`)
}

const server = await startTestServer({ unloadAfterMs: 0 })
try {
  const member = await createTestUser(server.services, { name: 'Member' })
  await round(server, member, 100) // warm-up: code paths compiled, pools and caches at their working size
  const figures: MemoryFigures = { documentsPerRound: perRound, baselineHeapUsed: await settledHeapUsed(), rounds: [] }
  for (let r = 0; r < rounds; r++) {
    await round(server, member, perRound)
    const heapUsed = await settledHeapUsed()
    figures.rounds.push({
      heapUsed,
      documentsLoaded: server.services.rooms.size,
      connections: server.services.rooms.connectionCount,
      updatesCommitted: server.services.log.stats.committed,
    })
    process.stderr.write(`round ${r + 1}: heap used ${(heapUsed / 2 ** 20).toFixed(2)} MiB\n`)
  }
  process.stdout.write(`MEMORY_FIGURES ${JSON.stringify(figures)}\n`)
} finally {
  await server.close()
}
