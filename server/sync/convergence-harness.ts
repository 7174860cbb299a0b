/**
 * The convergence harness (issue 2, acceptance 2), run by convergence.test.ts on PGlite and by
 * convergence.cluster.test.ts on PostgreSQL: seeded random runs of several
 * clients making field and text edits of an account (schema-valid, as the room checks every update) through a room, with offline periods, frames held back,
 * reordered and duplicated in both directions, compaction, and server restarts in the middle of
 * some runs. At the end every client, and a fresh document loaded from storage, hold the same
 * content, state vector and delete set. A failure prints its seed; seeds that once failed are kept
 * below as named tests.
 */
import * as prng from 'lib0/prng'
import { comparableState } from '../../shared/doc/comparable-state'
import { deleteText, insertText, readText, writeFields } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import { createLogger } from '../logger'
import { createServices, type Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { MemoryClient } from '../testing/memory-connection'
import { clearDocuments } from '../testing/test-server'
import { loadStoredDoc } from '../testing/stored-doc'
import { foldUpdates } from './fold'

/** Account string fields the runs write: any short word is a valid value of each (the schema check is on). */
const FIELDS = ['name', 'accountNumber', 'industry', 'billingCity', 'shippingCity'] as const

export interface RunOptions {
  clients: number
  steps: number
}

function startServices(storage: Storage): Services {
  return createServices({ storage: { ...storage, close: async () => {} }, logger: createLogger((process.env.CONVERGENCE_LOG as 'error' | undefined) ?? 'silent'), unloadAfterMs: 0 })
}

export async function runSeed(storage: Storage, seed: number, options: RunOptions = { clients: 5, steps: 80 }): Promise<void> {
  await clearDocuments(storage)
  const gen = prng.create(seed)
  const name = `demo/account/${uuidv7()}`
  let services = startServices(storage)
  const clients = Array.from({ length: options.clients }, (_, i) => new MemoryClient(name, 1000 + i))
  const online = clients.map(() => true)
  const restartThisRun = prng.int32(gen, 0, 3) === 0
  try {
    const connect = (i: number) => {
      const room = services.rooms.open(name)!
      clients[i]!.connect(room)
    }
    clients.forEach((_, i) => connect(i))

    for (let step = 0; step < options.steps; step++) {
      const i = prng.int32(gen, 0, clients.length - 1)
      const client = clients[i]!
      const action = prng.int32(gen, 0, 99)
      if (action < 30) {
        writeFields(client.doc, { [FIELDS[prng.int32(gen, 0, FIELDS.length - 1)]!]: prng.word(gen, 1, 6) })
      } else if (action < 45) {
        const length = readText(client.doc, 'description').length
        insertText(client.doc, 'description', prng.int32(gen, 0, length), prng.word(gen, 1, 4))
      } else if (action < 52) {
        const length = readText(client.doc, 'description').length
        if (length > 0) {
          const at = prng.int32(gen, 0, length - 1)
          deleteText(client.doc, 'description', at, prng.int32(gen, 1, Math.min(3, length - at)))
        }
      } else if (action < 58) {
        // Go offline or come back.
        if (online[i]) {
          client.disconnect()
          online[i] = false
        } else {
          online[i] = true
          connect(i)
        }
      } else if (action < 75) {
        mangle(gen, client.toServer)
        const count = prng.int32(gen, 0, client.toServer.length)
        for (let k = 0; k < count && client.connected; k++) services.rooms.get(name)?.handleMessage(client.conn!, client.toServer.shift()!)
      } else if (action < 92) {
        mangle(gen, client.toClient)
        client.flushToClient()
      } else if (action < 95) {
        await services.rooms.idle()
      } else if (action < 97) {
        await services.log.drain()
        await storage.store.compactDocument(name, foldUpdates)
      } else if (restartThisRun && action < 99) {
        // A restart: rooms are dropped as in a crash (in-flight commits may or may not land),
        // and a new server loads from storage. Clients see their socket close and reconnect.
        services.rooms.closeAll()
        await services.log.drain()
        services = startServices(storage)
        clients.forEach((c, k) => {
          c.disconnect()
          if (online[k]) connect(k)
        })
      }
      // Reconnect clients whose socket the server closed.
      clients.forEach((c, k) => {
        if (online[k] && !c.connected) {
          c.disconnect()
          connect(k)
        }
      })
      if (prng.int32(gen, 0, 9) === 0) await new Promise((r) => setImmediate(r))
    }

    // Heal: everyone online, deliver everything until quiet.
    clients.forEach((c, k) => {
      if (!online[k] || !c.connected) {
        c.disconnect()
        online[k] = true
        connect(k)
      }
    })
    for (let round = 0; round < 200; round++) {
      for (const c of clients) c.flushToServer()
      await services.rooms.idle()
      await services.log.drain()
      await new Promise((r) => setImmediate(r))
      for (const c of clients) c.flushToClient()
      if (clients.every((c) => c.toServer.length === 0 && c.toClient.length === 0)) {
        await services.rooms.idle()
        await new Promise((r) => setImmediate(r))
        if (clients.every((c) => c.toServer.length === 0 && c.toClient.length === 0)) break
      }
    }

    const stored = await loadStoredDoc(storage.store, name)
    const expected = comparableState(stored, ['description'])
    if (expected.pending) throw new Error('storage holds updates that wait on a clock gap')
    for (const c of clients) {
      const actual = comparableState(c.doc, ['description'])
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        throw new Error(`client ${c.doc.clientID} differs from storage:\n  client:  ${JSON.stringify(actual)}\n  storage: ${JSON.stringify(expected)}`)
      }
    }
  } catch (error) {
    throw new Error(`convergence failed for seed ${seed} (replay: CONVERGENCE_FIRST_SEED=${seed} CONVERGENCE_SEEDS=1): ${(error as Error).message}`)
  } finally {
    for (const c of clients) c.destroy()
    services.rooms.closeAll()
    await services.log.drain()
  }
}

/** Holds back, reorders and duplicates frames in a queue, as a bad network would. */
function mangle(gen: prng.PRNG, queue: Uint8Array[]): void {
  if (queue.length > 1 && prng.bool(gen)) {
    const a = prng.int32(gen, 0, queue.length - 1)
    const b = prng.int32(gen, 0, queue.length - 1)
    ;[queue[a], queue[b]] = [queue[b]!, queue[a]!]
  }
  if (queue.length > 0 && prng.int32(gen, 0, 4) === 0) {
    queue.splice(prng.int32(gen, 0, queue.length), 0, queue[prng.int32(gen, 0, queue.length - 1)]!)
  }
}
