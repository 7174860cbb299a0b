/**
 * Test helper: MemoryClients connected to rooms of a Services, and settling everything between
 * them — delivery both ways, commits, rule checks and their repairs — until two rounds in a row
 * find nothing moving.
 */
import type { Services } from '../services'
import { MemoryClient } from './memory-connection'

export async function settle(services: Services, clients: MemoryClient[] = []): Promise<void> {
  let quiet = 0
  for (let round = 0; round < 100 && quiet < 2; round++) {
    for (const c of clients) c.flushToServer()
    await services.rooms.idle()
    await services.log.drain()
    await services.storage.store.stored() // commit listeners (rules) hear of commits once SQL sees them
    await services.rules?.idle()
    await new Promise((r) => setImmediate(r))
    for (const c of clients) c.flushToClient()
    const moving = clients.some((c) => c.toServer.length > 0 || c.toClient.length > 0) || (services.rules?.busy ?? false)
    quiet = moving ? 0 : quiet + 1
  }
}

/** A client connected to a record's room, synced with it, with `actor` as its user. */
export async function connectClient(services: Services, docName: string, clientId: number, actor: string): Promise<MemoryClient> {
  const room = services.rooms.open(docName)!
  await room.ready
  const client = new MemoryClient(docName, clientId, { actor })
  client.connect(room)
  await settle(services, [client])
  return client
}
