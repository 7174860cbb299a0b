/**
 * A flooding client: on one socket at a time, as many valid updates as the socket takes, as fast
 * as it can write them (all from one new Yjs client per socket, so a reader's state vector shows how
 * many got through; each sets the account's industry, a field the schema allows), and again on a
 * new socket whenever the server closes it, until told to stop. Or, with `gaps`, updates that can
 * never apply (each from a new Yjs client whose first struct never comes), which the room keeps
 * waiting until their bounds run out.
 */
import * as Y from 'yjs'
import type { WebSocket } from 'ws'
import { writeFields } from '../../shared/doc/record-doc'
import { writeSyncUpdate } from '../../shared/protocol/messages'

export interface FloodConnection {
  /** The Yjs client id of this socket's updates: its clock in a reader's state vector counts those stored. */
  clientId: number
  sent: number
  openedAt: number
  closedAt: number | null
  close: { code: number; reason: string } | null
}

export interface FloodOptions {
  url: string
  SignedInWebSocket: typeof WebSocket
  /** Updates written per socket, at once. */
  perSocket: number
  kind: 'updates' | 'gaps'
  done: () => boolean
  /** Flood this many sockets at once. */
  sockets?: number
}

export async function flood(options: FloodOptions, connections: FloodConnection[] = []): Promise<FloodConnection[]> {
  const worker = async () => {
    while (!options.done()) {
      const connection: FloodConnection = { clientId: newClientId(), sent: 0, openedAt: 0, closedAt: null, close: null }
      connections.push(connection)
      await floodOneSocket(options, connection)
    }
  }
  await Promise.all(Array.from({ length: options.sockets ?? 1 }, worker))
  return connections
}

async function floodOneSocket(options: FloodOptions, connection: FloodConnection): Promise<void> {
  const ws = new options.SignedInWebSocket(options.url)
  ws.on('error', () => { /* the close says what happened */ })
  const closed = new Promise<void>((resolve) => ws.once('close', (code, reason) => {
    connection.closedAt = performance.now()
    connection.close = { code, reason: reason.toString() }
    resolve()
  }))
  const opened = await Promise.race([new Promise<boolean>((resolve) => ws.once('open', () => resolve(true))), closed.then(() => false)])
  if (!opened) return
  connection.openedAt = performance.now()
  const frames = options.kind === 'updates' ? fieldUpdates(connection.clientId, options.perSocket) : gapUpdates(options.perSocket)
  for (const frame of frames) {
    if (ws.readyState !== ws.OPEN) break
    ws.send(frame)
    connection.sent++
  }
  // Gap updates keep the socket until the room gives up on them; stop early when told to.
  while (!options.done() && connection.close === null) await Promise.race([closed, new Promise((r) => setTimeout(r, 50))])
  if (connection.close === null) ws.close(1000)
  await closed
}

/** A Yjs client id no other flooding socket of this process uses. */
const usedClientIds = new Set<number>()
function newClientId(): number {
  let id: number
  do id = 1 + Math.floor(Math.random() * (2 ** 31 - 2)); while (usedClientIds.has(id))
  usedClientIds.add(id)
  return id
}

/** Consecutive updates of one new Yjs client `clientId`, one struct (clock) each. */
function fieldUpdates(clientId: number, count: number): Uint8Array[] {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const frames: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => frames.push(writeSyncUpdate(update)))
  for (let i = 0; i < count; i++) writeFields(doc, { industry: `flood ${i}` })
  doc.destroy()
  return frames
}

/** Updates that each lack their client's first struct, so they wait for it forever. */
function gapUpdates(count: number): Uint8Array[] {
  const frames: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const doc = new Y.Doc()
    writeFields(doc, { industry: 'never 0' })
    const before = Y.encodeStateVector(doc)
    writeFields(doc, { industry: 'never 1' })
    frames.push(writeSyncUpdate(Y.encodeStateAsUpdate(doc, before)))
    doc.destroy()
  }
  return frames
}
