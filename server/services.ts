/**
 * Everything a running server holds, wired once: storage, the group-commit log, rooms, the live
 * hub and metrics. Tests build one of these around any storage; `main.ts` builds the real one.
 */
import type { Logger } from './logger'
import { Metrics } from './metrics'
import type { Storage } from './storage/open-storage'
import type { Check } from './sync/checks'
import { LiveHub } from './sync/live-hub'
import { DEFAULT_ROOM_LIMITS, type RoomLimits } from './sync/room'
import { Rooms } from './sync/rooms'
import { UpdateLog } from './sync/update-log'

export interface Services {
  storage: Storage
  log: UpdateLog
  rooms: Rooms
  hub: LiveHub
  metrics: Metrics
  logger: Logger
  limits: RoomLimits
  /** Workspaces known to exist (they are never deleted while the server runs). */
  knownWorkspaces: Set<string>
  close(): Promise<void>
}

export interface ServiceOptions {
  storage: Storage
  logger: Logger
  checks?: Check[]
  limits?: Partial<RoomLimits>
  unloadAfterMs?: number
}

export function createServices(options: ServiceOptions): Services {
  const metrics = new Metrics()
  const log = new UpdateLog(options.storage.store)
  log.stats.onCommitLatency = (seconds) => metrics.commitLatency.observe(seconds)
  const hub = new LiveHub()
  const limits = { ...DEFAULT_ROOM_LIMITS, ...options.limits }
  const rooms = new Rooms({
    store: options.storage.store,
    log,
    checks: options.checks ?? [],
    metrics,
    logger: options.logger,
    limits,
    unloadAfterMs: options.unloadAfterMs ?? 5000,
    onCommitted: (docName) => hub.changedDocument(docName),
  })
  metrics.gauge('tandem_connections', 'Open sync sockets.', () => rooms.connectionCount)
  metrics.gauge('tandem_live_channels', 'Open live-channel sockets.', () => hub.subscriberCount)
  metrics.gauge('tandem_documents_loaded', 'Documents loaded in memory.', () => rooms.size)
  metrics.gauge('tandem_commit_queue', 'Updates waiting for the next group commit.', () => log.waiting)
  let closed = false
  return {
    storage: options.storage, log, rooms, hub, metrics, logger: options.logger, limits,
    knownWorkspaces: new Set(),
    async close() {
      if (closed) return
      closed = true
      // Let what is committing finish, then close sockets and storage.
      await log.drain()
      await rooms.idle()
      rooms.closeAll()
      hub.close()
      metrics.stop()
      await options.storage.close()
    },
  }
}

export async function workspaceExists(services: Services, workspaceId: string): Promise<boolean> {
  if (services.knownWorkspaces.has(workspaceId)) return true
  const exists = await services.storage.store.workspaceExists(workspaceId)
  if (exists) services.knownWorkspaces.add(workspaceId)
  return exists
}
