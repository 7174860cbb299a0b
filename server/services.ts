/**
 * Everything a running server holds, wired once: storage, the group-commit log, rooms, the live
 * hub and metrics. Tests build one of these around any storage; `main.ts` builds the real one.
 */
import { AccessControl } from './auth/access'
import { createAuthStore, type AuthStore } from './auth/auth-store'
import type { Logger } from './logger'
import type { DocumentStore } from './storage/document-store'
import { CLOSE } from '../shared/errors'
import { Metrics } from './metrics'
import type { Storage } from './storage/open-storage'
import type { Check } from './sync/checks'
import { LiveHub } from './sync/live-hub'
import { DEFAULT_ROOM_LIMITS, type RoomLimits } from './sync/room'
import { Rooms } from './sync/rooms'
import { ConnectionRegistry } from './sync/connection-registry'
import { UpdateLog } from './sync/update-log'
import type { CommitListener } from './sync/commit-notice'
import { recordSchemaCheck } from './records/record-check'
import { recorderFor } from './records/recorders'
import { RuleRunner, type RuleOptions } from './domain/rule-runner'

export interface Services {
  storage: Storage
  log: UpdateLog
  rooms: Rooms
  hub: LiveHub
  metrics: Metrics
  logger: Logger
  limits: RoomLimits
  auth: AuthStore
  access: AccessControl
  connections: ConnectionRegistry
  /** Origins besides the app's own that may open sockets and send state-changing requests. */
  allowedOrigins: string[]
  /** Open sync sockets one user may hold at once (documents open per connection). */
  maxSocketsPerUser: number
  /**
   * Listeners told after each commit turn of a document (domain rules, the catalog poke). They run
   * after the update is durable; what they write goes through the rooms like any edit.
   */
  readonly committed: Set<CommitListener>
  /** The business rules run after commits (DESIGN.md §7); null when turned off. */
  rules: RuleRunner | null
  /** The demo account, while it may sign in (loopback only). */
  demoUser: { email: string; password: string } | null
  close(): Promise<void>
}

export interface ServiceOptions {
  storage: Storage
  logger: Logger
  /** The checks of the incoming-bytes path; by default the record schema check. */
  checks?: Check[]
  /** Keep records' projection and field history (default true; storage-only benchmarks turn it off). */
  records?: boolean
  limits?: Partial<RoomLimits>
  unloadAfterMs?: number
  allowedOrigins?: string[]
  maxSocketsPerUser?: number
  /** The business rules after commits (server/domain/rule-runner.ts); false turns them off. */
  rules?: RuleOptions | false
}

/**
 * Listeners (rules, catalog pokes) read the projection and history: they hear of a commit once SQL
 * sees it, which the embedded store's journal puts a little after the commit. A failed write is
 * retried (the journal keeps the updates): then they wait for the retry. (A function of its own,
 * not named closures made per commit: tsx names each such closure as it is made, which showed in
 * profiles of a busy server.)
 */
function tellWhenStored(
  store: DocumentStore, listeners: ReadonlySet<CommitListener>, docName: string, fields: ReadonlySet<string>, logger: Logger,
): void {
  void store.stored().then(() => {
    for (const listener of listeners) {
      try {
        listener(docName, fields)
      } catch (error) {
        logger.error('a commit listener failed', { doc: docName, error: String(error) })
      }
    }
  }, () => tellWhenStored(store, listeners, docName, fields, logger))
}

export function createServices(options: ServiceOptions): Services {
  const metrics = new Metrics()
  const log = new UpdateLog(options.storage.store)
  log.stats.onCommitLatency = (seconds) => metrics.commitLatency.observe(seconds)
  const hub = new LiveHub()
  const committed = new Set<CommitListener>()
  const limits = { ...DEFAULT_ROOM_LIMITS, ...options.limits }
  const rooms = new Rooms({
    store: options.storage.store,
    log,
    checks: options.checks ?? [recordSchemaCheck],
    ...(options.records === false ? {} : { recorderFor }),
    metrics,
    logger: options.logger,
    limits,
    unloadAfterMs: options.unloadAfterMs ?? 5000,
    onCommitted: (docName, fields) => {
      hub.changedDocument(docName)
      if (committed.size === 0) return
      tellWhenStored(options.storage.store, committed, docName, fields, options.logger)
    },
  })
  metrics.gauge('tandem_connections', 'Open sync sockets.', () => rooms.connectionCount)
  metrics.gauge('tandem_live_channels', 'Open live-channel sockets.', () => hub.subscriberCount)
  metrics.gauge('tandem_documents_loaded', 'Documents loaded in memory.', () => rooms.size)
  metrics.gauge('tandem_commit_queue', 'Updates waiting for the next group commit.', () => log.waiting)
  const auth = createAuthStore(options.storage.db)
  const access = new AccessControl(auth, options.storage.store)
  const connections = new ConnectionRegistry()
  metrics.gauge('tandem_sockets', 'Open sockets (sync and live) of signed-in principals.', () => connections.size)
  // Access changes reach open sockets at once: lost access closes them, a viewer's turn read-only.
  access.onChange(async ({ userId, workspaceId }) => {
    await Promise.all(connections.forWorkspace(workspaceId, userId).map(async (socket) => {
      const level = socket.doc
        ? await access.docAccess(socket.principal, socket.doc.parsed, socket.doc.name)
        : (await access.role(socket.principal, workspaceId)) ? 'read' : 'none'
      if (level === 'none') socket.close(CLOSE.FORBIDDEN.code, CLOSE.FORBIDDEN.reason)
      else socket.setReadOnly(level === 'read')
    }).map((check) => check.catch((error: unknown) => options.logger.error('could not re-check a socket', { error: String(error) }))))
  })
  const rules = options.rules === false || options.records === false
    ? null
    : new RuleRunner({ db: options.storage.db, rooms, logger: options.logger, committed }, options.rules)
  let closed = false
  return {
    storage: options.storage, log, rooms, hub, metrics, logger: options.logger, limits,
    auth, access, connections, committed, rules,
    allowedOrigins: options.allowedOrigins ?? [],
    maxSocketsPerUser: options.maxSocketsPerUser ?? 200,
    demoUser: null,
    async close() {
      if (closed) return
      closed = true
      // Let what is committing finish (the rule checks first: their repairs commit), then close sockets and storage.
      await rules?.stop()
      await log.drain()
      await rooms.idle()
      rooms.closeAll()
      hub.close()
      metrics.stop()
      await options.storage.close()
    },
  }
}
