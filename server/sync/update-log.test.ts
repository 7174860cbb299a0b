import { expect, test } from 'vitest'
import type { DocumentStore, StoredUpdate } from '../storage/document-store'
import { UpdateLog } from './update-log'

function recordingStore(fail = false) {
  const batches: StoredUpdate[][] = []
  const store = {
    appendUpdates: async (rows: StoredUpdate[]) => {
      await new Promise((r) => setTimeout(r, 5))
      if (fail) throw new Error('disk full')
      batches.push(rows)
    },
  } as unknown as DocumentStore
  return { store, batches }
}

const row = (i: number): StoredUpdate => ({ doc: 'demo/account/x', update: Uint8Array.of(i), actor: 'server', clientId: null })

test('updates that arrive while a batch commits go together in the next one, in order', async () => {
  const { store, batches } = recordingStore()
  const log = new UpdateLog(store)
  const first = log.append(row(0))
  await new Promise((r) => setImmediate(r))
  const rest = [1, 2, 3].map((i) => log.append(row(i)))
  await Promise.all([first, ...rest])
  expect(batches.map((b) => b.map((r) => r.update[0]))).toEqual([[0], [1, 2, 3]])
  expect(log.stats).toMatchObject({ committed: 4, batches: 2 })
})

test('an append resolves only after its batch is stored, and a failed batch rejects all of it', async () => {
  const { store } = recordingStore(true)
  const log = new UpdateLog(store)
  const results = await Promise.allSettled([log.append(row(1)), log.append(row(2))])
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
  expect(log.stats.committed).toBe(0)
})

function journalLikeStore() {
  const batches: StoredUpdate[][] = []
  const store = { gatherMs: 0, appendUpdates: async (rows: StoredUpdate[]) => { batches.push(rows) } } as unknown as DocumentStore
  return { store, batches: () => batches.map((b) => b.map((r) => r.update[0])) }
}

function spin(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) { /* the work of reading and checking other sockets' frames */ }
}

test('with a store that gathers nothing, the updates of a short turn commit together after it', async () => {
  const { store, batches } = journalLikeStore()
  const log = new UpdateLog(store, { maxTurnWaitMs: 1000 })
  let turned = false
  setImmediate(() => { turned = true })
  await Promise.all([1, 2].map((i) => log.append(row(i))))
  expect(turned).toBe(true)
  expect(batches()).toEqual([[1, 2]])
})

test('with a store that gathers nothing, a long turn commits what waits once the oldest has waited maxTurnWaitMs, before the turn ends', async () => {
  const { store, batches } = journalLikeStore()
  const log = new UpdateLog(store, { maxTurnWaitMs: 1 })
  let turned = false
  setImmediate(() => { turned = true })
  const first = log.append(row(1))
  spin(2)
  const second = log.append(row(2))
  await Promise.all([first, second])
  expect(turned).toBe(false)
  await log.append(row(3)) // after the early commit: the turn's own
  expect(batches()).toEqual([[1, 2], [3]])
})
