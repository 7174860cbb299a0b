/**
 * Resident memory of an idle server, and per idle connection: the server's RSS after a forced GC,
 * then N clients open (4 per record document), sync and sit idle; the RSS delta over N is the
 * memory one connection costs, including its share of the loaded document (a quarter of a room).
 */
import { uuidv7 } from '../shared/ids'
import { closeClients, connectClients } from './clients/connect-clients'
import type { ServerKind, ServerProcess } from './servers/server-process'
import type { Settings } from './settings'
import { sleep } from './timing'

export interface MemoryResult {
  server: ServerKind
  idleRssMb: number
  idleHeapMb: number
  connections: number
  rssPerConnectionKb: number
  heapPerConnectionKb: number
}

export async function measureIdleMemory(server: ServerProcess, settings: Settings['memory']): Promise<MemoryResult> {
  await sleep(settings.settleMs)
  const idle = await server.sample({ gc: true })
  const docs = Math.ceil(settings.idleConnections / settings.clientsPerDoc)
  const names = Array.from({ length: docs }, () => `demo/account/${uuidv7()}`)
  const clients = await connectClients(server.wsUrl, server.dialect, names, settings.clientsPerDoc)
  try {
    await sleep(settings.settleMs)
    const loaded = await server.sample({ gc: true })
    return {
      server: server.kind,
      idleRssMb: idle.rssBytes / 2 ** 20,
      idleHeapMb: idle.heapUsedBytes / 2 ** 20,
      connections: clients.length,
      rssPerConnectionKb: (loaded.rssBytes - idle.rssBytes) / 1024 / clients.length,
      heapPerConnectionKb: (loaded.heapUsedBytes - idle.heapUsedBytes) / 1024 / clients.length,
    }
  } finally {
    await closeClients(clients)
  }
}
